import dagre from '@dagrejs/dagre';

import type { LineageEdge } from '@/types/api';

export const NODE_WIDTH = 250;
export const NODE_HEIGHT = 72;

/** Left-to-right layered layout (upstream on the left) computed by dagre. */
export const layoutGraph = (
  nodeIds: string[],
  edges: { source: string; target: string }[],
): Record<string, { x: number; y: number }> => {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 110, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const id of nodeIds) graph.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of edges) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  return Object.fromEntries(
    nodeIds.map((id) => {
      const node = graph.node(id);
      return [id, { x: node.x - NODE_WIDTH / 2, y: node.y - NODE_HEIGHT / 2 }];
    }),
  );
};

export interface Segment {
  source: string;
  target: string;
  edge: LineageEdge;
}

/** What the graph draws for its edges: an edge through a pipeline task becomes two segments,
 * upstream → task and task → downstream, so the task is a node of its own (one node however
 * many edges run through it); other edges are drawn as they are. */
export const drawnSegments = (edges: LineageEdge[]): Segment[] =>
  edges.flatMap((edge) =>
    edge.job
      ? [
          { source: edge.upstream, target: edge.job.urn, edge },
          { source: edge.job.urn, target: edge.downstream, edge },
        ]
      : [{ source: edge.upstream, target: edge.downstream, edge }],
  );
