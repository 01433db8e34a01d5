import { Skeleton, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';

import { ErrorState } from '@/components/ErrorState';
import { ExternalLink } from '@/components/ExternalLink';
import { PlatformBadge } from '@/components/PlatformBadge';
import { dashboardPath } from '@/lib/routes';

import { useGetChartQuery } from '../api/get-chart';
import { CustomProperties } from './CustomProperties';
import { DatasetRefLinks } from './DatasetRefLinks';
import { EntityHeader } from './EntityHeader';
import { EntityHistory } from './EntityHistory';
import { EntityLayout } from './EntityLayout';
import { EntityTabs } from './EntityTabs';
import { OwnerLinks } from './OwnerLinks';
import { SideCard } from './SideCard';

/** `/chart/:urn`: a chart, the dashboards it is on and the datasets it reads. */
export default function ChartPage() {
  const { urn = '' } = useParams();
  const { currentData: chart, error, refetch } = useGetChartQuery(urn);
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!chart) return <Skeleton active paragraph={{ rows: 10 }} />;
  return (
    <EntityLayout
      header={
        <EntityHeader
          type="chart"
          name={chart.name}
          urn={chart.urn}
          description={chart.description}
          badges={
            <>
              {chart.platform && <PlatformBadge name={chart.platform} />}
              {chart.type && <Tag>{chart.type}</Tag>}
            </>
          }
          actions={
            <ExternalLink url={chart.url} label={`Open in ${chart.platform ?? 'its tool'}`} />
          }
        />
      }
      main={
        <EntityTabs
          items={[
            {
              key: 'datasets',
              label: `Datasets read (${chart.datasets.length})`,
              children: <DatasetRefLinks datasets={chart.datasets} empty="No datasets reported." />,
            },
            { key: 'history', label: 'History', children: <EntityHistory urn={chart.urn} /> },
          ]}
        />
      }
      side={
        <>
          <SideCard title="On dashboards">
            {chart.dashboards.length ? (
              <ul className="plain-links">
                {chart.dashboards.map((dashboard) => (
                  <li key={dashboard.urn}>
                    <Link to={dashboardPath(dashboard.urn)}>{dashboard.name}</Link>
                  </li>
                ))}
              </ul>
            ) : (
              <Typography.Text type="secondary">On no dashboard</Typography.Text>
            )}
          </SideCard>
          <SideCard title="Owners">
            <OwnerLinks owners={chart.owners} />
          </SideCard>
          <SideCard title="Properties">
            <CustomProperties properties={chart.custom_properties} />
          </SideCard>
        </>
      }
    />
  );
}
