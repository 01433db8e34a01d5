/** What the explorer draws of an explored graph: the nodes reachable from the root through
 * sides nobody collapsed, minus those the filters leave out, with large fan-outs of leaves
 * folded into one "+ N more" node, and each node's "has more" counts. Pure, so it is tested
 * without a browser. */
import type { FieldEdge, LineageEdge, LineageNode } from '@/types/api';

import { type ExploredGraph, type Side, sideKey } from './lineage-slice';

/** A fan-out of more leaves than this on one side is folded into a "+ N more" node. */
export const GROUP_AT = 12;

export type EntityType = 'dataset' | 'data_job';

export interface Filters {
  /** Platforms of the datasets to show (empty: all). The root is always shown. */
  platforms: string[];
  /** Entity types to show (empty: all): without data_job, edges run straight from dataset to
   * dataset instead of through their pipeline task; without dataset, only the root's. */
  types: EntityType[];
}

export const NO_FILTERS: Filters = { platforms: [], types: [] };

export const showsType = (filters: Filters, type: EntityType): boolean =>
  !filters.types.length || filters.types.includes(type);

export interface SideState {
  /** Every neighbour on that side in the catalog (null: the server did not say). */
  total: number | null;
  /** Neighbours on that side not loaded yet. */
  hidden: number;
  /** Neighbours on that side that are drawn. */
  shown: number;
  collapsed: boolean;
  /** Whether the user may expand this side (the direction away from the root). */
  expandable: boolean;
  cursor: string | null;
}

export interface ViewNode {
  node: LineageNode;
  isRoot: boolean;
  upstream: SideState;
  downstream: SideState;
}

/** "+ N more": leaves folded away (`grouped`) and neighbours not loaded yet (`hidden`). */
export interface MoreNode {
  id: string;
  parent: string;
  side: Side;
  grouped: string[];
  hidden: number;
  cursor: string | null;
}

export interface GraphView {
  nodes: ViewNode[];
  edges: LineageEdge[];
  fieldEdges: FieldEdge[];
  more: MoreNode[];
  /** Platforms in the explored graph, for the filter. */
  platforms: string[];
  /** Nodes known but not drawn (collapsed, grouped or filtered). */
  notShown: number;
}

const neighbours = (edges: LineageEdge[]) => {
  const up = new Map<string, Set<string>>();
  const down = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, value: string) => {
    const set = map.get(key) ?? new Set<string>();
    set.add(value);
    map.set(key, set);
  };
  for (const edge of edges) {
    add(up, edge.downstream, edge.upstream);
    add(down, edge.upstream, edge.downstream);
  }
  return { up, down };
};

