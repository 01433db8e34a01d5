import { ApartmentOutlined } from '@ant-design/icons';
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { Link } from 'react-router';

import { jobPath } from '@/lib/routes';
import type { LineageEdge } from '@/types/api';

export type JobNodeData = NonNullable<LineageEdge['job']>;
export type JobFlowNode = Node<JobNodeData, 'job'>;

/** A pipeline task that reads the datasets on its left and writes those on its right. */
export function JobNode({ data }: NodeProps<JobFlowNode>) {
  return (
    <div className="lineage-job" data-testid="lineage-job">
      <Handle type="target" position={Position.Left} />
      <ApartmentOutlined aria-hidden />
      <span className="lineage-job-text">
        <Link className="nodrag" to={jobPath(data.urn)} title={data.name}>
          {data.name}
        </Link>
        {data.flow && <span className="lineage-job-flow">{data.flow.name}</span>}
      </span>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}
