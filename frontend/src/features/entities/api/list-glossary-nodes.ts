import { api } from '@/lib/api';
import type { GlossaryNodeSummary } from '@/types/entities';

/** GET /glossary-nodes/: every term group, flat (the glossary's root shows those without a
 * parent). */
const endpoint = api.injectEndpoints({
  endpoints: (build) => ({
    listGlossaryNodes: build.query<GlossaryNodeSummary[], void>({
      query: () => ({ url: '/glossary-nodes/' }),
    }),
  }),
});

export const { useListGlossaryNodesQuery } = endpoint;