/** Nodes reachable from the root without crossing a collapsed side. */
const reachable = (
  root: string,
  graph: ExploredGraph,
  up: Map<string, Set<string>>,
  down: Map<string, Set<string>>,
): Set<string> => {
  const seen = new Set<string>([root]);
  const queue = [root];
  while (queue.length) {
    const urn = queue.shift()!;
    for (const [side, map] of [
      ['upstream', up],
      ['downstream', down],
    ] as const) {
      if (graph.collapsed[sideKey(urn, side)]) continue;
      for (const next of map.get(urn) ?? []) {
        if (!seen.has(next) && graph.nodes[next]) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  return seen;
};

const sideState = (
  node: LineageNode,
  side: Side,
  graph: ExploredGraph,
  known: number,
  shown: number,
  isRoot: boolean,
): SideState => {
  const total = (side === 'upstream' ? node.upstream_count : node.downstream_count) ?? null;
  const serverHidden = (side === 'upstream' ? node.upstream_hidden : node.downstream_hidden) ?? 0;
  // The answer a node came in may be older than neighbours loaded since: what is known now
  // bounds what can still be hidden.
  const hidden =
    total === null
      ? graph.expanded[sideKey(node.urn, side)]
        ? 0
        : serverHidden
      : Math.max(0, Math.min(serverHidden, total - known));
  return {
    total,
    hidden,
    shown,
    collapsed: Boolean(graph.collapsed[sideKey(node.urn, side)]),
    expandable: isRoot || (side === 'upstream' ? node.hops <= 0 : node.hops >= 0),
    cursor: (side === 'upstream' ? node.upstream_cursor : node.downstream_cursor) ?? null,
  };
};

export function buildView(
  root: string,
  graph: ExploredGraph,
  filters: Filters = NO_FILTERS,
  groupAt = GROUP_AT,
): GraphView {
  const allEdges = Object.values(graph.edges);
  const { up, down } = neighbours(allEdges);
  const visible = reachable(root, graph, up, down);
  const platforms = [...new Set(Object.values(graph.nodes).map((n) => n.platform))].sort();
  const datasets = showsType(filters, 'dataset');
  if (filters.platforms.length || !datasets) {
    for (const urn of [...visible]) {
      const platform = graph.nodes[urn]!.platform;
      const platformOut = filters.platforms.length > 0 && !filters.platforms.includes(platform);
      if (urn !== root && (!datasets || platformOut)) {
        visible.delete(urn);
      }
    }
  }
  const drawnNeighbours = (urn: string, side: Side) =>
    [...((side === 'upstream' ? up : down).get(urn) ?? [])].filter((n) => visible.has(n));

  // Fold fan-outs: the leaves on one side of a node beyond the first `groupAt` (by name).
  const degree = (urn: string) =>
    drawnNeighbours(urn, 'upstream').length + drawnNeighbours(urn, 'downstream').length;
  const more: MoreNode[] = [];
  const folded = new Set<string>();
  for (const urn of visible) {
    for (const side of ['upstream', 'downstream'] as const) {
      if (graph.collapsed[sideKey(urn, side)]) continue;
      const node = graph.nodes[urn]!;
      const leaves = drawnNeighbours(urn, side)
        .filter((n) => n !== root && !folded.has(n) && degree(n) === 1)
        .sort((a, b) => graph.nodes[a]!.name.localeCompare(graph.nodes[b]!.name));
      const grouped = graph.ungrouped[sideKey(urn, side)] ? [] : leaves.slice(groupAt);
      for (const leaf of grouped) folded.add(leaf);
      const known = (side === 'upstream' ? up : down).get(urn)?.size ?? 0;
      const state = sideState(node, side, graph, known, 0, urn === root);
      // Not loaded yet and nothing of that side drawn: the node's own + says so instead.
      const hidden = state.expandable && known ? state.hidden : 0;
      if (grouped.length || hidden) {
        more.push({
          id: `more:${sideKey(urn, side)}`,
          parent: urn,
          side,
          grouped,
          hidden,
          cursor: state.cursor,
        });
      }
    }
  }
  for (const urn of folded) visible.delete(urn);

  const nodes: ViewNode[] = [...visible].map((urn) => {
    const node = graph.nodes[urn]!;
    const isRoot = urn === root;
    const knownUp = up.get(urn)?.size ?? 0;
    const knownDown = down.get(urn)?.size ?? 0;
    return {
      node,
      isRoot,
      upstream: sideState(
        node,
        'upstream',
        graph,
        knownUp,
        drawnNeighbours(urn, 'upstream').length,
        isRoot,
      ),
      downstream: sideState(
        node,
        'downstream',
        graph,
        knownDown,
        drawnNeighbours(urn, 'downstream').length,
        isRoot,
      ),
    };
  });
  const edges = allEdges.filter((e) => visible.has(e.upstream) && visible.has(e.downstream));
  const fieldEdges = Object.values(graph.fieldEdges).filter(
    (e) => visible.has(e.upstream) && visible.has(e.downstream),
  );
  return {
    nodes,
    edges,
    fieldEdges,
    more,
    platforms,
    notShown: Object.keys(graph.nodes).length - visible.size,
  };
}

/** Whether clicking a node's + on `side` must ask the server (rather than reopen). */
export const needsFetch = (state: SideState): boolean =>
  !state.collapsed && (state.total === null ? state.shown === 0 : state.hidden > 0);
