import { describe, expect, it } from 'vitest';

import { edge, graph, node } from './fixtures';
import { collapsed, lineageSlice, merged, reopened, reset, sideKey } from './lineage-slice';

describe('lineage slice', () => {
  it('grows the graph hop by hop with hops relative to the root', () => {
    let state = lineageSlice.reducer(
      undefined,
      merged({
        root: 'r',
        from: 'r',
        direction: 'both',
        graph: graph(
          'r',
          [node('r', 0), node('u', -1, { upstream_count: 1, upstream_hidden: 1 }), node('d', 1)],
          [edge('u', 'r'), edge('r', 'd')],
        ),
      }),
    );
    expect(state.graphs.r?.expanded).toEqual({ 'r|upstream': true, 'r|downstream': true });
    expect(state.graphs.r?.nodes.u).toMatchObject({ hops: -1, upstream_hidden: 1 });

    state = lineageSlice.reducer(
      state,
      merged({
        root: 'r',
        from: 'u',
        direction: 'upstream',
        graph: graph('u', [node('u', 0, { upstream_count: 1 }), node('uu', -1)], [edge('uu', 'u')]),
      }),
    );
    const explored = state.graphs.r!;
    expect(Object.keys(explored.nodes).sort()).toEqual(['d', 'r', 'u', 'uu']);
    expect(explored.nodes.uu?.hops).toBe(-2);
    // The newest answer's counts win, the first distance stays.
    expect(explored.nodes.u).toMatchObject({ hops: -1, upstream_hidden: 0 });
    expect(explored.expanded[sideKey('u', 'upstream')]).toBe(true);
    expect(Object.keys(explored.edges)).toHaveLength(3);

    state = lineageSlice.reducer(state, reset('r'));
    expect(state.graphs.r).toBeUndefined();
  });

  it('collapses and reopens a side without forgetting it, and a fresh load replaces all', () => {
    let state = lineageSlice.reducer(
      undefined,
      merged({ root: 'r', from: 'r', direction: 'both', graph: graph('r', [node('r', 0)], []) }),
    );
    state = lineageSlice.reducer(state, collapsed({ root: 'r', urn: 'r', side: 'upstream' }));
    expect(state.graphs.r?.collapsed).toEqual({ 'r|upstream': true });
    state = lineageSlice.reducer(state, reopened({ root: 'r', urn: 'r', side: 'upstream' }));
    expect(state.graphs.r?.collapsed).toEqual({});

    state = lineageSlice.reducer(state, collapsed({ root: 'r', urn: 'r', side: 'downstream' }));
    state = lineageSlice.reducer(
      state,
      merged({
        root: 'r',
        from: 'r',
        direction: 'both',
        replace: true,
        columns: true,
        graph: graph('r', [node('r', 0), node('x', 2)], []),
      }),
    );
    expect(state.graphs.r).toMatchObject({ columns: true, collapsed: {} });
    expect(Object.keys(state.graphs.r!.nodes)).toEqual(['r', 'x']);
  });

  it('keeps field edges of column mode, once each', () => {
    const state = lineageSlice.reducer(
      undefined,
      merged({
        root: 'r',
        from: 'r',
        direction: 'both',
        graph: {
          ...graph('r', [node('r', 0), node('d', 1)], [edge('r', 'd')]),
          field_edges: [
            {
              upstream: 'r',
              upstream_field: 'id',
              downstream: 'd',
              downstream_field: 'id',
              transformation: '',
            },
            {
              upstream: 'r',
              upstream_field: 'id',
              downstream: 'd',
              downstream_field: 'id',
              transformation: '',
            },
          ],
        },
      }),
    );
    expect(Object.keys(state.graphs.r!.fieldEdges)).toEqual(['r#id→d#id']);
  });
});
