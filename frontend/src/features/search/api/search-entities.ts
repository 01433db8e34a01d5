import { api } from '@/lib/api';
import type { EntitySearchResponse } from '@/types/entities';

import { ENTITY_PAGE_SIZE, type EntitySearchState } from '../entity-search';

/** GET /entities/?q=&type=…: terms, tags, people, pipelines… matching the words, with a count
 * per type. */
const entitySearchApi = api.injectEndpoints({
  endpoints: (build) => ({
    searchEntities: build.query<EntitySearchResponse, EntitySearchState>({
      query: ({ q, types, page }) => ({
        url: '/entities/',
        params: {
          q: q || undefined,
          type: types.length ? types : undefined,
          limit: ENTITY_PAGE_SIZE,
          offset: (page - 1) * ENTITY_PAGE_SIZE,
        },
      }),
    }),
  }),
});

export const { useSearchEntitiesQuery } = entitySearchApi;
