/** Shapes of the MDT REST API (/api/v1/), as served by the Django serializers. */

export type Source = 'ingested' | 'editable';
export type DatasetStatus = 'active' | 'deprecated' | 'removed';
export type Role = 'reader' | 'editor' | 'admin';

export const OWNERSHIP_TYPES = [
  'TECHNICAL_OWNER',
  'BUSINESS_OWNER',
  'DATA_STEWARD',
  'PRODUCER',
  'CONSUMER',
  'DEVELOPER',
  'DELEGATE',
  'STAKEHOLDER',
  'NONE',
] as const;
export type OwnershipType = (typeof OWNERSHIP_TYPES)[number];

export const CLASSIFICATIONS = {
  '': 'Not classified',
  NOT_PII: 'Not personal data',
  EMAIL: 'Email address',
  PHONE: 'Phone number',
  NAME: 'Person name',
  ADDRESS: 'Postal address',
  BIRTH_DATE: 'Birth date',
  GOVERNMENT_ID: 'Government ID',
  FINANCIAL: 'Financial account',
  IP_ADDRESS: 'IP address',
  DEVICE_ID: 'Device ID',
  LOCATION: 'Location',
  USER_ID: 'User identifier',
} as const;
export type Classification = keyof typeof CLASSIFICATIONS;

export interface ApiErrorBody {
  error: { code: string; message: string; fields: Record<string, unknown> };
}

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface Me {
  username: string;
  urn: string;
  display_name: string;
  email: string;
  title: string;
  role: Role;
  can_edit_any: boolean;
  is_admin: boolean;
  groups: string[];
}

export interface PlatformRef {
  name: string;
  display_name: string;
  kind: string;
}

export interface Platform extends PlatformRef {
  urn: string;
  dataset_count: number;
}

export interface LinkedName {
  name: string;
  source: Source;
}

export interface SchemaField {
  field_path: string;
  type: string;
  native_type: string;
  nullable: boolean;
  is_key: boolean;
  is_partition: boolean;
  ordinal: number;
  description: string;
  editable_description: string;
  tags: string[];
  editable_tags: string[];
  glossary_terms: string[];
  editable_glossary_terms: string[];
  classification: Classification;
}

export interface Owner {
  owner: string;
  kind: 'user' | 'group';
  name: string;
  display_name: string;
  type: OwnershipType;
  source: Source;
}

export interface DatasetRef {
  urn: string;
  name: string;
  platform: string;
  origin: string;
  status: DatasetStatus;
}

export interface ColumnMapping {
  upstreams: string[];
  downstreams: string[];
  transformation?: string;
}

export interface LineageEdgeRef {
  dataset: DatasetRef;
  type: string;
  actor: string;
  created_at: string;
  column_mappings: ColumnMapping[];
  source: Source;
}

export interface DatasetSummary {
  urn: string;
  name: string;
  platform: PlatformRef;
  origin: string;
  qualified_name: string;
  description: string;
  status: DatasetStatus;
  browse_path: string;
  domain: string | null;
  tags: string[];
  modified_at: string;
}

export interface Health {
  score: number;
  reasons: string[];
}

export interface DatasetDetail extends Omit<DatasetSummary, 'tags'> {
  platform_urn: string;
  docs: string;
  docs_html: string;
  custom_properties: Record<string, string>;
  deprecation_note: string;
  tags: LinkedName[];
  glossary_terms: LinkedName[];
  created_at: string;
  created_by: string;
  modified_by: string;
  version: number;
  health: Health;
  schema: SchemaField[];
  owners: Owner[];
  upstreams: LineageEdgeRef[];
  downstreams: LineageEdgeRef[];
}

export interface DatasetUpdate {
  docs?: string;
  status?: 'active' | 'deprecated';
  deprecation_note?: string;
  domain?: string | null;
  tags?: string[];
  glossary_terms?: string[];
}

export interface FieldEdit {
  field_path: string;
  description?: string;
  tags?: string[];
  glossary_terms?: string[];
  classification?: Classification;
}

export interface OwnerInput {
  owner: string;
  type: OwnershipType;
}

export interface ChangeEvent {
  id: number;
  aspect: string;
  actor: string;
  created_at: string;
  version: number;
  before: unknown;
  after: unknown;
}

export interface LineageNode {
  urn: string;
  name: string;
  platform: string;
  origin: string;
  status: DatasetStatus;
  hops: number;
}

export interface LineageEdge {
  upstream: string;
  downstream: string;
  type: string;
  actor: string;
  created_at: string;
  column_mappings: ColumnMapping[];
}

export interface LineageGraph {
  root: string;
  nodes: LineageNode[];
  edges: LineageEdge[];
  truncated: boolean;
}

export interface BrowseGroup {
  name: string;
  path: string;
  count: number;
}

export interface BrowseResponse {
  path: string;
  groups: BrowseGroup[];
  datasets: Page<DatasetSummary>;
}

export interface NamedEntity {
  name: string;
  urn: string;
  description?: string;
  dataset_count?: number;
  display_name?: string;
}

export interface UserRef {
  username: string;
  urn: string;
  display_name: string;
  email: string;
  title: string;
  role: Role;
}

export interface GroupRef {
  name: string;
  urn: string;
  display_name: string;
  email: string;
  description: string;
}

export const FACETS = ['platform', 'origin', 'tag', 'owner', 'domain', 'term', 'status'] as const;
export type FacetName = (typeof FACETS)[number];

export interface FacetValue {
  value: string;
  count: number;
}

export interface SearchResult {
  urn: string;
  name: string;
  platform: PlatformRef;
  origin: string;
  description: string;
  status: DatasetStatus;
  browse_path: string;
  domain: string | null;
  tags: string[];
  owners: string[];
  modified_at: string;
  score: number;
  highlights: Record<string, string[]>;
}

export interface SearchResponse {
  count: number;
  limit: number;
  offset: number;
  results: SearchResult[];
  facets: Partial<Record<FacetName, FacetValue[]>>;
}

export type SearchSort = 'relevance' | 'name' | '-modified_at';

export interface Suggestion {
  type: 'dataset' | 'field' | 'owner' | 'tag';
  text: string;
  urn: string | null;
  /** Where a dataset lives (names repeat across platforms); null for other suggestions. */
  platform: string | null;
  origin: string | null;
}
