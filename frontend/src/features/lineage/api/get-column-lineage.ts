import { api, datasetUrl } from '@/lib/api';
import type { ColumnTrace } from '@/types/api';

import type { Direction } from '../lineage-slice';

export interface ColumnLineageArgs {
  urn: string;
  fieldPath: string;
  direction?: Direction;
  maxHops?: number;
}

/** GET /datasets/{urn}/schema/{field_path}/lineage/: the columns a column comes from and feeds,
 * end to end. */
const columnLineageApi = api.injectEndpoints({
  endpoints: (build) => ({
    getColumnLineage: build.query<ColumnTrace, ColumnLineageArgs>({
      query: ({ urn, fieldPath, direction = 'both', maxHops = 10 }) => ({
        url: datasetUrl(urn, `schema/${encodeURIComponent(fieldPath)}/lineage/`),
        params: { direction, max_hops: maxHops },
      }),
      providesTags: (_result, _error, { urn }) => [{ type: 'Lineage', id: urn }],
    }),
  }),
});

export const { useLazyGetColumnLineageQuery } = columnLineageApi;
