import { api, datasetUrl } from '@/lib/api';
import type { LineageGraph, Operations } from '@/types/api';

export type LineageDirection = NonNullable<
  Operations['datasets_lineage_list']['query']['direction']
>;

/** GET /datasets/{urn}/lineage/?direction=&depth=: nodes (with hops) and edges. */
const lineageApi = api.injectEndpoints({
  endpoints: (build) => ({
    getLineage: build.query<
      LineageGraph,
      { urn: string; direction: LineageDirection; depth: number }
    >({
      query: ({ urn, direction, depth }) => ({
        url: datasetUrl(urn, 'lineage/'),
        params: { direction, depth },
      }),
      providesTags: (_result, _error, { urn }) => [{ type: 'Lineage', id: urn }],
    }),
  }),
});

export const { useLazyGetLineageQuery } = lineageApi;
