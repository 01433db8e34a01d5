import { api } from '@/lib/api';
import type { GlossaryTermListItem, Page } from '@/types/entities';

/** GET /glossary-terms/: terms a page at a time (the glossary's root lists those in no group). */
const endpoint = api.injectEndpoints({
  endpoints: (build) => ({
    listGlossaryTerms: build.query<Page<GlossaryTermListItem>, { offset: number; limit: number }>({
      query: (params) => ({ url: '/glossary-terms/', params }),
    }),
  }),
});

export const { useListGlossaryTermsQuery } = endpoint;
