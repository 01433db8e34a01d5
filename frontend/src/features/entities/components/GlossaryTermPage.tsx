import { Skeleton } from 'antd';
import { useParams } from 'react-router';

import { ErrorState } from '@/components/ErrorState';
import { ExternalLink } from '@/components/ExternalLink';

import { useGetGlossaryTermQuery } from '../api/get-glossary-term';
import { CustomProperties } from './CustomProperties';
import { DatasetsTable } from './DatasetsTable';
import { EntityHeader } from './EntityHeader';
import { EntityHistory } from './EntityHistory';
import { EntityLayout } from './EntityLayout';
import { EntityTabs } from './EntityTabs';
import { FieldsTable } from './FieldsTable';
import { glossaryCrumbs } from './glossary-crumbs';
import { OwnerLinks } from './OwnerLinks';
import { RelatedTerms } from './RelatedTerms';
import { SideCard } from './SideCard';

/** `/glossary/:name`: a business term, its definition, and what it is attached to. */
export default function GlossaryTermPage() {
  const { name = '' } = useParams();
  const { currentData: term, error, refetch } = useGetGlossaryTermQuery(name);
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!term) return <Skeleton active paragraph={{ rows: 10 }} />;
  return (
    <EntityLayout
      header={
        <EntityHeader
          type="glossaryTerm"
          name={term.display_name || term.name}
          technicalName={term.name}
          urn={term.urn}
          breadcrumb={glossaryCrumbs(term.path, term.display_name || term.name)}
          description={term.description}
          actions={<ExternalLink url={term.source_url} label="Source definition" />}
        />
      }
      main={
        <EntityTabs
          items={[
            {
              key: 'datasets',
              label: `Datasets (${term.dataset_count.toLocaleString()})`,
              children: (
                <DatasetsTable filter={{ term: term.name }} empty="No dataset has this term." />
              ),
            },
            {
              key: 'fields',
              label: `Fields (${term.field_count.toLocaleString()})`,
              children: (
                <FieldsTable filter={{ term: term.name }} empty="No field has this term." />
              ),
            },
            { key: 'history', label: 'History', children: <EntityHistory urn={term.urn} /> },
          ]}
        />
      }
      side={
        <>
          <SideCard title="Related terms">
            <RelatedTerms related={term.related} />
          </SideCard>
          <SideCard title="Owners">
            <OwnerLinks owners={term.owners} />
          </SideCard>
          <SideCard title="Properties">
            <CustomProperties properties={term.custom_properties} />
          </SideCard>
        </>
      }
    />
  );
}
