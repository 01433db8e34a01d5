import { apiClient } from '@/lib/api-client';
import type { ResponseOf } from '@/types/api';

type Groups = ResponseOf<'groups_list'>;

/** GET /groups/?q=: owner picker (teams). */
export const listGroups = async (q: string): Promise<Groups['results']> =>
  (await apiClient.get<Groups>('/groups/', { params: { q, limit: 20 } })).data.results;
