/** URL builders shared by every feature, so links look the same everywhere. */
import { type EntityType, isEntityType } from './entity-types';

export const datasetPath = (urn: string, tab?: string): string =>
  `/dataset/${encodeURIComponent(urn)}${tab ? `/${tab}` : ''}`;

/** The full-screen lineage explorer of a dataset. */
export const lineageExplorerPath = (urn: string): string =>
  `${datasetPath(urn, 'lineage')}/explore`;

/** A dataset's schema tab with one field picked out (the tab's filter starts at its path). */
export const datasetFieldPath = (urn: string, fieldPath: string): string =>
  `${datasetPath(urn, 'schema')}?${new URLSearchParams({ field: fieldPath }).toString()}`;

// Entities other than datasets: named ones by name, the rest by URN, always percent-encoded
// (names may hold slashes, URNs always hold colons and parentheses).
const at = (prefix: string, key: string): string => `/${prefix}/${encodeURIComponent(key)}`;

export const tagPath = (name: string): string => at('tag', name);
export const termPath = (name: string): string => at('glossary', name);
export const glossaryPath = (): string => '/glossary';
export const glossaryNodePath = (name: string): string => at('glossary-node', name);
export const personPath = (username: string): string => at('person', username);
export const groupPath = (name: string): string => at('group', name);
export const domainPath = (name: string): string => at('domain', name);
export const containerPath = (urn: string): string => at('container', urn);
export const pipelinePath = (urn: string): string => at('pipeline', urn);
export const jobPath = (urn: string): string => at('job', urn);
export const dashboardPath = (urn: string): string => at('dashboard', urn);
export const chartPath = (urn: string): string => at('chart', urn);

const PATHS: Record<EntityType, (key: string) => string> = {
  tag: tagPath,
  glossaryTerm: termPath,
  glossaryNode: glossaryNodePath,
  corpuser: personPath,
  corpGroup: groupPath,
  domain: domainPath,
  container: containerPath,
  dataFlow: pipelinePath,
  dataJob: jobPath,
  dashboard: dashboardPath,
  chart: chartPath,
};

/** The page of an entity from its type and `url_key` (as `GET /entities/` gives them); datasets
 * too. An unknown type gives null rather than a link that leads nowhere. */
export const entityPath = (type: string, urlKey: string): string | null => {
  if (type === 'dataset') return datasetPath(urlKey);
  return isEntityType(type) ? PATHS[type](urlKey) : null;
};

/** The page of an entity the API refers to (an `EntityRef`, a search hit). */
export const entityRefPath = (ref: { type: string; url_key: string }): string | null =>
  entityPath(ref.type, ref.url_key);

/** An owner's page: a person's or a group's. */
export const ownerPath = (owner: { kind: 'user' | 'group'; name: string }): string =>
  owner.kind === 'group' ? groupPath(owner.name) : personPath(owner.name);

export const browsePath = (path: string): string => {
  const parts = path.split('/').filter(Boolean).map(encodeURIComponent);
  return parts.length ? `/browse/${parts.join('/')}` : '/browse';
};

export const searchPath = (params: Record<string, string | string[] | undefined>): string => {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) {
      if (value.length) query.set(key, value.join(','));
    } else if (value) {
      query.set(key, value);
    }
  }
  const text = query.toString();
  return text ? `/search?${text}` : '/search';
};

/** `urn:li:corpuser:aberger` → `aberger`; other URNs come back unchanged. */
export const urnName = (urn: string): string => {
  const match = /^urn:li:(?:corpuser|corpGroup|dataPlatform|tag|glossaryTerm|domain):(.+)$/.exec(
    urn,
  );
  return match?.[1] ?? urn;
};
