import type { DatasetDetail, Me } from '@/types/api';

/** Mirrors the API's rule (catalog.selectors.dataset_can_edit): an ingestion account never
 * edits by hand, even where ingestion named it owner; editors and admins edit anything; a
 * reader edits datasets they own, directly or through one of their groups. The API still
 * decides; this only hides controls that would be refused. */
export const canEditDataset = (user: Me | null, dataset: DatasetDetail | undefined): boolean => {
  if (!user || !dataset) return false;
  if (user.role === 'ingestion') return false;
  if (user.can_edit_any) return true;
  const mine = new Set([user.urn, ...user.groups.map((group) => `urn:li:corpGroup:${group}`)]);
  return dataset.owners.some((owner) => mine.has(owner.owner));
};
