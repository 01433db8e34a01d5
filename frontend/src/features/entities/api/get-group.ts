import { api } from '@/lib/api';
import type { GroupDetail } from '@/types/entities';

/** GET /groups/{name}/: a group, its members and what it owns. */
const endpoint = api.injectEndpoints({
  endpoints: (build) => ({
    getGroup: build.query<GroupDetail, string>({
      query: (name) => ({ url: `/groups/${encodeURIComponent(name)}/` }),
    }),
  }),
});

export const { useGetGroupQuery } = endpoint;
