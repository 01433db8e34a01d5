/** From what the explorer shows (view.ts) to what React Flow draws: nodes with positions from
 * dagre, dataset edges (through their task unless tasks are filtered out), "+ N more" nodes and,
 * in column mode, the fields each node opens into and the field-level edges between them. */
import type { ColumnTrace, FieldEdge, LineageField } from '@/types/api';

import {
  drawnSegments,
  layoutGraph,
  NODE_HEIGHT,
  NODE_WIDTH,
  type Segment,
  type Size,
} from './layout';
import { edgeKey, fieldEdgeKey } from './lineage-slice';
import type { GraphView, MoreNode } from './view';

export const JOB_HEIGHT = 44;
export const MORE_SIZE: Size = { width: 170, height: 40 };
export const FIELD_ROW = 22;
/** A node with this many fields or fewer shows them all in column mode; a larger one shows
 * those with lineage in the graph (and the traced one). */
export const ALL_FIELDS_UP_TO = 8;

export interface Trace {
  /** `${urn}#${field_path}` of every column on the path. */
  columns: Set<string>;
  /** fieldEdgeKey of every field edge on the path. */
  edges: Set<string>;
  /** Field edges of the path not in the explored graph (still drawn when both ends are). */
  extra: FieldEdge[];
  /** Columns on the path whose dataset the graph does not show. */
  outside: number;
}

export const columnKey = (urn: string, fieldPath: string): string => `${urn}#${fieldPath}`;

export const traceOf = (trace: ColumnTrace, drawn: ReadonlySet<string>): Trace => ({
  columns: new Set(trace.nodes.map((n) => columnKey(n.urn, n.field_path))),
  edges: new Set(trace.edges.map(fieldEdgeKey)),
  extra: trace.edges,
  outside: trace.nodes.filter((n) => !drawn.has(n.urn)).length,
});

/** The fields a node shows in column mode: all of few; else those with a field edge drawn. */
export const shownFields = (
  urn: string,
  fields: LineageField[],
  fieldEdges: FieldEdge[],
  trace: Trace | null,
): { fields: LineageField[]; others: number } => {
  const linked = new Set<string>();
  for (const edge of fieldEdges) {
    if (edge.upstream === urn) linked.add(edge.upstream_field);
    if (edge.downstream === urn) linked.add(edge.downstream_field);
  }
  for (const key of trace?.columns ?? []) {
    if (key.startsWith(`${urn}#`)) linked.add(key.slice(urn.length + 1));
  }
  if (fields.length <= ALL_FIELDS_UP_TO) {
    const known = new Set(fields.map((f) => f.field_path));
    const missing = [...linked].filter((path) => !known.has(path));
    return {
      fields: [
        ...fields,
        ...missing.map((path) => ({ field_path: path, type: '', native_type: '' })),
      ],
      others: 0,
    };
  }
  const byPath = new Map(fields.map((f) => [f.field_path, f]));
  const shown = [...linked]
    .sort()
    .map((path) => byPath.get(path) ?? { field_path: path, type: '', native_type: '' });
  return { fields: shown, others: Math.max(0, fields.length - shown.length) };
};

/** A node with more leaves than this on one side lays them out in a grid next to it rather
 * than in one column thousands of pixels tall (leaves: datasets drawn with that node as their
 * only neighbour, joined without a task node). */
export const GRID_AT = 16;
const GRID_GAP = { x: 40, y: 16 };

export interface LeafGrid {
  id: string;
  parent: string;
  side: 'upstream' | 'downstream';
  leaves: string[];
  columns: number;
}

/** The grids of leaves: not in column mode (nodes of different heights), never the root. */
export const leafGrids = (view: GraphView, root: string, segments: Segment[]): LeafGrid[] => {
  const touching = new Map<string, Set<string>>();
  const link = (a: string, b: string) => touching.set(a, (touching.get(a) ?? new Set()).add(b));
  for (const { source, target } of segments) {
    link(source, target);
    link(target, source);
  }
  const withMore = new Set(view.more.map((m) => m.parent));
  const groups = new Map<string, LeafGrid>();
  for (const { source, target, edge } of segments) {
    // Only a direct segment (no task between) makes a leaf; each leaf belongs to one parent.
    if (source !== edge.upstream || target !== edge.downstream) continue;
    for (const [leaf, parent, side] of [
      [target, source, 'downstream'],
      [source, target, 'upstream'],
    ] as const) {
      if (leaf === root || withMore.has(leaf) || touching.get(leaf)?.size !== 1) continue;
      const id = `grid:${parent}|${side}`;
      const group = groups.get(id) ?? { id, parent, side, leaves: [], columns: 1 };
      group.leaves.push(leaf);
      groups.set(id, group);
    }
  }
  const names = new Map(view.nodes.map(({ node }) => [node.urn, node.name]));
  const byName = (a: string, b: string) => (names.get(a) ?? a).localeCompare(names.get(b) ?? b);
  return [...groups.values()]
    .filter((g) => g.leaves.length > GRID_AT)
    .map((g) => ({
      ...g,
      leaves: [...new Set(g.leaves)].sort(byName),
      columns: Math.min(8, Math.ceil(Math.sqrt(g.leaves.length) / 2)),
    }));
};

