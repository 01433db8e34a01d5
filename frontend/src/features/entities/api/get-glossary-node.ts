import { api } from '@/lib/api';
import type { GlossaryNodeDetail } from '@/types/entities';

/** GET /glossary-nodes/{name}/: a term group with its child groups and terms. */
const endpoint = api.injectEndpoints({
  endpoints: (build) => ({
    getGlossaryNode: build.query<GlossaryNodeDetail, string>({
      query: (name) => ({ url: `/glossary-nodes/${encodeURIComponent(name)}/` }),
    }),
  }),
});

export const { useGetGlossaryNodeQuery } = endpoint;
