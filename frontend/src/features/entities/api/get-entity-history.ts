import { api } from '@/lib/api';
import type { EntityChange, Page } from '@/types/entities';

/** GET /entities/history/?urn=: who changed an entity (not a dataset), newest first. */
const endpoint = api.injectEndpoints({
  endpoints: (build) => ({
    getEntityHistory: build.query<Page<EntityChange>, { urn: string; offset: number }>({
      query: ({ urn, offset }) => ({
        url: '/entities/history/',
        params: { urn, limit: 20, offset },
      }),
    }),
  }),
});

export const { useGetEntityHistoryQuery } = endpoint;
