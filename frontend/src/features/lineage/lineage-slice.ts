/** The lineage graph the user has opened so far around one dataset: it grows as nodes are
 * expanded (N hops at once from the root, or one node's next page of neighbours through its
 * cursor) and shrinks as they are collapsed, so it lives in a slice rather than in one query's
 * cache. What is drawn is derived from it (view.ts): collapsing hides, it does not forget. */
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

import type { FieldEdge, LineageEdge, LineageGraph, LineageNode } from '@/types/api';

export type Side = 'upstream' | 'downstream';
export type Direction = Side | 'both';

/** `${urn}|${side}`: a node's expansion on one side. */
export type SideKey = string;
export const sideKey = (urn: string, side: Side): SideKey => `${urn}|${side}`;

export interface ExploredGraph {
  nodes: Record<string, LineageNode>;
  edges: Record<string, LineageEdge>;
  fieldEdges: Record<string, FieldEdge>;
  truncated: boolean;
  /** Sides the user expanded (the root's on load). */
  expanded: Record<SideKey, true>;
  /** Sides the user collapsed again: their neighbours stay known but are not drawn. */
  collapsed: Record<SideKey, true>;
  /** Fan-outs the user opened past the grouping ("+ 312 more" clicked). */
  ungrouped: Record<SideKey, true>;
  /** Whether the graph was fetched with its fields (column mode). */
  columns: boolean;
}

export interface LineageState {
  graphs: Record<string, ExploredGraph>;
}

const initialState: LineageState = { graphs: {} };

export const edgeKey = (edge: Pick<LineageEdge, 'upstream' | 'downstream'>): string =>
  `${edge.upstream}→${edge.downstream}`;

export const fieldEdgeKey = (edge: FieldEdge): string =>
  `${edge.upstream}#${edge.upstream_field}→${edge.downstream}#${edge.downstream_field}`;

const emptyGraph = (columns: boolean): ExploredGraph => ({
  nodes: {},
  edges: {},
  fieldEdges: {},
  truncated: false,
  expanded: {},
  collapsed: {},
  ungrouped: {},
  columns,
});

export interface MergePayload {
  root: string;
  /** The node that was expanded (the root on first load) and in which direction. */
  from: string;
  direction: Direction;
  graph: LineageGraph;
  /** A fresh load of the root (depth changed, column mode toggled): forget what was open. */
  replace?: boolean;
  columns?: boolean;
}

const sidesOf = (direction: Direction): Side[] =>
  direction === 'both' ? ['upstream', 'downstream'] : [direction];

const addGraph = (explored: ExploredGraph, from: string, graph: LineageGraph) => {
  const base = explored.nodes[from]?.hops ?? 0;
  for (const node of graph.nodes) {
    const known = explored.nodes[node.urn];
    // The newest answer knows best what is still hidden around a node; its distance from the
    // root is the one it was first reached at.
    explored.nodes[node.urn] = known
      ? { ...node, hops: known.hops, fields: node.fields?.length ? node.fields : known.fields }
      : { ...node, hops: base + node.hops };
  }
  for (const edge of graph.edges) explored.edges[edgeKey(edge)] = edge;
  for (const edge of graph.field_edges ?? []) explored.fieldEdges[fieldEdgeKey(edge)] = edge;
  explored.truncated ||= graph.truncated;
};

export const lineageSlice = createSlice({
  name: 'lineage',
  initialState,
  reducers: {
    merged: (state, action: PayloadAction<MergePayload>) => {
      const { root, from, direction, graph, replace, columns } = action.payload;
      if (replace || !state.graphs[root]) {
        state.graphs[root] = emptyGraph(columns ?? state.graphs[root]?.columns ?? false);
      }
      const explored = state.graphs[root];
      addGraph(explored, from, graph);
      for (const side of sidesOf(direction)) {
        explored.expanded[sideKey(from, side)] = true;
        delete explored.collapsed[sideKey(from, side)];
      }
    },
    collapsed: (state, action: PayloadAction<{ root: string; urn: string; side: Side }>) => {
      const { root, urn, side } = action.payload;
      const explored = state.graphs[root];
      if (explored) explored.collapsed[sideKey(urn, side)] = true;
    },
    reopened: (state, action: PayloadAction<{ root: string; urn: string; side: Side }>) => {
      const { root, urn, side } = action.payload;
      const explored = state.graphs[root];
      if (explored) delete explored.collapsed[sideKey(urn, side)];
    },
    ungrouped: (state, action: PayloadAction<{ root: string; urn: string; side: Side }>) => {
      const { root, urn, side } = action.payload;
      const explored = state.graphs[root];
      if (explored) explored.ungrouped[sideKey(urn, side)] = true;
    },
    reset: (state, action: PayloadAction<string>) => {
      delete state.graphs[action.payload];
    },
  },
});

export const { merged, collapsed, reopened, ungrouped, reset } = lineageSlice.actions;

export const selectGraph = (state: { lineage: LineageState }, root: string) =>
  state.lineage.graphs[root];
