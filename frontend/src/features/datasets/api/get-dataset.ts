import { api, datasetUrl } from '@/lib/api';
import type { DatasetDetail } from '@/types/api';

/** GET /datasets/{urn}/: everything the dataset page shows, health included. */
export const datasetApi = api.injectEndpoints({
  endpoints: (build) => ({
    getDataset: build.query<DatasetDetail, string>({
      query: (urn) => ({ url: datasetUrl(urn) }),
      providesTags: (_result, _error, urn) => [{ type: 'Dataset', id: urn }],
    }),
  }),
});

export const { useGetDatasetQuery, useLazyGetDatasetQuery } = datasetApi;
