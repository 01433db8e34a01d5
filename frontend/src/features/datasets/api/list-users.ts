import { apiClient } from '@/lib/api-client';
import type { ResponseOf } from '@/types/api';

type Users = ResponseOf<'users_list'>;

/** GET /users/?q=: owner picker (people). */
export const listUsers = async (q: string): Promise<Users['results']> =>
  (await apiClient.get<Users>('/users/', { params: { q, limit: 20 } })).data.results;
