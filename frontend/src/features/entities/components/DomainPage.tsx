import { Skeleton, Typography } from 'antd';
import { Link, useParams } from 'react-router';

import { ErrorState } from '@/components/ErrorState';
import { searchPath } from '@/lib/routes';

import { useGetDomainQuery } from '../api/get-domain';
import { DatasetsTable } from './DatasetsTable';
import { EntityHeader } from './EntityHeader';
import { EntityHistory } from './EntityHistory';
import { EntityLayout } from './EntityLayout';
import { EntityTabs } from './EntityTabs';
import { OwnerLinks } from './OwnerLinks';
import { SideCard } from './SideCard';

/** `/domain/:name`: a business domain and its datasets. */
export default function DomainPage() {
  const { name = '' } = useParams();
  const { currentData: domain, error, refetch } = useGetDomainQuery(name);
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!domain) return <Skeleton active paragraph={{ rows: 10 }} />;
  return (
    <EntityLayout
      header={
        <EntityHeader
          type="domain"
          name={domain.display_name || domain.name}
          technicalName={domain.name}
          urn={domain.urn}
          description={domain.description}
        />
      }
      main={
        <EntityTabs
          items={[
            {
              key: 'datasets',
              label: `Datasets (${domain.dataset_count.toLocaleString()})`,
              children: (
                <DatasetsTable
                  filter={{ domain: domain.name }}
                  empty="No dataset is in this domain."
                />
              ),
            },
            { key: 'history', label: 'History', children: <EntityHistory urn={domain.urn} /> },
          ]}
        />
      }
      side={
        <>
          <SideCard title="Owners">
            <OwnerLinks owners={domain.owners} />
          </SideCard>
          <SideCard title="Find more">
            <Typography.Paragraph>
              <Link to={searchPath({ domain: [domain.name] })}>Search within this domain</Link>
            </Typography.Paragraph>
          </SideCard>
        </>
      }
    />
  );
}
