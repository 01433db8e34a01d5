import { apiClient } from '@/lib/api-client';
import type { GroupRef, Page } from '@/types/api';

/** GET /groups/?q=: owner picker (teams). */
export const listGroups = async (q: string): Promise<GroupRef[]> =>
  (await apiClient.get<Page<GroupRef>>('/groups/', { params: { q, limit: 20 } })).data.results;
