import { api } from '@/lib/api';
import type { DashboardDetail } from '@/types/entities';

/** GET /dashboards/{urn}/: a dashboard, its charts and the datasets it reads. */
const endpoint = api.injectEndpoints({
  endpoints: (build) => ({
    getDashboard: build.query<DashboardDetail, string>({
      query: (urn) => ({ url: `/dashboards/${encodeURIComponent(urn)}/` }),
    }),
  }),
});

export const { useGetDashboardQuery } = endpoint;
