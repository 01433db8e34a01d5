import { api, datasetUrl } from '@/lib/api';
import type { HistoryPage } from '@/types/api';

/** GET /datasets/{urn}/history/: who changed what, newest first, with before/after. */
const historyApi = api.injectEndpoints({
  endpoints: (build) => ({
    getHistory: build.query<HistoryPage, { urn: string; offset: number }>({
      query: ({ urn, offset }) => ({
        url: datasetUrl(urn, 'history/'),
        params: { limit: 20, offset },
      }),
      providesTags: (_result, _error, { urn }) => [{ type: 'History', id: urn }],
    }),
  }),
});

export const { useGetHistoryQuery } = historyApi;
