import { api } from '@/lib/api';
import type { JobDetail } from '@/types/entities';

/** GET /jobs/{urn}/: a pipeline task (DataHub's dataJob), its inputs, outputs and latest runs. */
const endpoint = api.injectEndpoints({
  endpoints: (build) => ({
    getJob: build.query<JobDetail, string>({
      query: (urn) => ({ url: `/jobs/${encodeURIComponent(urn)}/` }),
    }),
  }),
});

export const { useGetJobQuery } = endpoint;
