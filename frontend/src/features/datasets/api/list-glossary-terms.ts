import { apiClient } from '@/lib/api-client';
import type { ResponseOf } from '@/types/api';

type Terms = ResponseOf<'glossary-terms_list'>;

/** GET /glossary-terms/?q=: glossary term picker. */
export const listGlossaryTerms = async (q: string): Promise<Terms['results']> =>
  (await apiClient.get<Terms>('/glossary-terms/', { params: { q, limit: 50 } })).data.results;
