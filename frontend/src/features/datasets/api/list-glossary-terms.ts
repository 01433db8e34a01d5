import { apiClient } from '@/lib/api-client';
import type { NamedEntity, Page } from '@/types/api';

/** GET /glossary-terms/?q=: glossary term picker. */
export const listGlossaryTerms = async (q: string): Promise<NamedEntity[]> =>
  (await apiClient.get<Page<NamedEntity>>('/glossary-terms/', { params: { q, limit: 50 } })).data
    .results;
