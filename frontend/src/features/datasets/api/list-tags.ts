import { apiClient } from '@/lib/api-client';
import type { NamedEntity, Page } from '@/types/api';

/** GET /tags/?q=: tag picker. */
export const listTags = async (q: string): Promise<NamedEntity[]> =>
  (await apiClient.get<Page<NamedEntity>>('/tags/', { params: { q, limit: 50 } })).data.results;
