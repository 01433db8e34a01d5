import { apiClient } from '@/lib/api-client';
import type { ResponseOf } from '@/types/api';

type Tags = ResponseOf<'tags_list'>;

/** GET /tags/?q=: tag picker. */
export const listTags = async (q: string): Promise<Tags['results']> =>
  (await apiClient.get<Tags>('/tags/', { params: { q, limit: 50 } })).data.results;
