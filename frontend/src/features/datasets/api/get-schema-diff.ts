import { api, datasetUrl } from '@/lib/api';
import type { SchemaDiff } from '@/types/api';

/** GET /datasets/{urn}/schema/diff/?to=: the fields a schema change added, removed or retyped,
 * with who reads the removed and retyped ones (the blast radius). */
const schemaDiffApi = api.injectEndpoints({
  endpoints: (build) => ({
    getSchemaDiff: build.query<SchemaDiff, { urn: string; to: number }>({
      query: ({ urn, to }) => ({ url: datasetUrl(urn, 'schema/diff/'), params: { to } }),
      providesTags: (_result, _error, { urn }) => [{ type: 'History', id: urn }],
    }),
  }),
});

export const { useGetSchemaDiffQuery } = schemaDiffApi;
