import { api } from '@/lib/api';
import type { ContainerDetail } from '@/types/entities';

/** GET /containers/{urn}/: a container (database, schema, folder…) with its path and children. */
const endpoint = api.injectEndpoints({
  endpoints: (build) => ({
    getContainer: build.query<ContainerDetail, string>({
      query: (urn) => ({ url: `/containers/${encodeURIComponent(urn)}/` }),
    }),
  }),
});

export const { useGetContainerQuery } = endpoint;
