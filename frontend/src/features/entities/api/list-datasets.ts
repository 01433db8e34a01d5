import { api } from '@/lib/api';
import type { DatasetPage } from '@/types/api';

/** What an entity page lists datasets by: comma lists, each filter ORs its values. */
export interface DatasetFilter {
  tag?: string;
  term?: string;
  owner?: string[];
  domain?: string;
  container?: string;
}

/** GET /datasets/?tag=|term=|owner=|domain=|container=: the datasets an entity page lists. */
const endpoint = api.injectEndpoints({
  endpoints: (build) => ({
    listDatasetsBy: build.query<
      DatasetPage,
      { filter: DatasetFilter; offset: number; limit: number }
    >({
      query: ({ filter, offset, limit }) => ({
        url: '/datasets/',
        params: { ...filter, ordering: 'name', offset, limit },
      }),
    }),
  }),
});

export const { useListDatasetsByQuery } = endpoint;
