import { api, datasetUrl, ifMatch } from '@/lib/api';
import type { UpstreamsResult, UpstreamsUpdate } from '@/types/api';

/** POST /datasets/{urn}/lineage/upstreams/: add upstreams by hand or remove edges (an ingested
 * one stays hidden through re-ingestion). `version` when the page knows it (If-Match). */
const updateUpstreamsApi = api.injectEndpoints({
  endpoints: (build) => ({
    updateUpstreams: build.mutation<
      UpstreamsResult,
      { urn: string; version?: number; change: UpstreamsUpdate }
    >({
      query: ({ urn, version, change }) => ({
        url: datasetUrl(urn, 'lineage/upstreams/'),
        method: 'POST',
        data: change,
        headers: version === undefined ? undefined : ifMatch(version),
      }),
      invalidatesTags: (_result, _error, { urn }) => [
        { type: 'Lineage', id: urn },
        { type: 'History', id: urn },
        { type: 'Dataset', id: urn },
      ],
    }),
  }),
});

export const { useUpdateUpstreamsMutation } = updateUpstreamsApi;
