import { api } from '@/lib/api';
import type { Platform } from '@/types/api';

/** GET /platforms/: every platform with its dataset count. */
const platformsApi = api.injectEndpoints({
  endpoints: (build) => ({
    listPlatforms: build.query<Platform[], void>({
      query: () => ({ url: '/platforms/' }),
    }),
  }),
});

export const { useListPlatformsQuery } = platformsApi;
