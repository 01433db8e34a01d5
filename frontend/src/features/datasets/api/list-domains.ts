import { apiClient } from '@/lib/api-client';
import type { NamedEntity, Page } from '@/types/api';

/** GET /domains/?q=: domain picker. */
export const listDomains = async (q: string): Promise<NamedEntity[]> =>
  (await apiClient.get<Page<NamedEntity>>('/domains/', { params: { q, limit: 50 } })).data.results;
