/**
 * The entity pages' API shapes (tags, glossary, people, groups, domains, containers, pipelines,
 * dashboards, their history and search), named from the Swagger document's types as api.ts
 * names the dataset ones.
 */
import type { ResponseOf, Served } from './api';
import type { Definitions as D } from './api.generated';

/** Pages of the limit/offset pagination: {count, next, previous, results}. */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** A dataset a task, chart or dashboard names; status "unknown" when the catalog does not hold
 * it (yet), so it has no page. */
export type DatasetLink = Served<D['DatasetLink']>;
export type OwnerRef = Served<D['EntityOwner']>;
export type EntityRef = Served<D['EntityRef']>;

export type ContainerRef = Served<D['ContainerRef']>;
export type DatasetJob = Served<D['DatasetJob']>;
export type DatasetDashboard = Served<D['DatasetDashboard']>;

export type TagDetail = ResponseOf<'tags_read'>;

export type NamedRef = Served<D['NodeRef']>;
export type TermRelation = Served<D['RelatedTerm']>['relation'];
export type GlossaryTermDetail = ResponseOf<'glossary-terms_read'>;
export type GlossaryNodeSummary = Served<D['GlossaryNode']>;
export type GlossaryTermSummary = Served<D['NodeTerm']>;
export type GlossaryNodeDetail = ResponseOf<'glossary-nodes_read'>;
/** A term as the picker list (GET /glossary-terms/) gives it, with its group (`node`). */
export type GlossaryTermListItem = Served<D['GlossaryTerm']>;

export type FieldRef = Served<D['SchemaFieldRow']>;

export type DomainDetail = ResponseOf<'domains_read'>;
export type PersonDetail = ResponseOf<'people_read'>;
export type GroupDetail = ResponseOf<'groups_read'>;

export type ContainerSummary = Served<D['Container']>;
export type ContainerDetail = ResponseOf<'containers_read'>;

export type Run = Served<D['JobRun']>;
export type RunState = Run['state'];
export type PipelineJob = Served<D['JobSummary']>;
export type PipelineDetail = ResponseOf<'pipelines_read'>;
export type JobDetail = ResponseOf<'jobs_read'>;

export type DashboardDetail = ResponseOf<'dashboards_read'>;
export type ChartDetail = ResponseOf<'charts_read'>;

export type EntitySearchResult = Served<D['EntityHit']>;
export type EntitySearchResponse = ResponseOf<'entities_list'>;

export type EntityChange = Served<D['EntityChange']>;
export type EntityHistoryPage = Page<EntityChange>;
