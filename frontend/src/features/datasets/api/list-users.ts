import { apiClient } from '@/lib/api-client';
import type { Page, UserRef } from '@/types/api';

/** GET /users/?q=: owner picker (people). */
export const listUsers = async (q: string): Promise<UserRef[]> =>
  (await apiClient.get<Page<UserRef>>('/users/', { params: { q, limit: 20 } })).data.results;
