import { Button, Empty, Skeleton, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { ErrorState } from '@/components/ErrorState';
import { diffValues } from '@/lib/diff';
import { personPath, urnName } from '@/lib/routes';
import type { EntityChange } from '@/types/entities';

import { useGetEntityHistoryQuery } from '../api/get-entity-history';

const PAGE = 20;

/** Before and after as a line diff, a few lines at most: the whole value is one click away. */
function Change({ event }: { event: EntityChange }) {
  const [open, setOpen] = useState(false);
  const lines = diffValues(event.before, event.after).filter((line) => line.kind !== 'same');
  if (!lines.length) return null;
  const shown = open ? lines : lines.slice(0, 6);
  return (
    <>
      <pre className="diff" data-testid="history-diff">
        {shown.map((line, index) => (
          <div key={index} className={`diff-${line.kind}`}>
            {line.kind === 'added' ? '+ ' : '- '}
            {line.text}
          </div>
        ))}
      </pre>
      {lines.length > shown.length && (
        <Button type="link" size="small" onClick={() => setOpen(true)}>
          Show all {lines.length} changed lines
        </Button>
      )}
    </>
  );
}

function Actor({ actor }: { actor: string }) {
  const person = /^urn:li:corpuser:(.+)$/.exec(actor)?.[1];
  return person ? (
    <Link to={personPath(person)}>{person}</Link>
  ) : (
    <Typography.Text strong>{urnName(actor) || 'ingestion'}</Typography.Text>
  );
}

/** Who changed this entity, when, and what (GET /entities/history/). */
export function EntityHistory({ urn }: { urn: string }) {
  const [offset, setOffset] = useState(0);
  const { currentData: data, error, refetch } = useGetEntityHistoryQuery({ urn, offset });
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!data) return <Skeleton active />;
  if (!data.results.length) return <Empty description="No changes recorded." />;
  return (
    <div className="history-tab">
      <Timeline
        items={data.results.map((event) => ({
          key: event.id,
          content: (
            <div className="history-event" data-testid="history-event">
              <div>
                <Tag color="blue">{event.aspect}</Tag>
                <Actor actor={event.actor} />{' '}
                <Typography.Text type="secondary">
                  {new Date(event.created_at).toLocaleString()}
                </Typography.Text>
              </div>
              <Change event={event} />
            </div>
          ),
        }))}
      />
      {(data.previous || data.next) && (
        <div className="history-pager">
          <Button disabled={!data.previous} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Newer
          </Button>
          <Button disabled={!data.next} onClick={() => setOffset(offset + PAGE)}>
            Older
          </Button>
        </div>
      )}
    </div>
  );
}
