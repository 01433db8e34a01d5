import { api } from '@/lib/api';
import type { PersonDetail } from '@/types/entities';

/** GET /people/{username}/: a person, their groups and what they own. */
const endpoint = api.injectEndpoints({
  endpoints: (build) => ({
    getPerson: build.query<PersonDetail, string>({
      query: (username) => ({ url: `/people/${encodeURIComponent(username)}/` }),
    }),
  }),
});

export const { useGetPersonQuery } = endpoint;
