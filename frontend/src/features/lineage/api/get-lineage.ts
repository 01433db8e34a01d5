import { api, datasetUrl } from '@/lib/api';
import type { LineageGraph } from '@/types/api';

import type { Direction } from '../lineage-slice';

export interface LineageArgs {
  urn: string;
  direction: Direction;
  depth: number;
  /** Neighbours drawn per node and direction (the server's default is 50, its most 200). */
  limit?: number;
  /** With the nodes' fields and the field-level edges. */
  columns?: boolean;
  /** One node's next neighbours: direction and depth then come from the cursor. */
  cursor?: string;
}

/** GET /datasets/{urn}/lineage/: nodes (with hops and "has more" counts) and edges. */
const lineageApi = api.injectEndpoints({
  endpoints: (build) => ({
    getLineage: build.query<LineageGraph, LineageArgs>({
      query: ({ urn, direction, depth, limit, columns, cursor }) => ({
        url: datasetUrl(urn, 'lineage/'),
        params: cursor
          ? { cursor, limit, columns: columns || undefined }
          : { direction, depth, limit, columns: columns || undefined },
      }),
      providesTags: (_result, _error, { urn }) => [{ type: 'Lineage', id: urn }],
    }),
  }),
});

export const { useLazyGetLineageQuery } = lineageApi;
