import { Alert, Skeleton, Typography } from 'antd';

import { ErrorState } from '@/components/ErrorState';
import type { GlossaryTermListItem, GlossaryTermSummary } from '@/types/entities';

import { useListGlossaryNodesQuery } from '../api/list-glossary-nodes';
import { useListGlossaryTermsQuery } from '../api/list-glossary-terms';
import { GlossaryContents } from './GlossaryContents';

const TERMS_LIMIT = 100;

/** The terms in no term group (`node` null). */
const ungrouped = (terms: GlossaryTermListItem[]): GlossaryTermSummary[] =>
  terms
    .filter((term) => !term.node)
    .map((term) => ({
      name: term.name,
      display_name: term.display_name,
      description: term.description,
      dataset_count: term.dataset_count,
    }));

/** `/glossary`: the top of the business glossary, its root term groups and any terms in none. */
export default function GlossaryPage() {
  const nodes = useListGlossaryNodesQuery();
  const terms = useListGlossaryTermsQuery({ offset: 0, limit: TERMS_LIMIT });
  if (nodes.error) return <ErrorState error={nodes.error} onRetry={() => void nodes.refetch()} />;
  if (!nodes.data || terms.isLoading) return <Skeleton active paragraph={{ rows: 10 }} />;
  const roots = nodes.data.filter((node) => !node.parent);
  const loose = terms.data ? ungrouped(terms.data.results) : [];
  return (
    <div className="entity-page glossary-page">
      <header className="entity-header">
        <Typography.Title level={3} className="entity-name">
          Business glossary
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          Terms name what the data means; term groups keep them in order. Open a term to see its
          definition and the datasets and fields it is attached to.
        </Typography.Paragraph>
      </header>
      <GlossaryContents nodes={roots} terms={loose} />
      {terms.data && terms.data.count > TERMS_LIMIT && loose.length > 0 && (
        <Alert
          type="info"
          showIcon
          title={`Terms in no group among the first ${TERMS_LIMIT} of ${terms.data.count.toLocaleString()}; search the glossary to find the others.`}
        />
      )}
    </div>
  );
}
