import {
  AppstoreOutlined,
  BarChartOutlined,
  BookOutlined,
  ContainerOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  DeploymentUnitOutlined,
  FolderOutlined,
  NodeIndexOutlined,
  TagOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

const ICONS: Record<string, ReactNode> = {
  dataset: <DatabaseOutlined />,
  tag: <TagOutlined />,
  glossaryTerm: <BookOutlined />,
  glossaryNode: <FolderOutlined />,
  corpuser: <UserOutlined />,
  corpGroup: <TeamOutlined />,
  domain: <AppstoreOutlined />,
  container: <ContainerOutlined />,
  dataFlow: <DeploymentUnitOutlined />,
  dataJob: <NodeIndexOutlined />,
  dashboard: <DashboardOutlined />,
  chart: <BarChartOutlined />,
};

/** One icon per entity type, the same in headers, search results and links. */
export function EntityTypeIcon({ type }: { type: string }) {
  return <span className="entity-type-icon">{ICONS[type] ?? <AppstoreOutlined />}</span>;
}
