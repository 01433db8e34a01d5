/**
 * The entity pages' API shapes (tags, glossary, people, groups, domains, containers, pipelines,
 * dashboards, their history and search), named from the Swagger document's types as api.ts
 * names the dataset ones. Where the document says less than the API serves, the type says so
 * here, with why; the fix belongs in the serializer (see api.ts).
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

/** SCHEMA GAP: drf-yasg marks the ContainerRef definition nullable (the dataset's `container`
 * may be null), which makes every item of `container_path` and of a container's `path` nullable
 * too. The API never serves a null item. */
export type ContainerRef = NonNullable<Served<D['ContainerRef']>>;
export type DatasetJob = Served<D['DatasetJob']>;
export type DatasetDashboard = Served<D['DatasetDashboard']>;

export type TagDetail = ResponseOf<'tags_read'>;

export type NamedRef = Served<D['NodeRef']>;
export type TermRelation = Served<D['RelatedTerm']>['relation'];
/** SCHEMA GAP: `parent` is null for a term in no group; the document says it is always there. */
export type GlossaryTermDetail = Omit<ResponseOf<'glossary-terms_read'>, 'parent'> & {
  parent: NamedRef | null;
};
export type GlossaryNodeSummary = Served<D['GlossaryNode']>;
export type GlossaryTermSummary = Served<D['NodeTerm']>;
export type GlossaryNodeDetail = ResponseOf<'glossary-nodes_read'>;
/** A term as the picker list (GET /glossary-terms/) gives it, with its group (`node`). */
export type GlossaryTermListItem = Served<D['GlossaryTerm']>;

/** SCHEMA GAP: `dataset` is a method field without a declared serializer, so the document
 * gives it as any object; the API serves a DatasetLink. */
export type FieldRef = Omit<Served<D['SchemaFieldRow']>, 'dataset'> & { dataset: DatasetLink };

export type DomainDetail = ResponseOf<'domains_read'>;
export type PersonDetail = ResponseOf<'people_read'>;
export type GroupDetail = ResponseOf<'groups_read'>;

export type ContainerSummary = Served<D['Container']>;
export type ContainerDetail = ResponseOf<'containers_read'>;

export type Run = Served<D['JobRun']>;
export type RunState = Run['state'];
export type PipelineJob = Served<D['JobSummary']>;
/** SCHEMA GAP: `last_run` is null for a pipeline no run was reported for; the document says
 * it is always there. */
export type PipelineDetail = Omit<ResponseOf<'pipelines_read'>, 'last_run'> & {
  last_run: Run | null;
};
export type JobDetail = ResponseOf<'jobs_read'>;

export type DashboardDetail = ResponseOf<'dashboards_read'>;
export type ChartDetail = ResponseOf<'charts_read'>;

export type EntitySearchResult = Served<D['EntityHit']>;
export type EntitySearchResponse = ResponseOf<'entities_list'>;

/** SCHEMA GAP: `before` and `after` are any JSON value of the aspect (a description's text,
 * a list of owners…); the document says an object or null. */
export type EntityChange = Omit<Served<D['EntityChange']>, 'before' | 'after'> & {
  before: unknown;
  after: unknown;
};
export type EntityHistoryPage = Page<EntityChange>;
