import {
  ClusterOutlined,
  ConsoleSqlOutlined,
  DatabaseOutlined,
  FolderOutlined,
  ThunderboltOutlined,
} from '@ant-design/icons';
import { Tag } from 'antd';

const ICONS: Record<string, React.ReactNode> = {
  hdfs: <FolderOutlined />,
  hive: <ClusterOutlined />,
  kafka: <ThunderboltOutlined />,
  mysql: <DatabaseOutlined />,
  postgres: <DatabaseOutlined />,
};

export function PlatformBadge({ name, label }: { name: string; label?: string }) {
  return (
    <Tag icon={ICONS[name] ?? <ConsoleSqlOutlined />} className="platform-badge">
      {label ?? name}
    </Tag>
  );
}
