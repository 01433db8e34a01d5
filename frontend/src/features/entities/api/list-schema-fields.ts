import { api } from '@/lib/api';
import type { FieldRef, Page } from '@/types/entities';

/** Exactly one of the two. */
export type FieldFilter = { tag: string } | { term: string };

/** GET /schema-fields/?tag=|term=: the fields a tag or term is on, ingested or edited. */
const endpoint = api.injectEndpoints({
  endpoints: (build) => ({
    listSchemaFields: build.query<
      Page<FieldRef>,
      { filter: FieldFilter; offset: number; limit: number }
    >({
      query: ({ filter, offset, limit }) => ({
        url: '/schema-fields/',
        params: { ...filter, offset, limit },
      }),
    }),
  }),
});

export const { useListSchemaFieldsQuery } = endpoint;
