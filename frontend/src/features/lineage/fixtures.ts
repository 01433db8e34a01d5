/** Typed API answers for the lineage tests, shaped as the issue #18 contract says. */
import type { FieldEdge, ImpactPage, LineageEdge, LineageGraph, LineageNode } from '@/types/api';

export const node = (urn: string, hops: number, extra: Partial<LineageNode> = {}): LineageNode => ({
  urn,
  name: urn,
  platform: 'hive',
  origin: 'PROD',
  status: 'active',
  hops,
  upstream_count: 0,
  downstream_count: 0,
  upstream_hidden: 0,
  downstream_hidden: 0,
  upstream_cursor: null,
  downstream_cursor: null,
  fields: [],
  ...extra,
});

export const edge = (
  upstream: string,
  downstream: string,
  extra: Partial<LineageEdge> = {},
): LineageEdge => ({
  upstream,
  downstream,
  type: 'TRANSFORMED',
  actor: '',
  created_at: '2024-01-01T00:00:00Z',
  column_mappings: [],
  job: null,
  sources: ['ingested'],
  ...extra,
});

export const fieldEdge = (
  upstream: string,
  upstreamField: string,
  downstream: string,
  downstreamField: string,
  transformation = 'IDENTITY',
): FieldEdge => ({
  upstream,
  upstream_field: upstreamField,
  downstream,
  downstream_field: downstreamField,
  transformation,
});

export const graph = (
  root: string,
  nodes: LineageNode[],
  edges: LineageEdge[],
  fieldEdges: FieldEdge[] = [],
): LineageGraph => ({ root, nodes, edges, field_edges: fieldEdges, truncated: false });

/** A root with `n` downstream leaves, all loaded. */
export const fanOut = (root: string, n: number, hidden = 0): LineageGraph => {
  const leaves = Array.from({ length: n }, (_, i) =>
    node(`d${String(i).padStart(3, '0')}`, 1, { upstream_count: 1 }),
  );
  return graph(
    root,
    [
      node(root, 0, {
        downstream_count: n + hidden,
        downstream_hidden: hidden,
        downstream_cursor: hidden ? 'next' : null,
      }),
      ...leaves,
    ],
    leaves.map((leaf) => edge(root, leaf.urn)),
  );
};

export const impactPage = (extra: Partial<ImpactPage> = {}): ImpactPage => ({
  count: 2,
  next: null,
  previous: null,
  totals: [
    { hops: 1, count: 1 },
    { hops: 2, count: 1 },
  ],
  facets: {
    type: [
      { value: 'dataset', count: 1 },
      { value: 'chart', count: 1 },
    ],
    platform: [{ value: 'hive', count: 2 }],
  },
  results: [
    {
      urn: 'urn:li:dataset:(urn:li:dataPlatform:hive,db.b,PROD)',
      type: 'dataset',
      name: 'db.b',
      platform: 'hive',
      origin: 'PROD',
      status: 'active',
      owners: [{ name: 'alice', kind: 'user' }],
      actor: 'urn:li:corpuser:etl',
      last_modified: '2024-02-01T00:00:00Z',
      hops: 1,
      path: [
        { urn: 'root', name: 'db.a', type: 'dataset' },
        {
          urn: 'urn:li:dataset:(urn:li:dataPlatform:hive,db.b,PROD)',
          name: 'db.b',
          type: 'dataset',
        },
      ],
    },
    {
      urn: 'urn:li:chart:(looker,c1)',
      type: 'chart',
      name: 'Revenue chart',
      platform: 'looker',
      origin: 'PROD',
      status: 'active',
      owners: [],
      actor: '',
      last_modified: null,
      hops: 2,
      path: [
        { urn: 'root', name: 'db.a', type: 'dataset' },
        {
          urn: 'urn:li:dataset:(urn:li:dataPlatform:hive,db.b,PROD)',
          name: 'db.b',
          type: 'dataset',
        },
        { urn: 'urn:li:chart:(looker,c1)', name: 'Revenue chart', type: 'chart' },
      ],
    },
  ],
  ...extra,
});
