/** The search page's other mode: entities that are not datasets (terms, tags, people…),
 * through GET /entities/. Its state lives in the URL too: `?q=…&type=glossaryTerm,glossaryNode`
 * (`type=all` for every type); no `type` is the dataset search. */
import { type EntityType, isEntityType } from '@/lib/entity-types';

export const ENTITY_PAGE_SIZE = 10;

/** The search page's type selector: datasets, or a group of entity types. */
export const SEARCH_KINDS: { value: string; label: string; types: EntityType[] | null }[] = [
  { value: 'datasets', label: 'Datasets', types: null },
  { value: 'glossary', label: 'Glossary', types: ['glossaryTerm', 'glossaryNode'] },
  { value: 'tags', label: 'Tags', types: ['tag'] },
  { value: 'people', label: 'People', types: ['corpuser'] },
  { value: 'groups', label: 'Groups', types: ['corpGroup'] },
  { value: 'domains', label: 'Domains', types: ['domain'] },
  { value: 'containers', label: 'Containers', types: ['container'] },
  { value: 'pipelines', label: 'Pipelines', types: ['dataFlow', 'dataJob'] },
  { value: 'dashboards', label: 'Dashboards', types: ['dashboard', 'chart'] },
  { value: 'all', label: 'All other', types: [] },
];

export interface EntitySearchState {
  q: string;
  /** The types asked for; empty for every type. */
  types: EntityType[];
  page: number;
}

/** The entity search the URL asks for, or null when it asks for the dataset search. */
export const parseEntitySearch = (params: URLSearchParams): EntitySearchState | null => {
  const raw = params.get('type');
  if (!raw) return null;
  const types = [
    ...new Set(
      raw
        .split(',')
        .map((value) => value.trim())
        .filter(isEntityType),
    ),
  ];
  // `all`, or only types this UI does not know (an old link), asks for every type.
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  return {
    q: params.get('q') ?? '',
    types,
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
};

export const toEntitySearchParams = (state: EntitySearchState): URLSearchParams => {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  params.set('type', state.types.length ? state.types.join(',') : 'all');
  if (state.page > 1) params.set('page', String(state.page));
  return params;
};

/** The selector's value for a state: the group with exactly these types, if one has. */
export const kindOf = (state: EntitySearchState | null): string | undefined => {
  if (!state) return 'datasets';
  const wanted = [...state.types].sort().join(',');
  return SEARCH_KINDS.find((kind) => kind.types && [...kind.types].sort().join(',') === wanted)
    ?.value;
};

/** The URL of the search for a selector value, keeping the words searched for. */
export const paramsForKind = (q: string, kind: string): URLSearchParams => {
  const types = SEARCH_KINDS.find((item) => item.value === kind)?.types ?? null;
  if (types === null) return new URLSearchParams(q ? { q } : {});
  return toEntitySearchParams({ q, types, page: 1 });
};

/** Ticks or unticks one type in the type facet; back to page 1. Unticking the last one asks
 * for every type again. */
export const toggleType = (
  state: EntitySearchState,
  type: EntityType,
  checked: boolean,
): EntitySearchState => {
  const types = checked
    ? [...new Set([...state.types, type])]
    : state.types.filter((item) => item !== type);
  return { ...state, types, page: 1 };
};
