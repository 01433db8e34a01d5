import { apiClient } from '@/lib/api-client';
import { datasetUrl } from '@/lib/api';

import { type ImpactArgs, impactParams } from './get-impact';

/** GET /datasets/{urn}/impact/?format=csv as a Blob: through the API client, so the JWT goes
 * with it (a plain link would not carry it). Every row, whatever the page. */
export async function downloadImpactCsv(args: ImpactArgs): Promise<Blob> {
  // Every row, so no page: the export ignores limit and offset.
  const params = impactParams({ ...args, limit: undefined, offset: undefined });
  const response = await apiClient.get<Blob>(datasetUrl(args.urn, 'impact/'), {
    params: { ...params, format: 'csv' },
    responseType: 'blob',
    headers: { Accept: 'text/csv' },
  });
  return response.data;
}
