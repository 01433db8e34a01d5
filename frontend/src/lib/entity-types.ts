/** The catalog's entity types besides datasets, as `GET /entities/` names them (DataHub's
 * names), and how the UI calls them. */

export const ENTITY_TYPES = [
  'tag',
  'glossaryTerm',
  'glossaryNode',
  'corpuser',
  'corpGroup',
  'domain',
  'container',
  'dataFlow',
  'dataJob',
  'dashboard',
  'chart',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const isEntityType = (value: string): value is EntityType =>
  (ENTITY_TYPES as readonly string[]).includes(value);

/** Singular and plural labels, for headers, result cards and the type facet. */
export const ENTITY_LABELS: Record<EntityType, { one: string; many: string }> = {
  tag: { one: 'Tag', many: 'Tags' },
  glossaryTerm: { one: 'Glossary term', many: 'Glossary terms' },
  glossaryNode: { one: 'Term group', many: 'Term groups' },
  corpuser: { one: 'Person', many: 'People' },
  corpGroup: { one: 'Group', many: 'Groups' },
  domain: { one: 'Domain', many: 'Domains' },
  container: { one: 'Container', many: 'Containers' },
  dataFlow: { one: 'Pipeline', many: 'Pipelines' },
  dataJob: { one: 'Task', many: 'Tasks' },
  dashboard: { one: 'Dashboard', many: 'Dashboards' },
  chart: { one: 'Chart', many: 'Charts' },
};

/** A type's label; a type the UI does not know yet is shown as the API names it. */
export const entityLabel = (type: string, plural = false): string =>
  isEntityType(type) ? ENTITY_LABELS[type][plural ? 'many' : 'one'] : type;
