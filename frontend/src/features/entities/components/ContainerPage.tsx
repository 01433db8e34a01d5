import { Descriptions, Skeleton, Table, Typography } from 'antd';
import { Link, useParams } from 'react-router';

import { ErrorState } from '@/components/ErrorState';
import { PlatformBadge } from '@/components/PlatformBadge';
import { present } from '@/lib/present';
import { containerPath } from '@/lib/routes';
import type { ContainerSummary } from '@/types/entities';

import { useGetContainerQuery } from '../api/get-container';
import { CustomProperties } from './CustomProperties';
import { DatasetsTable } from './DatasetsTable';
import { EntityHeader } from './EntityHeader';
import { EntityHistory } from './EntityHistory';
import { EntityLayout } from './EntityLayout';
import { EntityTabs } from './EntityTabs';
import { OwnerLinks } from './OwnerLinks';
import { SideCard } from './SideCard';

/** `/container/:urn`: a database, schema, folder or bucket, what is in it, and where it sits. */
export default function ContainerPage() {
  const { urn = '' } = useParams();
  const { currentData: container, error, refetch } = useGetContainerQuery(urn);
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!container) return <Skeleton active paragraph={{ rows: 10 }} />;
  const crumbs = [...container.path.filter(present), container].map((step, index, all) => ({
    key: step.urn,
    title:
      index === all.length - 1 ? step.name : <Link to={containerPath(step.urn)}>{step.name}</Link>,
  }));
  const tabs = [
    {
      key: 'datasets',
      label: `Datasets (${container.dataset_count.toLocaleString()})`,
      children: (
        <DatasetsTable
          filter={{ container: container.urn }}
          caption="in it or in the containers below it"
          empty="No datasets in this container."
        />
      ),
    },
    { key: 'history', label: 'History', children: <EntityHistory urn={container.urn} /> },
  ];
  if (container.children.length) {
    tabs.unshift({
      key: 'containers',
      label: `Containers (${container.children.length})`,
      children: <ChildContainers containers={container.children} />,
    });
  }
  return (
    <EntityLayout
      header={
        <EntityHeader
          type="container"
          typeLabel={container.sub_type}
          name={container.name}
          urn={container.urn}
          breadcrumb={crumbs.length > 1 ? crumbs : undefined}
          description={container.description}
          badges={container.platform ? <PlatformBadge name={container.platform} /> : undefined}
        />
      }
      main={<EntityTabs items={tabs} />}
      side={
        <>
          <SideCard title="About">
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'type', label: 'Type', children: container.sub_type || '—' },
                { key: 'platform', label: 'Platform', children: container.platform ?? '—' },
                {
                  key: 'qualified',
                  label: 'Qualified name',
                  children: container.qualified_name || '—',
                },
              ]}
            />
          </SideCard>
          <SideCard title="Owners">
            <OwnerLinks owners={container.owners} />
          </SideCard>
          <SideCard title="Properties">
            <CustomProperties properties={container.custom_properties} />
          </SideCard>
        </>
      }
    />
  );
}

function ChildContainers({ containers }: { containers: ContainerSummary[] }) {
  return (
    <Table<ContainerSummary>
      className="child-containers"
      rowKey="urn"
      size="small"
      dataSource={containers}
      pagination={containers.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      columns={[
        {
          title: 'Container',
          dataIndex: 'name',
          render: (name: string, row) => <Link to={containerPath(row.urn)}>{name}</Link>,
        },
        { title: 'Type', dataIndex: 'sub_type', width: 120 },
        {
          title: 'Description',
          dataIndex: 'description',
          render: (text: string) => (
            <Typography.Paragraph ellipsis={{ rows: 2 }} className="cell-paragraph">
              {text}
            </Typography.Paragraph>
          ),
        },
        { title: 'Datasets', dataIndex: 'dataset_count', width: 100, align: 'right' },
        { title: 'Containers', dataIndex: 'child_count', width: 110, align: 'right' },
      ]}
    />
  );
}
