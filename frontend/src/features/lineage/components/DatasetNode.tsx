import { MinusOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Tag, Tooltip } from 'antd';
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { Link } from 'react-router';

import { datasetPath } from '@/lib/routes';
import type { LineageField } from '@/types/api';

import type { Side } from '../lineage-slice';
import type { SideState, ViewNode } from '../view';

export const FIELD_ROW_HEIGHT = 22;

// A mapped copy: React Flow wants node data assignable to Record<string, unknown>.
export type DatasetNodeData = Pick<ViewNode, keyof ViewNode> & {
  loading: boolean;
  found: boolean;
  /** Column mode: the fields drawn as rows, and how many others the node has. */
  fields: LineageField[] | null;
  otherFields: number;
  /** `field_path`s on the traced column path (column mode). */
  traced: ReadonlySet<string>;
  dimmed: boolean;
  onSide: (urn: string, side: Side, state: SideState) => void;
  onCollapse: (urn: string, side: Side) => void;
  onField: (urn: string, fieldPath: string) => void;
};
export type DatasetFlowNode = Node<DatasetNodeData, 'dataset'>;

const word = (side: Side) => (side === 'upstream' ? 'upstream' : 'downstream');

function SideButton({ data, side }: { data: DatasetNodeData; side: Side }) {
  const state = data[side];
  const name = data.node.name;
  const place = side === 'upstream' ? 'lineage-expand-up' : 'lineage-expand-down';
  if (!state.expandable) return null;
  const open = !state.collapsed && state.shown > 0;
  if (open) {
    return (
      <Tooltip title={`Collapse ${word(side)}`}>
        <Button
          className={`lineage-expand ${place} nodrag`}
          size="small"
          shape="circle"
          icon={<MinusOutlined />}
          aria-label={`Collapse ${word(side)} of ${name}`}
          onClick={() => data.onCollapse(data.node.urn, side)}
        />
      </Tooltip>
    );
  }
  const count = state.collapsed ? (state.total ?? state.shown) : state.hidden;
  if (!state.collapsed && state.total !== null && state.hidden === 0) return null;
  return (
    <Tooltip title={`Show ${count || ''} ${word(side)}`.replace('  ', ' ')}>
      <Button
        className={`lineage-expand ${place} nodrag`}
        size="small"
        shape={count ? 'round' : 'circle'}
        icon={<PlusOutlined />}
        loading={data.loading}
        aria-label={`Expand ${word(side)} of ${name}`}
        onClick={() => data.onSide(data.node.urn, side, state)}
      >
        {count || null}
      </Button>
    </Tooltip>
  );
}

function Fields({ data }: { data: DatasetNodeData }) {
  if (!data.fields) return null;
  return (
    <ul className="lineage-fields" data-testid="lineage-fields">
      {data.fields.map((field) => (
        <li
          key={field.field_path}
          className={`lineage-field${data.traced.has(field.field_path) ? ' is-traced' : ''}`}
          style={{ height: FIELD_ROW_HEIGHT }}
        >
          <Handle
            type="target"
            id={`in:${field.field_path}`}
            position={Position.Left}
            isConnectable={false}
          />
          <button
            type="button"
            className="lineage-field-name nodrag"
            title={`${field.field_path} (${field.native_type || field.type}): trace this column`}
            onClick={() => data.onField(data.node.urn, field.field_path)}
          >
            {field.field_path}
          </button>
          <span className="lineage-field-type">{field.native_type || field.type}</span>
          <Handle
            type="source"
            id={`out:${field.field_path}`}
            position={Position.Right}
            isConnectable={false}
          />
        </li>
      ))}
      {data.otherFields > 0 && (
        <li className="lineage-field-more">+ {data.otherFields} fields without lineage here</li>
      )}
    </ul>
  );
}

export function DatasetNode({ data }: NodeProps<DatasetFlowNode>) {
  const { node } = data;
  const classes = [
    'lineage-node',
    data.isRoot && 'is-root',
    node.status !== 'active' && 'is-deprecated',
    data.found && 'is-found',
    data.dimmed && 'is-dimmed',
  ].filter(Boolean);
  const counts = [
    data.upstream.total !== null && `${data.upstream.total}↑`,
    data.downstream.total !== null && `${data.downstream.total}↓`,
  ].filter(Boolean);
  return (
    <div className={classes.join(' ')} data-testid="lineage-node" data-urn={node.urn}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <SideButton data={data} side="upstream" />
      <div className="lineage-node-meta">
        <Tag>{node.platform}</Tag>
        <span className="lineage-node-origin">{node.origin}</span>
        {node.status !== 'active' && <Tag color="red">{node.status}</Tag>}
        {counts.length > 0 && (
          <span className="lineage-node-counts" title="Upstream and downstream datasets">
            {counts.join(' ')}
          </span>
        )}
      </div>
      {data.isRoot ? (
        <strong className="lineage-node-name" title={node.name}>
          {node.name}
        </strong>
      ) : (
        <Link
          className="lineage-node-name nodrag"
          to={datasetPath(node.urn, 'lineage')}
          title={node.name}
        >
          {node.name}
        </Link>
      )}
      <Fields data={data} />
      <SideButton data={data} side="downstream" />
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}
