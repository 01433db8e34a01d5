import { apiClient } from '@/lib/api-client';
import type { ResponseOf } from '@/types/api';
import type { EntitySearchResult } from '@/types/entities';

/** GET /entities/autocomplete/?q=&limit=: terms, tags, people, pipelines… whose names start
 * with what is typed, beside the dataset suggestions. */
export const autocompleteEntities = async (
  q: string,
  signal?: AbortSignal,
  limit = 5,
): Promise<EntitySearchResult[]> => {
  const response = await apiClient.get<ResponseOf<'entities_autocomplete_list'>>(
    '/entities/autocomplete/',
    { params: { q, limit }, signal },
  );
  return response.data.suggestions;
};
