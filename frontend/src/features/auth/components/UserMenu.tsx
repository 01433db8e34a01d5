import { DownOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, Space, Tag, Typography } from 'antd';
import { useDispatch } from 'react-redux';
import { useNavigate } from 'react-router';

import { logOut } from '../auth-slice';
import { useCurrentUser } from '../hooks';
import type { AuthDispatch } from '../types';

export function UserMenu() {
  const user = useCurrentUser();
  const dispatch = useDispatch<AuthDispatch>();
  const navigate = useNavigate();
  if (!user) return null;

  const onLogout = async () => {
    await dispatch(logOut());
    void navigate('/login', { replace: true });
  };

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'who',
            disabled: true,
            label: (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{user.display_name || user.username}</Typography.Text>
                <Typography.Text type="secondary">{user.email}</Typography.Text>
                <Tag>{user.role}</Tag>
              </Space>
            ),
          },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: 'Log out', onClick: onLogout },
        ],
      }}
    >
      <Button type="text" className="user-menu" aria-label="User menu">
        <Avatar size="small" icon={<UserOutlined />} />
        <span className="user-menu-name">{user.username}</span>
        <DownOutlined />
      </Button>
    </Dropdown>
  );
}
