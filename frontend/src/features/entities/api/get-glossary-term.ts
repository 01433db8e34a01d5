import { api } from '@/lib/api';
import type { GlossaryTermDetail } from '@/types/entities';

/** GET /glossary-terms/{name}/: a term with its definition, place in the glossary and relations. */
const endpoint = api.injectEndpoints({
  endpoints: (build) => ({
    getGlossaryTerm: build.query<GlossaryTermDetail, string>({
      query: (name) => ({ url: `/glossary-terms/${encodeURIComponent(name)}/` }),
    }),
  }),
});

export const { useGetGlossaryTermQuery } = endpoint;
