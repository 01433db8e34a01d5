import { api } from '@/lib/api';
import type { DomainDetail } from '@/types/entities';

/** GET /domains/{name}/: a domain with its owners and dataset count. */
const endpoint = api.injectEndpoints({
  endpoints: (build) => ({
    getDomain: build.query<DomainDetail, string>({
      query: (name) => ({ url: `/domains/${encodeURIComponent(name)}/` }),
    }),
  }),
});

export const { useGetDomainQuery } = endpoint;
