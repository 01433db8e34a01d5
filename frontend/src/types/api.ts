/**
 * The API's shapes as the UI uses them. The types come from the server's Swagger document
 * (api.generated.ts, written by `npm run api-types`, checked by `npm run api-types:check`);
 * this file only names them and narrows them:
 *
 * A response has every field its serializer declares. Swagger 2.0 has one schema for input
 * and output, and drf-yasg marks a field optional when it is read-only or has a default,
 * which is true of the request only. `Served<T>` makes every field of a response required.
 * Declared fields that may be absent, none of which the UI reads: a column mapping's
 * `transformation` (mappings are stored as sent) and an ingestion run error's `urn`/`unit`.
 *
 * Where the document says less than (or other than) what the API returns, fix the serializer
 * or the view's swagger_auto_schema and regenerate, rather than patching a type here:
 * tests/test_swagger_contract.py checks every operation's answers against the document, read
 * as the generator reads it.
 */
import type { Definitions, Operations, SharedResponses } from './api.generated';

export type { Operations };

/** A response body: every declared field present (see above); nullability kept. */
export type Served<T> = T extends readonly (infer Item)[]
  ? Served<Item>[]
  : T extends object
    ? { -readonly [K in keyof T]-?: Served<T[K]> }
    : T;

/** The success body of an operation (its 200 or 201 response), as served. */
export type ResponseOf<Op extends keyof Operations> = Served<
  Operations[Op]['responses'][Extract<keyof Operations[Op]['responses'], 200 | 201>]
>;

type D = Definitions;

export type Source = Served<D['Owner']>['source'];
export type DatasetStatus = Served<D['DatasetDetail']>['status'];
export type Role = Served<D['Me']>['role'];
export type OwnershipType = Served<D['Owner']>['type'];
export type OwnerInputType = NonNullable<OwnerInput['type']>;
export type Classification = Served<D['SchemaField']>['classification'];
export type FacetName = keyof D['Facets'];
export type SearchSort = NonNullable<Operations['search_list']['query']['sort']>;

/** `list` itself, if it names every member of the union T: a value the server adds to an enum
 * fails to compile here (the error names it) instead of going missing from a menu. */
const everyOf =
  <T>() =>
  <const L extends readonly T[]>(
    list: L & ([T] extends [L[number]] ? unknown : { missing: Exclude<T, L[number]> }),
  ): L =>
    list;

/** The types people pick from: DataHub's current ones. Sources may also give DataHub's
 * deprecated ones (kept as said) or a custom type by URN (`type: 'CUSTOM'`, `type_urn`). */
export const OWNERSHIP_TYPES: readonly OwnerInputType[] = [
  'TECHNICAL_OWNER',
  'BUSINESS_OWNER',
  'DATA_STEWARD',
  'NONE',
];

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
} as const satisfies Record<Classification, string>; // every classification, labelled

/** The facet panel's order. */
export const FACETS = everyOf<FacetName>()([
  'platform',
  'origin',
  'tag',
  'owner',
  'domain',
  'term',
  'status',
]);

export type ApiErrorBody = SharedResponses['Error'];

export type Me = Served<D['Me']>;
export type Credentials = D['SessionLogin'];
export type PlatformRef = Served<D['PlatformRef']>;
export type Platform = Served<D['Platform']>;
export type DatasetRef = Served<D['DatasetRef']>;
export type Owner = Served<D['Owner']>;
/** The owner editor always picks a type (left out, the server would take TECHNICAL_OWNER). */
export type OwnerInput = Required<D['OwnerInput']>;
export type DatasetUpdate = D['DatasetUpdate'];
export type FieldEdit = D['FieldEdit'];
export type FacetValue = Served<D['FacetValue']>;
export type Suggestion = Served<D['Suggestion']>;

/** A dataset's tag or glossary term with the side that set it. */
export type LinkedName = Served<D['LinkedName']>;
export type Health = Served<D['Health']>;
export type SchemaField = Served<D['SchemaField']>;
export type DatasetSummary = Served<D['DatasetSummary']>;
export type DatasetDetail = Served<D['DatasetDetail']>;

/** `before` and `after` are any JSON value of the aspect (a string for docs, a list for tags,
 * an object for schema edits, or null). */
export type ChangeEvent = Served<D['ChangeEvent']>;

export type LineageEdge = Served<D['LineageEdge']>;
type GeneratedNode = Served<D['LineageNode']>;
export type LineageField = NonNullable<NonNullable<GeneratedNode['fields']>[number]>;
/** `fields` is null without columns=true; its items are never null (a nullable nested
 * serializer reads as a nullable item to the generator). */
export type LineageNode = Omit<GeneratedNode, 'fields'> & { fields: LineageField[] | null };
export type FieldEdge = Served<D['FieldEdge']>;
export type LineageGraph = Omit<Served<D['LineageGraph']>, 'nodes'> & { nodes: LineageNode[] };
export type LineageType = LineageEdge['type'];
export type ImpactRow = Served<D['ImpactRow']>;
export type ImpactPage = Served<D['ImpactPage']>;
export type UpstreamsUpdate = D['UpstreamsEdit'];
export type UpstreamsResult = Served<D['Upstreams']>;

export type ColumnTrace = Served<D['ColumnTrace']>;
export type SchemaDiff = Served<D['SchemaDiff']>;
export type SchemaReader = SchemaDiff['removed'][number]['readers'][number];
export type SchemaBreak = NonNullable<DatasetDetail['schema_break']>;
export type BrowseResponse = ResponseOf<'browse_list'>;
export type BrowseGroup = BrowseResponse['groups'][number];

export type SearchResult = Served<D['SearchResult']>;
export type SearchResponse = Served<D['SearchResponse']>;

/** Pages of the limit/offset pagination: {count, next, previous, results}. */
export type DatasetPage = ResponseOf<'datasets_list'>;
export type HistoryPage = ResponseOf<'datasets_history_list'>;
