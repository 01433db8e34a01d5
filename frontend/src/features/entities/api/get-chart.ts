import { api } from '@/lib/api';
import type { ChartDetail } from '@/types/entities';

/** GET /charts/{urn}/: a chart, its dashboards and the datasets it reads. */
const endpoint = api.injectEndpoints({
  endpoints: (build) => ({
    getChart: build.query<ChartDetail, string>({
      query: (urn) => ({ url: `/charts/${encodeURIComponent(urn)}/` }),
    }),
  }),
});

export const { useGetChartQuery } = endpoint;
