import { api } from '@/lib/api';
import type { TagDetail } from '@/types/entities';

/** GET /tags/{name}/: a tag with its description, colour and counts. */
const endpoint = api.injectEndpoints({
  endpoints: (build) => ({
    getTag: build.query<TagDetail, string>({
      query: (name) => ({ url: `/tags/${encodeURIComponent(name)}/` }),
    }),
  }),
});

export const { useGetTagQuery } = endpoint;
