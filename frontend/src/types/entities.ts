/**
 * Entity pages' API shapes, written by hand from the contract (issue #16) until the backend's
 * Swagger schema describes them; then they come from api.generated.ts like the rest.
 */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface DatasetRef {
  urn: string;
  name: string;
  display_name: string;
  platform: { name: string; display_name: string };
  origin: string;
  status: string;
}

export interface OwnerRef {
  urn: string;
  kind: 'user' | 'group';
  name: string;
  display_name: string;
  type: string;
  type_label: string;
}

export interface EntityRef {
  urn: string;
  type: string;
  name: string;
}

export interface ContainerRef {
  urn: string;
  name: string;
  sub_type: string;
}

export interface DatasetJob {
  urn: string;
  name: string;
  flow: { urn: string; name: string } | null;
  orchestrator: string;
  role: 'reads' | 'writes';
}

export interface DatasetDashboard {
  urn: string;
  name: string;
  type: 'chart' | 'dashboard';
  platform: string;
}

/** What GET /datasets/{urn}/ gains: what links the dataset to the other entities. */
export interface EntityLinks {
  container: ContainerRef | null;
  container_path: ContainerRef[];
  jobs: DatasetJob[];
  dashboards: DatasetDashboard[];
}

export interface TagDetail {
  urn: string;
  name: string;
  description: string;
  color: string;
  dataset_count: number;
  field_count: number;
}

export interface NamedRef {
  name: string;
  display_name: string;
}

export type TermRelation = 'isA' | 'hasA' | 'values' | 'relatedTo';

export interface GlossaryTermDetail {
  urn: string;
  name: string;
  display_name: string;
  description: string;
  source_url: string;
  parent: NamedRef | null;
  path: NamedRef[];
  related: { name: string; relation: TermRelation; direction: 'out' | 'in' }[];
  owners: OwnerRef[];
  custom_properties: Record<string, string>;
  dataset_count: number;
  field_count: number;
}

export interface GlossaryNodeSummary {
  name: string;
  display_name: string;
  description: string;
  parent: string | null;
  term_count: number;
  child_count: number;
}

export interface GlossaryTermSummary {
  name: string;
  display_name: string;
  description: string;
  dataset_count: number;
}

export interface GlossaryNodeDetail {
  urn: string;
  name: string;
  display_name: string;
  description: string;
  parent: NamedRef | null;
  path: NamedRef[];
  owners: OwnerRef[];
  children: GlossaryNodeSummary[];
  terms: GlossaryTermSummary[];
}

/** A term as the picker list (GET /glossary-terms/) gives it. */
export interface GlossaryTermListItem {
  name: string;
  urn: string;
  description: string;
  dataset_count: number;
  display_name?: string;
  parent?: string | NamedRef | null;
}

export interface FieldRef {
  dataset: DatasetRef;
  field_path: string;
  type: string;
  native_type: string;
  description: string;
  tags: string[];
  glossary_terms: string[];
}

export interface DomainDetail {
  urn: string;
  name: string;
  display_name: string;
  description: string;
  dataset_count: number;
  owners: OwnerRef[];
}

export interface PersonDetail {
  urn: string;
  username: string;
  display_name: string;
  email: string;
  title: string;
  groups: { urn: string; name: string; display_name: string }[];
  owned: { datasets: number; via_groups: number; other: EntityRef[] };
}

export interface GroupDetail {
  urn: string;
  name: string;
  display_name: string;
  email: string;
  description: string;
  members: { urn: string; username: string; display_name: string }[];
  dataset_count: number;
  other: EntityRef[];
}

export interface ContainerSummary {
  urn: string;
  name: string;
  sub_type: string;
  platform: string;
  parent_urn: string | null;
  description: string;
  dataset_count: number;
  child_count: number;
}

export interface ContainerDetail {
  urn: string;
  name: string;
  display_name: string;
  sub_type: string;
  platform: string;
  description: string;
  qualified_name: string;
  custom_properties: Record<string, string>;
  parent: ContainerRef | null;
  path: ContainerRef[];
  children: ContainerSummary[];
  dataset_count: number;
  owners: OwnerRef[];
}

export type RunState = 'START' | 'RUNNING' | 'COMPLETE' | 'FAIL' | 'ABORT' | 'OTHER';

export interface Run {
  run_id: string;
  state: RunState;
  started_at: string | null;
  ended_at: string | null;
  source: 'openlineage' | 'datahub';
}

export interface PipelineJob {
  urn: string;
  name: string;
  type: string;
  inputs: DatasetRef[];
  outputs: DatasetRef[];
}

export interface PipelineDetail {
  urn: string;
  name: string;
  orchestrator: string;
  cluster: string;
  flow_id: string;
  description: string;
  url: string;
  custom_properties: Record<string, string>;
  owners: OwnerRef[];
  jobs: PipelineJob[];
  last_run: Run | null;
}

export interface JobDetail {
  urn: string;
  name: string;
  job_id: string;
  type: string;
  description: string;
  url: string;
  custom_properties: Record<string, string>;
  flow: { urn: string; name: string; orchestrator: string } | null;
  owners: OwnerRef[];
  inputs: DatasetRef[];
  outputs: DatasetRef[];
  runs: Run[];
}

export interface DashboardDetail {
  urn: string;
  name: string;
  platform: string;
  description: string;
  url: string;
  custom_properties: Record<string, string>;
  owners: OwnerRef[];
  charts: { urn: string; name: string; type: string; url: string }[];
  datasets: DatasetRef[];
}

export interface ChartDetail {
  urn: string;
  name: string;
  platform: string;
  type: string;
  description: string;
  url: string;
  custom_properties: Record<string, string>;
  owners: OwnerRef[];
  dashboards: { urn: string; name: string }[];
  datasets: DatasetRef[];
}

export interface EntitySearchResult {
  urn: string;
  type: string;
  name: string;
  display_name: string;
  description: string;
  platform: string | null;
  url_key: string;
}

export interface EntitySearchResponse extends Page<EntitySearchResult> {
  facets: { type: { value: string; count: number }[] };
}

export interface EntityChange {
  id: number;
  aspect: string;
  actor: string;
  created_at: string;
  before: unknown;
  after: unknown;
}
