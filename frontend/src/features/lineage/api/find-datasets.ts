import { apiClient } from '@/lib/api-client';
import type { DatasetPage } from '@/types/api';

/** Datasets whose name holds `q` (GET /datasets/?name=), for picking an upstream. */
export async function findDatasets(q: string): Promise<{ value: string; label: string }[]> {
  const response = await apiClient.get<DatasetPage>('/datasets/', {
    params: { name: q || undefined, limit: 20 },
  });
  return response.data.results.map((dataset) => ({
    value: dataset.urn,
    label: `${dataset.name} (${dataset.platform.name})`,
  }));
}
