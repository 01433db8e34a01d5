import { api } from '@/lib/api';
import type { PipelineDetail } from '@/types/entities';

/** GET /pipelines/{urn}/: a pipeline (DataHub's dataFlow), its tasks with their inputs and outputs. */
const endpoint = api.injectEndpoints({
  endpoints: (build) => ({
    getPipeline: build.query<PipelineDetail, string>({
      query: (urn) => ({ url: `/pipelines/${encodeURIComponent(urn)}/` }),
    }),
  }),
});

export const { useGetPipelineQuery } = endpoint;
