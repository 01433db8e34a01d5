import { isAxiosError } from 'axios';

import { apiClient } from '@/lib/api-client';
import type { DatasetPage, ResponseOf, Suggestion } from '@/types/api';

/** GET /search/autocomplete/?q=&limit=: called as the user types (debounced, ≥ 2 chars).
 * Where search is not deployed yet (404), dataset names from the dataset list stand in. */
export const autocomplete = async (
  q: string,
  signal?: AbortSignal,
  limit = 8,
): Promise<Suggestion[]> => {
  try {
    const response = await apiClient.get<ResponseOf<'search_autocomplete_list'>>(
      '/search/autocomplete/',
      {
        params: { q, limit },
        signal,
      },
    );
    return response.data.suggestions;
  } catch (error) {
    if (!isAxiosError(error) || error.response?.status !== 404) throw error;
    const response = await apiClient.get<DatasetPage>('/datasets/', {
      params: { name: q, limit },
      signal,
    });
    return response.data.results.map((dataset) => ({
      type: 'dataset',
      text: dataset.name,
      urn: dataset.urn,
      platform: dataset.platform.name,
      origin: dataset.origin,
    }));
  }
};
