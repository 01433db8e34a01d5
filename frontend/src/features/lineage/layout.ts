import dagre from '@dagrejs/dagre';

import type { LineageEdge } from '@/types/api';

export const NODE_WIDTH = 250;
export const NODE_HEIGHT = 72;

export interface Size {
  width: number;
  height: number;
}

/** Left-to-right layered layout (upstream on the left) computed by dagre; `sizes` gives the
 * nodes that are not NODE_WIDTH × NODE_HEIGHT (a node opened into its fields, a "+ N more").
 * Positions are top-left corners, as React Flow wants them. */
export const layoutGraph = (
  nodeIds: string[],
  edges: { source: string; target: string }[],
  sizes: Record<string, Size> = {},
): Record<string, { x: number; y: number }> => {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 20, ranksep: 110, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  const sizeOf = (id: string) => sizes[id] ?? { width: NODE_WIDTH, height: NODE_HEIGHT };
  for (const id of nodeIds) graph.setNode(id, sizeOf(id));
  for (const edge of edges) {
    if (graph.hasNode(edge.source) && graph.hasNode(edge.target)) {
      graph.setEdge(edge.source, edge.target);
    }
  }
  dagre.layout(graph);
  return Object.fromEntries(
    nodeIds.map((id) => {
      const node = graph.node(id);
      const { width, height } = sizeOf(id);
      return [id, { x: node.x - width / 2, y: node.y - height / 2 }];
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
export const drawnSegments = (edges: LineageEdge[], throughTasks = true): Segment[] =>
  edges.flatMap((edge) =>
    edge.job && throughTasks
      ? [
          { source: edge.upstream, target: edge.job.urn, edge },
          { source: edge.job.urn, target: edge.downstream, edge },
        ]
      : [{ source: edge.upstream, target: edge.downstream, edge }],
  );
