import { Skeleton, Table } from 'antd';
import { Link, useParams } from 'react-router';

import { ErrorState } from '@/components/ErrorState';
import { ExternalLink } from '@/components/ExternalLink';
import { PlatformBadge } from '@/components/PlatformBadge';
import { externalUrl } from '@/lib/external-url';
import { chartPath } from '@/lib/routes';
import type { DashboardDetail } from '@/types/entities';

import { useGetDashboardQuery } from '../api/get-dashboard';
import { CustomProperties } from './CustomProperties';
import { DatasetRefLinks } from './DatasetRefLinks';
import { EntityHeader } from './EntityHeader';
import { EntityHistory } from './EntityHistory';
import { EntityLayout } from './EntityLayout';
import { EntityTabs } from './EntityTabs';
import { OwnerLinks } from './OwnerLinks';
import { SideCard } from './SideCard';

type Chart = DashboardDetail['charts'][number];

/** `/dashboard/:urn`: a dashboard, its charts and the datasets behind them. */
export default function DashboardPage() {
  const { urn = '' } = useParams();
  const { currentData: dashboard, error, refetch } = useGetDashboardQuery(urn);
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!dashboard) return <Skeleton active paragraph={{ rows: 10 }} />;
  return (
    <EntityLayout
      header={
        <EntityHeader
          type="dashboard"
          name={dashboard.name}
          urn={dashboard.urn}
          description={dashboard.description}
          badges={dashboard.platform ? <PlatformBadge name={dashboard.platform} /> : undefined}
          actions={
            <ExternalLink
              url={dashboard.url}
              label={`Open in ${dashboard.platform ?? 'its tool'}`}
            />
          }
        />
      }
      main={
        <EntityTabs
          items={[
            {
              key: 'charts',
              label: `Charts (${dashboard.charts.length})`,
              children: (
                <Table<Chart>
                  className="dashboard-charts"
                  rowKey="urn"
                  size="small"
                  dataSource={dashboard.charts}
                  pagination={false}
                  locale={{ emptyText: 'No charts reported.' }}
                  columns={[
                    {
                      title: 'Chart',
                      dataIndex: 'name',
                      render: (name: string, row) => <Link to={chartPath(row.urn)}>{name}</Link>,
                    },
                    { title: 'Type', dataIndex: 'type', width: 140 },
                    {
                      title: '',
                      width: 90,
                      render: (_: unknown, row) => {
                        const href = externalUrl(row.url);
                        return href ? (
                          <a href={href} target="_blank" rel="noreferrer noopener">
                            Open
                          </a>
                        ) : null;
                      },
                    },
                  ]}
                />
              ),
            },
            {
              key: 'datasets',
              label: `Datasets read (${dashboard.datasets.length})`,
              children: (
                <DatasetRefLinks datasets={dashboard.datasets} empty="No datasets reported." />
              ),
            },
            {
              key: 'history',
              label: 'History',
              children: <EntityHistory urn={dashboard.urn} />,
            },
          ]}
        />
      }
      side={
        <>
          <SideCard title="Owners">
            <OwnerLinks owners={dashboard.owners} />
          </SideCard>
          <SideCard title="Properties">
            <CustomProperties properties={dashboard.custom_properties} />
          </SideCard>
        </>
      }
    />
  );
}
