import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';

import type { MoreNode as More } from '../view';

// A mapped copy: React Flow wants node data assignable to Record<string, unknown>.
export type MoreNodeData = Pick<More, keyof More> & {
  loading: boolean;
  onOpen: (more: More) => void;
};
export type MoreFlowNode = Node<MoreNodeData, 'more'>;

export const MORE_WIDTH = 170;
export const MORE_HEIGHT = 40;

/** "+ 312 more": a fan-out's leaves folded away and its neighbours not loaded yet; a click
 * opens them (the next page from the server when some are not loaded). */
export function MoreNode({ data }: NodeProps<MoreFlowNode>) {
  const count = data.grouped.length + data.hidden;
  const side = data.side === 'upstream' ? 'upstream' : 'downstream';
  return (
    <button
      type="button"
      className="lineage-more nodrag"
      data-testid="lineage-more"
      disabled={data.loading}
      aria-label={`Show ${count} more ${side}`}
      onClick={() => data.onOpen(data)}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      {data.loading ? 'Loading…' : `+ ${count} more`}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </button>
  );
}
