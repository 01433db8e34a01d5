import { apiClient } from '@/lib/api-client';
import type { ResponseOf } from '@/types/api';

type Domains = ResponseOf<'domains_list'>;

/** GET /domains/?q=: domain picker. */
export const listDomains = async (q: string): Promise<Domains['results']> =>
  (await apiClient.get<Domains>('/domains/', { params: { q, limit: 50 } })).data.results;
