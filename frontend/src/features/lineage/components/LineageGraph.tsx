import '@xyflow/react/dist/style.css';

import { Alert, Button, Descriptions, Empty, Skeleton, Space, Typography } from 'antd';
import {
  Background,
  Controls,
  type Edge,
  MarkerType,
  ReactFlow,
  ReactFlowProvider,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useDispatch, useSelector } from 'react-redux';
import type { ThunkDispatch, UnknownAction } from '@reduxjs/toolkit';

import { Link } from 'react-router';

import { ErrorState } from '@/components/ErrorState';
import { jobPath, urnName } from '@/lib/routes';
import type { LineageEdge } from '@/types/api';

import { useLazyGetLineageQuery } from '../api/get-lineage';
import { drawnSegments, layoutGraph } from '../layout';
import { edgeKey, type LineageState, merged, reset, selectGraph } from '../lineage-slice';
import { DatasetNode, type DatasetFlowNode } from './DatasetNode';
import { JobNode, type JobFlowNode } from './JobNode';

const nodeTypes = { dataset: DatasetNode, job: JobNode };
type Dispatch = ThunkDispatch<{ lineage: LineageState }, unknown, UnknownAction>;

function Graph({ rootUrn }: { rootUrn: string }) {
  const dispatch = useDispatch<Dispatch>();
  const graph = useSelector((state: { lineage: LineageState }) => selectGraph(state, rootUrn));
  const [fetchLineage, { error }] = useLazyGetLineageQuery();
  const [loadingUrn, setLoadingUrn] = useState<string | null>(null);
  const [selected, setSelected] = useState<LineageEdge | null>(null);

  const expand = useCallback(
    async (urn: string, direction: 'upstream' | 'downstream' | 'both') => {
      setLoadingUrn(urn);
      try {
        const result = await fetchLineage({ urn, direction, depth: 1 }, true).unwrap();
        dispatch(merged({ root: rootUrn, from: urn, direction, graph: result }));
      } catch {
        // `error` from the hook shows it
      } finally {
        setLoadingUrn(null);
      }
    },
    [dispatch, fetchLineage, rootUrn],
  );

  useEffect(() => {
    if (graph) return;
    fetchLineage({ urn: rootUrn, direction: 'both', depth: 1 }, true)
      .unwrap()
      .then((result) =>
        dispatch(merged({ root: rootUrn, from: rootUrn, direction: 'both', graph: result })),
      )
      .catch(() => undefined); // `error` from the hook shows it
  }, [graph, fetchLineage, dispatch, rootUrn]);

  const { nodes, edges } = useMemo(() => {
    if (!graph) return { nodes: [], edges: [] };
    const edgeList = Object.values(graph.edges);
    // An edge through a pipeline task is drawn through a node of its own: upstream → task →
    // downstream, one task node however many edges run through it.
    const jobs = new Map(edgeList.flatMap((edge) => (edge.job ? [[edge.job.urn, edge.job]] : [])));
    const segments = drawnSegments(edgeList);
    const ids = [...Object.keys(graph.nodes), ...jobs.keys()];
    const positions = layoutGraph(ids, segments);
    const flowNodes: DatasetFlowNode[] = Object.values(graph.nodes).map((node) => ({
      id: node.urn,
      type: 'dataset',
      position: positions[node.urn] ?? { x: 0, y: 0 },
      data: {
        ...node,
        isRoot: node.urn === rootUrn,
        loading: loadingUrn === node.urn,
        onExpand: (urn, direction) => void expand(urn, direction),
      },
    }));
    const jobNodes: JobFlowNode[] = [...jobs.values()].map((job) => ({
      id: job.urn,
      type: 'job',
      position: positions[job.urn] ?? { x: 0, y: 0 },
      data: job,
    }));
    const seen = new Set<string>();
    const flowEdges: Edge[] = segments.flatMap(({ source, target, edge }) => {
      const id = `${source}→${target}`;
      if (seen.has(id)) return [];
      seen.add(id);
      return [
        {
          id,
          source,
          target,
          label: edge.job && target === edge.job.urn ? undefined : edge.type,
          animated: edge.type === 'TRANSFORMED',
          markerEnd: { type: MarkerType.ArrowClosed },
          data: { key: edgeKey(edge) },
          ariaLabel: `${edge.type} by ${edge.job?.name ?? (edge.actor || 'unknown')}`,
        },
      ];
    });
    return { nodes: [...flowNodes, ...jobNodes], edges: flowEdges };
  }, [graph, rootUrn, loadingUrn, expand]);

  if (error && !graph)
    return <ErrorState error={error} onRetry={() => void expand(rootUrn, 'both')} />;
  if (!graph) return <Skeleton active />;
  if (Object.keys(graph.nodes).length <= 1) {
    return <Empty description="No upstream or downstream datasets are known." />;
  }
  return (
    <div className="lineage-tab">
      <div className="tab-toolbar">
        <Typography.Text type="secondary">
          Upstream on the left, downstream on the right. Use + on a node to expand one hop; click an
          edge for its type and job.
        </Typography.Text>
        <Space>
          <Button size="small" onClick={() => dispatch(reset(rootUrn))}>
            Reset
          </Button>
        </Space>
      </div>
      {graph.truncated && (
        <Alert type="info" showIcon title="The graph was cut at the server's node limit." />
      )}
      <div className="lineage-canvas" data-testid="lineage-graph">
        <ReactFlow
          // A new key when an expansion adds nodes: fitView then frames the grown graph.
          key={nodes.length}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          fitView
          fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
          minZoom={0.2}
          nodesConnectable={false}
          onEdgeClick={(_, edge) => {
            const key = (edge.data as { key?: string } | undefined)?.key ?? edge.id;
            setSelected(graph.edges[key] ?? null);
          }}
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
      {selected && (
        <Descriptions
          className="lineage-edge-details"
          data-testid="lineage-edge-details"
          size="small"
          bordered
          column={1}
          title="Edge"
          extra={
            <Button size="small" onClick={() => setSelected(null)}>
              Close
            </Button>
          }
          items={[
            { key: 'from', label: 'From', children: urnName(selected.upstream) },
            { key: 'to', label: 'To', children: urnName(selected.downstream) },
            { key: 'type', label: 'Type', children: selected.type },
            {
              key: 'job',
              label: 'Pipeline task',
              children: selected.job ? (
                <Link to={jobPath(selected.job.urn)}>
                  {selected.job.name}
                  {selected.job.flow ? ` (${selected.job.flow.name})` : ''}
                </Link>
              ) : (
                '—'
              ),
            },
            { key: 'actor', label: 'Actor', children: selected.actor || '—' },
            {
              key: 'when',
              label: 'Since',
              children: new Date(selected.created_at).toLocaleString(),
            },
            {
              key: 'columns',
              label: 'Column mappings',
              children: selected.column_mappings.length
                ? selected.column_mappings
                    .map((m) => `${m.upstreams.join(', ')} → ${m.downstreams.join(', ')}`)
                    .join('; ')
                : '—',
            },
          ]}
        />
      )}
    </div>
  );
}

/** The interactive lineage graph of a dataset (React Flow + dagre layout). */
export function LineageGraph({ rootUrn }: { rootUrn: string }) {
  return (
    <ReactFlowProvider>
      <Graph rootUrn={rootUrn} />
    </ReactFlowProvider>
  );
}

export default LineageGraph;
