import { api, axiosBaseQuery } from '@/lib/api';
import type { ApiError } from '@/lib/errors';
import type { DatasetPage, Platform, SearchResponse } from '@/types/api';

import { PAGE_SIZE, type SearchState } from '../search-params';

type Call = Parameters<typeof axiosBaseQuery>;

/**
 * Stop-gap while GET /search/ is not deployed: when it answers 404 the page falls back to the
 * dataset list (`name` contains the words of the query, platform/origin/tag/owner/domain/status
 * filters) with platform counts as the only facet. Remove once every environment has search.
 */
const fallbackSearch = async (
  state: SearchState,
  call: (args: Call[0]) => ReturnType<typeof axiosBaseQuery>,
): Promise<{ data: SearchResponse } | { error: ApiError }> => {
  const words = state.q
    .replace(/\w+:\S+/g, '')
    .replace(/["-]/g, ' ')
    .trim();
  const { term, ...filters } = state.filters;
  void term; // the dataset list cannot filter by glossary term
  const list = await call({
    url: '/datasets/',
    params: {
      ...filters,
      name: words || undefined,
      ordering: state.sort === '-modified_at' ? '-modified_at' : 'name',
      limit: PAGE_SIZE,
      offset: (state.page - 1) * PAGE_SIZE,
    },
  });
  if ('error' in list && list.error) return { error: list.error };
  const platforms = await call({ url: '/platforms/' });
  const page = list.data as DatasetPage;
  return {
    data: {
      count: page.count,
      count_is_exact: true,
      facets_are_exact: true,
      limit: PAGE_SIZE,
      offset: (state.page - 1) * PAGE_SIZE,
      fuzzy: false,
      results: page.results.map((dataset) => ({
        ...dataset,
        owners: [],
        score: 0,
        highlights: {},
      })),
      facets: {
        platform: ((platforms.data as Platform[] | undefined) ?? [])
          .filter((platform) => platform.dataset_count > 0)
          .map((platform) => ({ value: platform.name, count: platform.dataset_count })),
        origin: [],
        tag: [],
        owner: [],
        domain: [],
        term: [],
        status: [],
      },
    },
  };
};

/** GET /search/?q=&platform=…&limit=&offset=&sort= */
const searchApi = api.injectEndpoints({
  endpoints: (build) => ({
    searchDatasets: build.query<SearchResponse, SearchState>({
      queryFn: async (state, queryApi, extraOptions) => {
        const call = (args: Call[0]) => axiosBaseQuery(args, queryApi, extraOptions);
        const result = await call({
          url: '/search/',
          params: {
            q: state.q || undefined,
            ...state.filters,
            sort: state.sort,
            limit: PAGE_SIZE,
            offset: (state.page - 1) * PAGE_SIZE,
          },
        });
        if (result.error?.status === 404) {
          return fallbackSearch(state, call);
        }
        if (result.error) return { error: result.error };
        return { data: result.data as SearchResponse };
      },
    }),
  }),
});

export const { useSearchDatasetsQuery } = searchApi;
