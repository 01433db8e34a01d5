import type { DatasetDetail, DatasetSummary } from '@/types/api';

/** A dataset as GET /datasets/{urn}/ serves it: a Hive table with nothing in it but what
 * `overrides` gives. The name, platform and browse path follow the URN's. */
export const datasetDetail = (urn: string, overrides: Partial<DatasetDetail> = {}) => {
  const [, platform = 'hive', name = 'x'] =
    /^urn:li:dataset:\(urn:li:dataPlatform:([^,]+),(.+),[A-Z]+\)$/.exec(urn) ?? [];
  return {
    urn,
    name,
    platform: { name: platform, display_name: platform, kind: 'relational' },
    origin: 'PROD',
    qualified_name: '',
    display_name: '',
    description: '',
    status: 'active',
    browse_path: `/${platform}`,
    domain: null,
    tags: [],
    glossary_terms: [],
    modified_at: '2024-01-01T00:00:00Z',
    platform_urn: `urn:li:dataPlatform:${platform}`,
    docs: '',
    docs_html: '',
    custom_properties: {},
    deprecation_note: '',
    created_at: '2024-01-01T00:00:00Z',
    created_by: 'urn:li:corpuser:x',
    modified_by: 'urn:li:corpuser:x',
    version: 1,
    health: { score: 50, reasons: [] },
    schema: [],
    owners: [],
    upstreams: [],
    downstreams: [],
    container: null,
    container_path: [],
    jobs: [],
    dashboards: [],
    schema_break: null,
    ...overrides,
  } satisfies DatasetDetail;
};

/** A dataset as lists serve it (GET /datasets/): a Hive table unless the URN says otherwise. */
export const datasetSummary = (urn: string, overrides: Partial<DatasetSummary> = {}) => {
  const detail = datasetDetail(urn);
  return {
    urn,
    name: detail.name,
    platform: detail.platform,
    origin: 'PROD',
    qualified_name: '',
    display_name: '',
    description: '',
    status: 'active',
    browse_path: detail.browse_path,
    domain: null,
    tags: [],
    modified_at: '2024-01-01T00:00:00Z',
    ...overrides,
  } satisfies DatasetSummary;
};

/** One page of a list in the API's pagination. */
export const page = <T>(results: T[], count = results.length) => ({
  count,
  next: null,
  previous: null,
  results,
});
