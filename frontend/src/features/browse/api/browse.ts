import { api } from '@/lib/api';
import type { BrowseResponse } from '@/types/api';

export interface BrowseArgs {
  path: string;
  limit: number;
  offset: number;
}

/** GET /browse/?path=/hdfs/data: child folders with counts and the datasets at the path. */
const browseApi = api.injectEndpoints({
  endpoints: (build) => ({
    browse: build.query<BrowseResponse, BrowseArgs>({
      query: ({ path, limit, offset }) => ({ url: '/browse/', params: { path, limit, offset } }),
    }),
  }),
});

export const { useBrowseQuery } = browseApi;
