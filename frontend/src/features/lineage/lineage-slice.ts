/** The lineage graph the user has opened so far around one dataset: it grows hop by hop as
 * nodes are expanded, so it lives in a slice rather than in one query's cache. */
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

import type { LineageEdge, LineageGraph, LineageNode } from '@/types/api';

export interface GraphNode extends LineageNode {
  expandedUpstream: boolean;
  expandedDownstream: boolean;
}

export interface ExploredGraph {
  nodes: Record<string, GraphNode>;
  edges: Record<string, LineageEdge>;
  truncated: boolean;
}

export interface LineageState {
  graphs: Record<string, ExploredGraph>;
}

const initialState: LineageState = { graphs: {} };

export const edgeKey = (edge: Pick<LineageEdge, 'upstream' | 'downstream'>): string =>
  `${edge.upstream}→${edge.downstream}`;

export interface MergePayload {
  root: string;
  /** The node that was expanded (the root on first load) and in which direction. */
  from: string;
  direction: 'upstream' | 'downstream' | 'both';
  graph: LineageGraph;
}

export const lineageSlice = createSlice({
  name: 'lineage',
  initialState,
  reducers: {
    merged: (state, action: PayloadAction<MergePayload>) => {
      const { root, from, direction, graph } = action.payload;
      const explored = (state.graphs[root] ??= { nodes: {}, edges: {}, truncated: false });
      const base = explored.nodes[from]?.hops ?? 0;
      for (const node of graph.nodes) {
        if (!explored.nodes[node.urn]) {
          explored.nodes[node.urn] = {
            ...node,
            hops: base + node.hops,
            expandedUpstream: false,
            expandedDownstream: false,
          };
        }
      }
      for (const edge of graph.edges) explored.edges[edgeKey(edge)] = edge;
      const origin = explored.nodes[from];
      if (origin) {
        if (direction !== 'downstream') origin.expandedUpstream = true;
        if (direction !== 'upstream') origin.expandedDownstream = true;
      }
      explored.truncated ||= graph.truncated;
    },
    reset: (state, action: PayloadAction<string>) => {
      delete state.graphs[action.payload];
    },
  },
});

export const { merged, reset } = lineageSlice.actions;

export const selectGraph = (state: { lineage: LineageState }, root: string) =>
  state.lineage.graphs[root];
