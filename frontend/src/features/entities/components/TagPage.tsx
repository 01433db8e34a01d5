import { Skeleton, Typography } from 'antd';
import { Link, useParams } from 'react-router';

import { ErrorState } from '@/components/ErrorState';
import { searchPath } from '@/lib/routes';

import { useGetTagQuery } from '../api/get-tag';
import { DatasetsTable } from './DatasetsTable';
import { EntityHeader } from './EntityHeader';
import { EntityHistory } from './EntityHistory';
import { EntityLayout } from './EntityLayout';
import { EntityTabs } from './EntityTabs';
import { FieldsTable } from './FieldsTable';
import { OwnerLinks } from './OwnerLinks';
import { SideCard } from './SideCard';

/** `/tag/:name`: what the tag means and where it is used. */
export default function TagPage() {
  const { name = '' } = useParams();
  const { currentData: tag, error, refetch } = useGetTagQuery(name);
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!tag) return <Skeleton active paragraph={{ rows: 10 }} />;
  return (
    <EntityLayout
      header={
        <EntityHeader
          type="tag"
          name={tag.name}
          urn={tag.urn}
          description={tag.description}
          badges={
            tag.color ? (
              <span className="color-swatch" title={`Colour ${tag.color}`}>
                <span className="color-swatch-chip" style={{ background: tag.color }} />
                {tag.color}
              </span>
            ) : undefined
          }
        />
      }
      main={
        <EntityTabs
          items={[
            {
              key: 'datasets',
              label: `Datasets (${tag.dataset_count.toLocaleString()})`,
              children: (
                <DatasetsTable filter={{ tag: tag.name }} empty="No dataset has this tag." />
              ),
            },
            {
              key: 'fields',
              label: `Fields (${tag.field_count.toLocaleString()})`,
              children: <FieldsTable filter={{ tag: tag.name }} empty="No field has this tag." />,
            },
            { key: 'history', label: 'History', children: <EntityHistory urn={tag.urn} /> },
          ]}
        />
      }
      side={
        <>
          <SideCard title="Owners">
            <OwnerLinks owners={tag.owners} />
          </SideCard>
          <SideCard title="Find more">
            <Typography.Paragraph>
              <Link to={searchPath({ tag: [tag.name] })}>Search datasets with this tag</Link>
            </Typography.Paragraph>
          </SideCard>
        </>
      }
    />
  );
}