const gridSize = (grid: LeafGrid): Size => {
  const rows = Math.ceil(grid.leaves.length / grid.columns);
  return {
    width: grid.columns * NODE_WIDTH + (grid.columns - 1) * GRID_GAP.x,
    height: rows * NODE_HEIGHT + (rows - 1) * GRID_GAP.y,
  };
};

export const nodeHeight = (rows: number, others: number): number =>
  NODE_HEIGHT + (rows + (others ? 1 : 0)) * FIELD_ROW + (rows || others ? 8 : 0);

export interface Drawn {
  segments: Segment[];
  /** Tasks drawn as nodes. */
  jobs: Map<string, { urn: string; name: string; flow: { urn: string; name: string } | null }>;
  fields: Map<string, { fields: LineageField[]; others: number }>;
  fieldEdges: FieldEdge[];
  sizes: Record<string, Size>;
  positions: Record<string, { x: number; y: number }>;
  /** Where the more-nodes hang: more-node id → [source, target]. */
  moreLinks: { more: MoreNode; source: string; target: string }[];
  /** Leaves laid out in a grid (their edges go unlabelled: hundreds of "TRANSFORMED"). */
  gridded: Set<string>;
}

/** Everything that decides where things go; data that does not move nodes (loading, found,
 * the selected edge) is added when the nodes are made. */
export function drawGraph(
  view: GraphView,
  options: { columns: boolean; showTasks: boolean; trace: Trace | null; root?: string },
): Drawn {
  const segments = drawnSegments(view.edges, options.showTasks);
  const jobs = new Map(
    options.showTasks
      ? view.edges.flatMap((e) => (e.job ? [[e.job.urn, e.job] as const] : []))
      : [],
  );
  const drawn = new Set(view.nodes.map((n) => n.node.urn));
  const extra = (options.trace?.extra ?? []).filter(
    (e) => drawn.has(e.upstream) && drawn.has(e.downstream),
  );
  const fieldEdgeMap = new Map(
    (options.columns ? [...view.fieldEdges, ...extra] : []).map((e) => [fieldEdgeKey(e), e]),
  );
  const fieldEdges = [...fieldEdgeMap.values()];
  const sizes: Record<string, Size> = {};
  const fields = new Map<string, { fields: LineageField[]; others: number }>();
  if (options.columns) {
    for (const { node } of view.nodes) {
      const shown = shownFields(node.urn, node.fields ?? [], fieldEdges, options.trace);
      fields.set(node.urn, shown);
      sizes[node.urn] = {
        width: NODE_WIDTH,
        height: nodeHeight(shown.fields.length, shown.others),
      };
    }
  }
  for (const urn of jobs.keys()) sizes[urn] = { width: NODE_WIDTH, height: JOB_HEIGHT };
  const moreLinks = view.more.map((more) =>
    more.side === 'downstream'
      ? { more, source: more.parent, target: more.id }
      : { more, source: more.id, target: more.parent },
  );
  for (const { more } of moreLinks) sizes[more.id] = MORE_SIZE;
  // Large fans of leaves: dagre places one block per fan, the leaves are then set in it.
  const grids = options.columns ? [] : leafGrids(view, options.root ?? '', segments);
  const inGrid = new Map<string, string>();
  for (const grid of grids) {
    for (const leaf of grid.leaves) inGrid.set(leaf, grid.id);
    sizes[grid.id] = gridSize(grid);
  }
  const placed = (id: string) => inGrid.get(id) ?? id;
  const ids = [
    ...[...drawn].filter((id) => !inGrid.has(id)),
    ...grids.map((g) => g.id),
    ...jobs.keys(),
    ...view.more.map((m) => m.id),
  ];
  const layoutEdges = [
    ...segments,
    ...moreLinks,
    // Column edges pull the datasets they join into line even without a dataset edge drawn.
    ...fieldEdges.map((e) => ({ source: e.upstream, target: e.downstream })),
  ].map((e) => ({ source: placed(e.source), target: placed(e.target) }));
  const positions = layoutGraph(ids, layoutEdges, sizes);
  for (const grid of grids) {
    const at = positions[grid.id]!;
    delete positions[grid.id];
    delete sizes[grid.id];
    grid.leaves.forEach((leaf, index) => {
      positions[leaf] = {
        x: at.x + (index % grid.columns) * (NODE_WIDTH + GRID_GAP.x),
        y: at.y + Math.floor(index / grid.columns) * (NODE_HEIGHT + GRID_GAP.y),
      };
    });
  }
  const gridded = new Set(inGrid.keys());
  return { segments, jobs, fields, fieldEdges, sizes, positions, moreLinks, gridded };
}

/** Distinct drawn segments (an edge through a task shares the task's segments). */
export const uniqueSegments = (segments: Segment[]) => {
  const seen = new Set<string>();
  return segments.filter(({ source, target }) => {
    const id = `${source}→${target}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
};

export const segmentKey = (segment: Segment): string => edgeKey(segment.edge);

/** The box around the drawn nodes. */
export const boundsOf = (
  positions: Record<string, { x: number; y: number }>,
  sizes: Record<string, Size>,
) => {
  const boxes = Object.entries(positions).map(([id, at]) => ({
    ...at,
    ...(sizes[id] ?? { width: NODE_WIDTH, height: NODE_HEIGHT }),
  }));
  if (!boxes.length) return { x: 0, y: 0, width: 0, height: 0 };
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
};
