import { FilterOutlined } from '@ant-design/icons';
import { Checkbox, Collapse, Empty, Grid, Pagination, Skeleton, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';

import { EntityTypeIcon } from '@/components/EntityTypeIcon';
import { ErrorState } from '@/components/ErrorState';
import { entityLabel, isEntityType } from '@/lib/entity-types';
import { entityPath } from '@/lib/routes';
import type { EntitySearchResult } from '@/types/entities';

import { useSearchEntitiesQuery } from '../api/search-entities';
import {
  ENTITY_PAGE_SIZE,
  type EntitySearchState,
  toEntitySearchParams,
  toggleType,
} from '../entity-search';

function EntityResult({ result }: { result: EntitySearchResult }) {
  const path = entityPath(result.type, result.url_key);
  const title = result.display_name || result.name;
  return (
    <article className="search-result" data-testid="entity-result">
      <div className="search-result-meta">
        <Tag icon={<EntityTypeIcon type={result.type} />} className="entity-result-type">
          {entityLabel(result.type)}
        </Tag>
        {result.platform && <Tag>{result.platform}</Tag>}
        {result.display_name && result.display_name !== result.name && (
          <Typography.Text type="secondary" code>
            {result.name}
          </Typography.Text>
        )}
      </div>
      {path ? (
        <Link to={path} className="search-result-name">
          {title}
        </Link>
      ) : (
        <span className="search-result-name">{title}</span>
      )}
      <Typography.Paragraph
        type="secondary"
        className="search-result-description"
        ellipsis={{ rows: 2 }}
      >
        {result.description || <em>No description</em>}
      </Typography.Paragraph>
    </article>
  );
}

/** Terms, tags, people, pipelines… matching the words, with a facet of counts by type. */
export function EntitySearch({ state }: { state: EntitySearchState }) {
  const [, setParams] = useSearchParams();
  const query = useSearchEntitiesQuery(state);
  const { error, isLoading, isFetching, refetch } = query;
  const data = error ? undefined : query.data;
  const update = (next: EntitySearchState) => {
    setParams(toEntitySearchParams(next));
    window.scrollTo({ top: 0 });
  };
  // A ticked type stays listed even when nothing of it matches these words.
  const facet = [
    ...(data?.facets.type ?? []),
    ...state.types
      .filter((type) => !data?.facets.type.some((item) => item.value === type))
      .map((type) => ({ value: type, count: 0 })),
  ];
  const narrow = Grid.useBreakpoint().md === false;
  const typeFacet = (
    <section className="facet-group" aria-label="Type">
      <Typography.Text strong className="facet-title">
        Type
      </Typography.Text>
      {facet.length === 0 && <Typography.Text type="secondary">No matches</Typography.Text>}
      {facet.map(({ value, count }) => (
        <div key={value} className="facet-value">
          <Checkbox
            checked={state.types.some((type) => type === value)}
            disabled={!isEntityType(value)}
            onChange={(event) => {
              if (isEntityType(value)) update(toggleType(state, value, event.target.checked));
            }}
          >
            <span className="facet-label">{entityLabel(value, true)}</span>
          </Checkbox>
          <span className="facet-count">{count.toLocaleString()}</span>
        </div>
      ))}
    </section>
  );
  const first = data?.count ? (state.page - 1) * ENTITY_PAGE_SIZE + 1 : 0;
  const last = Math.min(data?.count ?? 0, state.page * ENTITY_PAGE_SIZE);

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
                    <FilterOutlined /> Filters
                    {state.types.length ? ` (${state.types.length})` : ''}
                  </span>
                ),
                children: typeFacet,
              },
            ]}
          />
        ) : (
          <>
            <Typography.Title level={5}>Filters</Typography.Title>
            {isLoading ? <Skeleton active /> : typeFacet}
          </>
        )}
      </aside>
      <section className="search-results" aria-busy={isFetching}>
        <div className="search-toolbar">
          <Typography.Text data-testid="result-count">
            {data ? (
              <>
                Showing <strong>{first}</strong> - <strong>{last}</strong> of{' '}
                <strong>{data.count.toLocaleString()}</strong>{' '}
                {state.types.length
                  ? state.types.map((type) => entityLabel(type, true).toLowerCase()).join(', ')
                  : 'entities'}
                {state.q && (
                  <>
                    {' '}
                    for <strong>“{state.q}”</strong>
                  </>
                )}
              </>
            ) : (
              ' '
            )}
          </Typography.Text>
        </div>
        {error ? (
          <ErrorState error={error} onRetry={() => void refetch()} />
        ) : isLoading ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : data && data.results.length === 0 ? (
          <Empty description="Nothing matches. Try fewer words or another type." />
        ) : (
          <div className={isFetching ? 'search-list is-fetching' : 'search-list'}>
            {data?.results.map((result) => (
              <EntityResult key={`${result.type}:${result.urn}`} result={result} />
            ))}
          </div>
        )}
        {data && data.count > ENTITY_PAGE_SIZE && (
          <Pagination
            className="search-pagination"
            current={state.page}
            pageSize={ENTITY_PAGE_SIZE}
            total={Math.min(data.count, 10_000)}
            showSizeChanger={false}
            onChange={(page) => update({ ...state, page })}
          />
        )}
      </section>
    </div>
  );
}
