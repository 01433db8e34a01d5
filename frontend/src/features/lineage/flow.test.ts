import { describe, expect, it } from 'vitest';

import { edge, fanOut, fieldEdge, graph, node } from './fixtures';
import { ALL_FIELDS_UP_TO, boundsOf, drawGraph, nodeHeight, shownFields, traceOf } from './flow';
import { lineageSlice, merged } from './lineage-slice';
import { buildView } from './view';

const JOB = { urn: 'urn:li:dataJob:(urn:li:dataFlow:(airflow,d,prod),t)', name: 't', flow: null };
const field = (path: string) => ({ field_path: path, type: 'STRING', native_type: 'string' });

const explored = (g: ReturnType<typeof graph>, columns = false) =>
  lineageSlice.reducer(
    undefined,
    merged({ root: 'r', from: 'r', direction: 'both', graph: g, columns }),
  ).graphs.r!;

describe('drawGraph', () => {
  it('routes an edge through its task unless tasks are filtered out', () => {
    const g = graph('r', [node('r', 0), node('d', 1)], [edge('r', 'd', { job: JOB })]);
    const view = buildView('r', explored(g));
    const through = drawGraph(view, { columns: false, showTasks: true, trace: null });
    expect(through.jobs.has(JOB.urn)).toBe(true);
    expect(through.segments.map((s) => [s.source, s.target])).toEqual([
      ['r', JOB.urn],
      [JOB.urn, 'd'],
    ]);
    const straight = drawGraph(view, { columns: false, showTasks: false, trace: null });
    expect(straight.jobs.size).toBe(0);
    expect(straight.segments.map((s) => [s.source, s.target])).toEqual([['r', 'd']]);
  });

  it('hangs a "+ N more" downstream of its parent and lays it out', () => {
    const view = buildView('r', explored(fanOut('r', 40)));
    const drawn = drawGraph(view, { columns: false, showTasks: true, trace: null });
    expect(drawn.moreLinks).toHaveLength(1);
    const more = drawn.moreLinks[0]!;
    expect([more.source, more.target]).toEqual(['r', 'more:r|downstream']);
    expect(drawn.positions['more:r|downstream']!.x).toBeGreaterThan(drawn.positions['r']!.x);
  });

  it('opens nodes into their fields in column mode, sized to fit them', () => {
    const many = Array.from({ length: 20 }, (_, i) => field(`c${i}`));
    const g = graph(
      'r',
      [node('r', 0, { fields: many }), node('d', 1, { fields: [field('id'), field('x')] })],
      [edge('r', 'd')],
      [fieldEdge('r', 'c3', 'd', 'id')],
    );
    const drawn = drawGraph(buildView('r', explored(g, true)), {
      columns: true,
      showTasks: true,
      trace: null,
    });
    // Many fields: only the one with lineage, and a count of the others.
    expect(drawn.fields.get('r')).toEqual({ fields: [field('c3')], others: 19 });
    // Few fields: all of them.
    expect(drawn.fields.get('d')!.fields.map((f) => f.field_path)).toEqual(['id', 'x']);
    expect(drawn.sizes['r']!.height).toBe(nodeHeight(1, 19));
    expect(drawn.fieldEdges).toHaveLength(1);
  });
});

describe('column trace', () => {
  it('marks the columns and edges on the path and counts those outside the graph', () => {
    const trace = traceOf(
      {
        root: { urn: 'r', field_path: 'id' },
        truncated: false,
        nodes: [
          { urn: 'r', name: 'r', platform: 'hive', field_path: 'id', hops: 0 },
          { urn: 'd', name: 'd', platform: 'hive', field_path: 'id', hops: 1 },
          { urn: 'far', name: 'far', platform: 'hive', field_path: 'k', hops: 2 },
        ],
        edges: [fieldEdge('r', 'id', 'd', 'id'), fieldEdge('d', 'id', 'far', 'k')],
      },
      new Set(['r', 'd']),
    );
    expect(trace.columns.has('d#id')).toBe(true);
    expect(trace.outside).toBe(1);
    const many = Array.from({ length: ALL_FIELDS_UP_TO + 1 }, (_, i) => field(`c${i}`));
    // The traced column is shown even without a field edge in the explored graph.
    expect(shownFields('far', many, [], trace).fields.map((f) => f.field_path)).toEqual(['k']);
  });
});

describe('boundsOf', () => {
  it('spans every node box', () => {
    expect(
      boundsOf({ a: { x: 0, y: 0 }, b: { x: 300, y: 100 } }, { b: { width: 100, height: 50 } }),
    ).toEqual({ x: 0, y: 0, width: 400, height: 150 });
  });
});

describe('leaf grids', () => {
  it('sets a large fan of leaves in a grid beside its parent, without overlaps', () => {
    const g = explored(fanOut('r', 60));
    const view = buildView('r', { ...g, ungrouped: { 'r|downstream': true } });
    const drawn = drawGraph(view, { columns: false, showTasks: true, trace: null, root: 'r' });
    expect(drawn.gridded.size).toBe(60);
    const boxes = [...drawn.gridded].map((id) => drawn.positions[id]!);
    const xs = new Set(boxes.map((b) => b.x));
    expect(xs.size).toBeGreaterThan(1);
    for (const b of boxes) expect(b.x).toBeGreaterThan(drawn.positions['r']!.x);
    const keys = new Set(boxes.map((b) => `${b.x},${b.y}`));
    expect(keys.size).toBe(60);
    // A small fan stays with dagre.
    const small = drawGraph(buildView('r', explored(fanOut('r', 5))), {
      columns: false,
      showTasks: true,
      trace: null,
      root: 'r',
    });
    expect(small.gridded.size).toBe(0);
  });
});
