export const DATASET_TABS = [
  'schema',
  'docs',
  'ownership',
  'lineage',
  'impact',
  'properties',
  'compliance',
  'status',
  'history',
] as const;
export type DatasetTab = (typeof DATASET_TABS)[number];
