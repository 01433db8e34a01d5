import type { FacetName } from '@/types/api';

export const FACET_LABELS: Record<FacetName, string> = {
  platform: 'Platform',
  origin: 'Environment',
  tag: 'Tags',
  owner: 'Owners',
  domain: 'Domain',
  term: 'Glossary terms',
  status: 'Status',
};
