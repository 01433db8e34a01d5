import { MinusOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Tag, Tooltip } from 'antd';
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { Link } from 'react-router';

import { datasetPath } from '@/lib/routes';

import type { GraphNode } from '../lineage-slice';

// A mapped copy: React Flow wants node data assignable to Record<string, unknown>.
export type DatasetNodeData = Pick<GraphNode, keyof GraphNode> & {
  isRoot: boolean;
  loading: boolean;
  onExpand: (urn: string, direction: 'upstream' | 'downstream') => void;
};
export type DatasetFlowNode = Node<DatasetNodeData, 'dataset'>;

export function DatasetNode({ data }: NodeProps<DatasetFlowNode>) {
  const canExpandUp = !data.expandedUpstream && data.hops <= 0;
  const canExpandDown = !data.expandedDownstream && data.hops >= 0;
  return (
    <div
      className={`lineage-node${data.isRoot ? ' is-root' : ''}${data.status !== 'active' ? ' is-deprecated' : ''}`}
      data-testid="lineage-node"
    >
      <Handle type="target" position={Position.Left} />
      {canExpandUp ? (
        <Tooltip title="Show upstream">
          <Button
            className="lineage-expand lineage-expand-up nodrag"
            size="small"
            shape="circle"
            icon={<PlusOutlined />}
            loading={data.loading}
            aria-label={`Expand upstream of ${data.name}`}
            onClick={() => data.onExpand(data.urn, 'upstream')}
          />
        </Tooltip>
      ) : (
        data.hops < 0 && <MinusOutlined className="lineage-expanded-mark lineage-expand-up" />
      )}
      <div className="lineage-node-meta">
        <Tag>{data.platform}</Tag>
        <span className="lineage-node-origin">{data.origin}</span>
        {data.status !== 'active' && <Tag color="red">{data.status}</Tag>}
      </div>
      {data.isRoot ? (
        <strong className="lineage-node-name" title={data.name}>
          {data.name}
        </strong>
      ) : (
        <Link
          className="lineage-node-name nodrag"
          to={datasetPath(data.urn, 'lineage')}
          title={data.name}
        >
          {data.name}
        </Link>
      )}
      {canExpandDown && (
        <Tooltip title="Show downstream">
          <Button
            className="lineage-expand lineage-expand-down nodrag"
            size="small"
            shape="circle"
            icon={<PlusOutlined />}
            loading={data.loading}
            aria-label={`Expand downstream of ${data.name}`}
            onClick={() => data.onExpand(data.urn, 'downstream')}
          />
        </Tooltip>
      )}
      <Handle type="source" position={Position.Right} />
    </div>
  );
}
