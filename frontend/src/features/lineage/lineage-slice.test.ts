import { describe, expect, it } from 'vitest';

import type { LineageEdge, LineageGraph, LineageNode } from '@/types/api';

import { lineageSlice, merged, reset } from './lineage-slice';

const node = (urn: string, hops: number): LineageNode => ({
  urn,
  name: urn,
  platform: 'hive',
  origin: 'PROD',
  status: 'active',
  hops,
});
const edge = (upstream: string, downstream: string): LineageEdge => ({
  upstream,
  downstream,
  type: 'TRANSFORMED',
  actor: 'job',
  created_at: '2024-01-01T00:00:00Z',
  column_mappings: [],
  job: null,
});
const graph = (root: string, nodes: LineageGraph['nodes'], edges: LineageGraph['edges']) => ({
  root,
  nodes,
  edges,
  truncated: false,
});

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
          [node('r', 0), node('u', -1), node('d', 1)],
          [edge('u', 'r'), edge('r', 'd')],
        ),
      }),
    );
    expect(state.graphs.r?.nodes.r).toMatchObject({
      expandedUpstream: true,
      expandedDownstream: true,
    });
    expect(state.graphs.r?.nodes.u).toMatchObject({ hops: -1, expandedUpstream: false });

    state = lineageSlice.reducer(
      state,
      merged({
        root: 'r',
        from: 'u',
        direction: 'upstream',
        graph: graph('u', [node('u', 0), node('uu', -1)], [edge('uu', 'u')]),
      }),
    );
    const explored = state.graphs.r!;
    expect(Object.keys(explored.nodes).sort()).toEqual(['d', 'r', 'u', 'uu']);
    expect(explored.nodes.uu?.hops).toBe(-2);
    expect(explored.nodes.u?.expandedUpstream).toBe(true);
    expect(Object.keys(explored.edges)).toHaveLength(3);

    state = lineageSlice.reducer(state, reset('r'));
    expect(state.graphs.r).toBeUndefined();
  });
});
