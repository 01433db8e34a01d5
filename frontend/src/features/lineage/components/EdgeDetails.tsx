import { Button, Descriptions, Popconfirm, Tag } from 'antd';
import { Link } from 'react-router';

import { datasetPath, jobPath, urnName } from '@/lib/routes';
import type { LineageEdge } from '@/types/api';

interface Props {
  edge: LineageEdge;
  /** A dataset's name by URN (the URN itself when the graph does not hold it). */
  nameOf: (urn: string) => string;
  canRemove: boolean;
  removing: boolean;
  onRemove: (edge: LineageEdge) => void;
  onClose: () => void;
}

const JOB_URN = /^urn:li:dataJob:/;

/** Who made the edge: a task's URN links to the task, a user's shows their name. */
function Actor({ actor, edge }: { actor: string; edge: LineageEdge }) {
  if (!actor) return <>—</>;
  if (JOB_URN.test(actor)) {
    const name = edge.job?.urn === actor ? edge.job.name : actor;
    return <Link to={jobPath(actor)}>{name}</Link>;
  }
  return <>{urnName(actor)}</>;
}

/** What a clicked edge is: the datasets by name with links, the task, type, who and when, the
 * column-level transformations, and whether someone added it by hand. */
export function EdgeDetails({ edge, nameOf, canRemove, removing, onRemove, onClose }: Props) {
  const byHand = edge.sources?.includes('editable') ?? false;
  const mappings = edge.column_mappings ?? [];
  return (
    <Descriptions
      className="lineage-edge-details"
      data-testid="lineage-edge-details"
      size="small"
      bordered
      column={1}
      title={
        <>
          Edge {byHand && <Tag color="purple">Added by hand</Tag>}
          {edge.sources?.includes('ingested') && <Tag>Ingested</Tag>}
        </>
      }
      extra={
        <>
          {canRemove && (
            <Popconfirm
              title="Remove this edge?"
              description={
                byHand && !edge.sources.includes('ingested')
                  ? 'The hand-made edge is deleted.'
                  : 'The ingested edge is hidden, also after the next ingestion.'
              }
              okText="Remove"
              onConfirm={() => onRemove(edge)}
            >
              <Button size="small" danger loading={removing}>
                Remove edge
              </Button>
            </Popconfirm>
          )}{' '}
          <Button size="small" onClick={onClose}>
            Close
          </Button>
        </>
      }
      items={[
        {
          key: 'from',
          label: 'Upstream',
          children: <Link to={datasetPath(edge.upstream)}>{nameOf(edge.upstream)}</Link>,
        },
        {
          key: 'to',
          label: 'Downstream',
          children: <Link to={datasetPath(edge.downstream)}>{nameOf(edge.downstream)}</Link>,
        },
        { key: 'type', label: 'Type', children: edge.type },
        {
          key: 'job',
          label: 'Pipeline task',
          children: edge.job ? (
            <Link to={jobPath(edge.job.urn)}>
              {edge.job.name}
              {edge.job.flow ? ` (${edge.job.flow.name})` : ''}
            </Link>
          ) : (
            '—'
          ),
        },
        { key: 'actor', label: 'Actor', children: <Actor actor={edge.actor} edge={edge} /> },
        {
          key: 'when',
          label: 'Since',
          children: new Date(edge.created_at).toLocaleString(),
        },
        {
          key: 'columns',
          label: 'Transformations',
          children: mappings.length ? (
            <ul className="lineage-mappings">
              {mappings.map((m, index) => (
                <li key={index}>
                  <code>{m.upstreams.join(', ')}</code> → <code>{m.downstreams.join(', ')}</code>
                  {m.transformation ? (
                    <Tag className="lineage-transform">{m.transformation}</Tag>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            '—'
          ),
        },
      ]}
    />
  );
}
