import { TeamOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Typography } from 'antd';
import { Link } from 'react-router';

import { ownerPath } from '@/lib/routes';
import type { OwnerRef } from '@/types/entities';

import { LinkList } from './LinkList';

/** Owners, each a link to their person or group page, with the kind of ownership. */
export function OwnerLinks({ owners }: { owners: OwnerRef[] }) {
  if (!owners.length) {
    return <Typography.Text type="secondary">No owners</Typography.Text>;
  }
  return (
    <LinkList
      label="Owners"
      items={owners.map((owner) => ({
        key: `${owner.urn}:${owner.type}`,
        icon: (
          <Avatar
            size="small"
            icon={owner.kind === 'group' ? <TeamOutlined /> : <UserOutlined />}
          />
        ),
        title: <Link to={ownerPath(owner)}>{owner.display_name || owner.name}</Link>,
        description: owner.type_label,
      }))}
    />
  );
}
