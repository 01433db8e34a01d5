/** The search page's state lives in the URL (shareable, back button works): this maps
 * `?q=…&platform=hive,kafka&page=2&sort=name` to a typed object and back. */
import { FACETS, type FacetName, type SearchSort } from '@/types/api';

export const PAGE_SIZE = 10;
export const SORTS: { value: SearchSort; label: string }[] = [
  { value: 'relevance', label: 'Relevance' },
  { value: 'name', label: 'Name (A–Z)' },
  { value: '-modified_at', label: 'Recently modified' },
];

export interface SearchState {
  q: string;
  filters: Partial<Record<FacetName, string[]>>;
  page: number;
  sort: SearchSort;
}

const isSort = (value: string | null): value is SearchSort =>
  SORTS.some((sort) => sort.value === value);

export const parseSearchParams = (params: URLSearchParams): SearchState => {
  const filters: SearchState['filters'] = {};
  for (const facet of FACETS) {
    const values = params
      .getAll(facet)
      .flatMap((raw) => raw.split(','))
      .map((value) => value.trim())
      .filter(Boolean);
    if (values.length) filters[facet] = [...new Set(values)];
  }
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  const sort = params.get('sort');
  return {
    q: params.get('q') ?? '',
    filters,
    page: Number.isFinite(page) && page > 0 ? page : 1,
    sort: isSort(sort) ? sort : 'relevance',
  };
};

export const toSearchParams = (state: SearchState): URLSearchParams => {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const facet of FACETS) {
    const values = state.filters[facet];
    if (values?.length) params.set(facet, values.join(','));
  }
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.page > 1) params.set('page', String(state.page));
  return params;
};

/** Ticks or unticks one facet value; any filter change goes back to page 1. */
export const toggleFilter = (
  state: SearchState,
  facet: FacetName,
  value: string,
  checked: boolean,
): SearchState => {
  const current = state.filters[facet] ?? [];
  const next = checked
    ? [...new Set([...current, value])]
    : current.filter((item) => item !== value);
  const filters = { ...state.filters, [facet]: next };
  if (!next.length) delete filters[facet];
  return { ...state, filters, page: 1 };
};

export const resultRange = (page: number, count: number): [number, number] => {
  if (!count) return [0, 0];
  const first = (page - 1) * PAGE_SIZE + 1;
  return [first, Math.min(count, page * PAGE_SIZE)];
};

/** How deep the search can page: the API takes offsets up to 10,000 (SearchQuerySerializer)
 * and OpenSearch answers `from + size` up to its max_result_window, 10,000 by default. */
export const MAX_RESULTS = 10_000;

/** The total to page over: the count, but never pages the search cannot fetch. A count that
 * is only a lower bound (count_is_exact false) stops at the threshold, so it pages as far as
 * it says. */
export const pageableTotal = (count: number) => Math.min(count, MAX_RESULTS);
