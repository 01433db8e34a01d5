import { Button, Empty, Skeleton, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';

import { ErrorState } from '@/components/ErrorState';
import { diffValues } from '@/lib/diff';
import { urnName } from '@/lib/routes';
import type { ChangeEvent } from '@/types/api';

import { useGetHistoryQuery } from '../api/get-history';
import { SchemaDiffView } from './SchemaDiffView';

const ASPECT_LABELS: Record<string, string> = {
  created: 'Created',
  docs: 'Docs',
  status: 'Status',
  domain: 'Domain',
  editable_tags: 'Tags',
  editable_terms: 'Glossary terms',
  editable_glossary_terms: 'Glossary terms',
  editable_owners: 'Owners',
  editable_schema: 'Field documentation',
  schema: 'Schema (ingested)',
  schema_break: 'Breaking schema change',
  editable_upstreams: 'Lineage (by hand)',
};

function Diff({ event }: { event: ChangeEvent }) {
  const lines = diffValues(event.before, event.after);
  if (event.aspect === 'created' || !lines.length) return null;
  return (
    <pre className="diff" data-testid="history-diff">
      {lines.map((line, index) => (
        <div key={index} className={`diff-${line.kind}`}>
          {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}
          {line.text}
        </div>
      ))}
    </pre>
  );
}

/** A schema break as words: which fields went or changed type, and how many columns read them. */
function SchemaBreakNote({ event }: { event: ChangeEvent }) {
  const after = (event.after ?? {}) as {
    removed?: string[];
    type_changed?: string[];
    readers?: number;
  };
  const parts = [
    after.removed?.length ? `removed ${after.removed.join(', ')}` : '',
    after.type_changed?.length ? `retyped ${after.type_changed.join(', ')}` : '',
  ].filter(Boolean);
  return (
    <Typography.Paragraph className="history-break" data-testid="history-break">
      {parts.join('; ') || 'fields changed'}: {after.readers ?? 0} downstream reader
      {after.readers === 1 ? '' : 's'} may break.
    </Typography.Paragraph>
  );
}

export function HistoryTab({ urn }: { urn: string }) {
  const [offset, setOffset] = useState(0);
  const { data, error, isLoading, refetch } = useGetHistoryQuery({ urn, offset });
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (isLoading || !data) return <Skeleton active />;
  if (!data.results.length) return <Empty description="No changes recorded." />;
  return (
    <div className="history-tab">
      <Timeline
        items={data.results.map((event) => ({
          key: event.id,
          content: (
            <div className="history-event" data-testid="history-event">
              <div>
                <Tag color="blue">{ASPECT_LABELS[event.aspect] ?? event.aspect}</Tag>
                <Typography.Text strong>{urnName(event.actor)}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {new Date(event.created_at).toLocaleString()} · version {event.version}
                </Typography.Text>
              </div>
              {event.aspect === 'schema' ? (
                <SchemaDiffView urn={urn} version={event.version} />
              ) : event.aspect === 'schema_break' ? (
                <SchemaBreakNote event={event} />
              ) : (
                <Diff event={event} />
              )}
            </div>
          ),
        }))}
      />
      <div className="history-pager">
        <Button disabled={!data.previous} onClick={() => setOffset(Math.max(0, offset - 20))}>
          Newer
        </Button>
        <Button disabled={!data.next} onClick={() => setOffset(offset + 20)}>
          Older
        </Button>
      </div>
    </div>
  );
}
