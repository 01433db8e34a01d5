import { FilterOutlined, InfoCircleOutlined } from '@ant-design/icons';
import {
  Collapse,
  Empty,
  Grid,
  Pagination,
  Select,
  Skeleton,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';

import { ErrorState } from '@/components/ErrorState';
import { urnName } from '@/lib/routes';
import { FACETS, type SearchSort } from '@/types/api';

import { useSearchDatasetsQuery } from '../api/search-datasets';
import { formatTotal, lowerBoundHint } from '../counts';
import { kindOf, parseEntitySearch } from '../entity-search';
import {
  PAGE_SIZE,
  SORTS,
  pageableTotal,
  parseSearchParams,
  resultRange,
  toSearchParams,
  toggleFilter,
  type SearchState,
} from '../search-params';
import { FACET_LABELS } from '../facets';
import { EntitySearch } from './EntitySearch';
import { FacetPanel } from './FacetPanel';
import { SearchKindSelector } from './SearchKindSelector';
import { SearchResultItem } from './SearchResultItem';

function DatasetSearch() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseSearchParams(params), [params]);
  const query = useSearchDatasetsQuery(state);
  const { error, isLoading, isFetching, refetch } = query;
  // RTK Query keeps the last good answer in `data` when a later search fails: showing it under
  // the error would pass another query's count and list off as this one's.
  const data = error ? undefined : query.data;
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;

  const update = (next: SearchState) => {
    setParams(toSearchParams(next));
    window.scrollTo({ top: 0 });
  };

  const facets = (
    <FacetPanel
      facets={data?.facets ?? {}}
      selected={state.filters}
      approximate={data?.facets_are_exact === false}
      onToggle={(facet, value, checked) => update(toggleFilter(state, facet, value, checked))}
    />
  );
  const [first, last] = resultRange(state.page, data?.count ?? 0);
  const active = FACETS.flatMap((facet) =>
    (state.filters[facet] ?? []).map((value) => ({ facet, value })),
  );

  return (
    <div className="search-page">
      <aside className="search-facets">
        {narrow ? (
          <Collapse
            size="small"
            items={[
              {
                key: 'filters',
                label: (
                  <span>
                    <FilterOutlined /> Filters{active.length ? ` (${active.length})` : ''}
                  </span>
                ),
                children: facets,
              },
            ]}
          />
        ) : (
          <>
            <Typography.Title level={5}>Filters</Typography.Title>
            {isLoading ? <Skeleton active /> : facets}
          </>
        )}
      </aside>
      <section className="search-results" aria-busy={isFetching}>
        <div className="search-toolbar">
          <Typography.Text data-testid="result-count">
            {data ? (
              <>
                Showing <strong>{first}</strong> - <strong>{last}</strong> of{' '}
                <strong>{formatTotal(data.count, data.count_is_exact)}</strong> results
                {state.q && (
                  <>
                    {' '}
                    for <strong>“{state.q}”</strong>
                  </>
                )}
                {!data.count_is_exact && (
                  <>
                    {' '}
                    <Tooltip title={lowerBoundHint(data.count)} trigger={['hover', 'focus']}>
                      <InfoCircleOutlined
                        className="count-hint"
                        tabIndex={0}
                        aria-label={lowerBoundHint(data.count)}
                      />
                    </Tooltip>
                  </>
                )}
              </>
            ) : (
              ' '
            )}
          </Typography.Text>
          <Select<SearchSort>
            aria-label="Sort by"
            value={state.sort}
            options={SORTS}
            onChange={(sort) => update({ ...state, sort, page: 1 })}
            style={{ width: 180 }}
          />
        </div>
        {active.length > 0 && (
          <div className="search-active-filters">
            {active.map(({ facet, value }) => (
              <Tag
                key={`${facet}:${value}`}
                closable
                onClose={() => update(toggleFilter(state, facet, value, false))}
              >
                {FACET_LABELS[facet]}: {facet === 'owner' ? urnName(value) : value}
              </Tag>
            ))}
          </div>
        )}
        {error ? (
          <ErrorState error={error} onRetry={() => void refetch()} />
        ) : isLoading ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : data && data.results.length === 0 ? (
          <Empty
            description={
              state.q || active.length
                ? 'No datasets match. Try fewer words or remove a filter.'
                : 'The catalog is empty.'
            }
          />
        ) : (
          <div className={isFetching ? 'search-list is-fetching' : 'search-list'}>
            {data?.results.map((result) => (
              <SearchResultItem key={result.urn} result={result} />
            ))}
          </div>
        )}
        {data && data.count > PAGE_SIZE && (
          <Pagination
            className="search-pagination"
            current={state.page}
            pageSize={PAGE_SIZE}
            total={pageableTotal(data.count)}
            showSizeChanger={false}
            onChange={(page) => update({ ...state, page })}
          />
        )}
      </section>
    </div>
  );
}

/** Datasets by default; terms, tags, people, pipelines… when the type selector asks for them. */
export default function SearchPage() {
  const [params] = useSearchParams();
  const entities = useMemo(() => parseEntitySearch(params), [params]);
  return (
    <div className="search-view">
      <SearchKindSelector q={params.get('q') ?? ''} value={kindOf(entities)} />
      {entities ? <EntitySearch state={entities} /> : <DatasetSearch />}
    </div>
  );
}
