import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MockAdapter from 'axios-mock-adapter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { apiClient } from '@/lib/api-client';
import { renderRoutes } from '@/test/render';
import type { SearchResponse, SearchResult } from '@/types/api';

import SearchPage from './SearchPage';

const RESULT: SearchResult = {
  urn: 'urn:li:dataset:(urn:li:dataPlatform:hive,db.customers,PROD)',
  name: 'db.customers',
  display_name: '',
  platform: { name: 'hive', display_name: 'Hive', kind: 'relational' },
  origin: 'PROD',
  qualified_name: 'customers',
  description: 'All customers',
  status: 'active',
  browse_path: '/hive/db',
  domain: 'marketing',
  tags: ['PII'],
  owners: ['urn:li:corpuser:aberger'],
  modified_at: '2024-01-01T00:00:00Z',
  score: 3,
  highlights: {
    name: ['db.<mark>customers</mark>'],
    description: ['All <mark>customers</mark> &lt;b&gt;'],
  },
};
const NO_FACETS = { origin: [], tag: [], owner: [], domain: [], term: [], status: [] };
const response = (count: number, exact: Partial<SearchResponse> = {}): SearchResponse => ({
  count,
  count_is_exact: true,
  facets_are_exact: true,
  limit: 10,
  offset: 0,
  fuzzy: false,
  results: [RESULT],
  facets: {
    platform: [
      { value: 'hive', count: 40 },
      { value: 'kafka', count: 17 },
    ],
    ...NO_FACETS,
  },
  ...exact,
});
const LOWER_BOUND_HINT = 'At least 10,000 datasets match; refine the search to count them exactly.';

describe('SearchPage', () => {
  let mock: MockAdapter;
  beforeEach(() => {
    mock = new MockAdapter(apiClient);
  });
  afterEach(() => mock.restore());

  it('shows counts, highlights and facets, and keeps filters in the URL', async () => {
    mock.onGet('/search/').reply(200, response(57));
    const { router } = renderRoutes(
      [{ path: '/search', element: <SearchPage /> }],
      '/search?q=customers&page=2',
    );
    // The count's element is there before the answer is: wait for its text, not the element.
    await waitFor(() =>
      expect(screen.getByTestId('result-count')).toHaveTextContent(
        'Showing 11 - 20 of 57 results for “customers”',
      ),
    );
    expect(mock.history.get[0]?.params).toMatchObject({
      q: 'customers',
      limit: 10,
      offset: 10,
      sort: 'relevance',
    });

    const link = screen.getByRole('link', { name: 'db.customers' });
    expect(within(link).getByText('customers').tagName).toBe('MARK');
    expect(screen.getByText(/<b>/)).toBeInTheDocument(); // escaped text stays text

    const platform = screen.getByRole('region', { name: 'Platform' });
    expect(within(platform).getByText('40')).toBeInTheDocument();
    // Exact counts say nothing about estimates.
    expect(screen.queryByRole('img', { name: LOWER_BOUND_HINT })).not.toBeInTheDocument();
    expect(screen.queryByRole('note')).not.toBeInTheDocument();
    expect(within(platform).queryByTitle('about 40')).not.toBeInTheDocument();
    await userEvent.click(within(platform).getByRole('checkbox', { name: 'kafka' }));
    await waitFor(() => expect(router.state.location.search).toBe('?q=customers&platform=kafka'));
    await waitFor(() =>
      expect(mock.history.get.at(-1)?.params).toMatchObject({ platform: ['kafka'], offset: 0 }),
    );
  });

  it('writes a total that stopped at the threshold as a lower bound, and explains it', async () => {
    mock.onGet('/search/').reply(200, response(10_000, { count_is_exact: false }));
    renderRoutes([{ path: '/search', element: <SearchPage /> }], '/search?q=data');
    await waitFor(() =>
      expect(screen.getByTestId('result-count')).toHaveTextContent(
        'Showing 1 - 10 of 10,000+ results for “data”',
      ),
    );
    const hint = screen.getByRole('img', { name: LOWER_BOUND_HINT });
    await userEvent.hover(hint);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(LOWER_BOUND_HINT);
    // Every page up to the threshold is offered: 10,000 / 10 per page.
    expect(screen.getByTitle('1000')).toBeInTheDocument();
  });

  it('offers no page past the deepest one the search can fetch', async () => {
    mock.onGet('/search/').reply(200, response(25_000)); // a threshold set above 10,000
    renderRoutes([{ path: '/search', element: <SearchPage /> }], '/search?q=data');
    await waitFor(() =>
      expect(screen.getByTestId('result-count')).toHaveTextContent('of 25,000 results'),
    );
    expect(screen.queryByRole('img', { name: /At least/ })).not.toBeInTheDocument();
    expect(screen.getByTitle('1000')).toBeInTheDocument();
    expect(screen.queryByTitle('2500')).not.toBeInTheDocument();
  });

  it('marks facet counts estimated from a sample as approximate', async () => {
    mock.onGet('/search/').reply(
      200,
      response(10_000, {
        count_is_exact: false,
        facets_are_exact: false,
        facets: { platform: [{ value: 'hive', count: 1234 }], ...NO_FACETS },
      }),
    );
    renderRoutes([{ path: '/search', element: <SearchPage /> }], '/search');
    const platform = await screen.findByRole('region', { name: 'Platform' });
    const count = within(platform).getByTitle('about 1,234');
    expect(count).toHaveTextContent('≈about 1,234'); // "about" for screen readers only
    expect(within(count).getByText('≈')).toHaveAttribute('aria-hidden', 'true');
    expect(screen.getByRole('note')).toHaveTextContent(
      'Counts are estimated from a sample of the matches. Pick a value to get exact results.',
    );
  });

  it('says so when nothing matches', async () => {
    mock
      .onGet('/search/')
      .reply(200, { ...response(0), results: [], facets: { platform: [], ...NO_FACETS } });
    renderRoutes([{ path: '/search', element: <SearchPage /> }], '/search?q=zzz');
    expect(await screen.findByText(/No datasets match/)).toBeInTheDocument();
  });

  it('shows the API error with a retry', async () => {
    mock
      .onGet('/search/')
      .reply(400, { error: { code: 'invalid', message: 'limit: too big', fields: {} } });
    renderRoutes([{ path: '/search', element: <SearchPage /> }], '/search?q=x');
    expect(await screen.findByText('limit: too big')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('drops the previous results when the next search fails', async () => {
    mock
      .onGet('/search/', { params: expect.objectContaining({ q: 'pageview' }) })
      .reply(200, response(141));
    mock.onGet('/search/').networkError(); // the API goes down before the next search
    const { router } = renderRoutes(
      [{ path: '/search', element: <SearchPage /> }],
      '/search?q=pageview',
    );
    await waitFor(() =>
      expect(screen.getByTestId('result-count')).toHaveTextContent('of 141 results'),
    );
    await router.navigate('/search?q=orders');
    expect(await screen.findByText('The server cannot be reached.')).toBeInTheDocument();
    expect(screen.getByTestId('result-count')).not.toHaveTextContent('141');
    expect(screen.queryByRole('link', { name: 'db.customers' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Platform' })).not.toBeInTheDocument();
  });

  it('finds other entities by type, counts each type, and links each to its page', async () => {
    const FLOW = 'urn:li:dataFlow:(airflow,daily_orders,prod)';
    mock.onGet('/entities/').reply(200, {
      count: 2,
      next: null,
      previous: null,
      results: [
        {
          urn: 'urn:li:glossaryTerm:Revenue.Net',
          type: 'glossaryTerm',
          name: 'Revenue.Net',
          display_name: 'Net revenue',
          description: 'Gross revenue less refunds.',
          platform: null,
          url_key: 'Revenue.Net',
        },
        {
          urn: FLOW,
          type: 'dataFlow',
          name: 'daily_orders',
          display_name: '',
          description: '',
          platform: 'airflow',
          url_key: FLOW,
        },
      ],
      facets: {
        type: [
          { value: 'glossaryTerm', count: 1 },
          { value: 'dataFlow', count: 1 },
          { value: 'corpuser', count: 4 },
        ],
      },
    });
    mock.onGet('/search/').reply(200, response(57));
    const { router } = renderRoutes(
      [{ path: '/search', element: <SearchPage /> }],
      '/search?q=revenue',
    );
    await waitFor(() =>
      expect(screen.getByTestId('result-count')).toHaveTextContent('of 57 results'),
    );

    // antd hides the radio input itself: people click its label.
    const pick = (name: string) =>
      userEvent.click(screen.getByRole('radio', { name }).closest('label')!);
    await pick('Glossary');
    await waitFor(() =>
      expect(router.state.location.search).toBe('?q=revenue&type=glossaryTerm%2CglossaryNode'),
    );
    await waitFor(() =>
      expect(screen.getByTestId('result-count')).toHaveTextContent(
        'Showing 1 - 2 of 2 glossary terms, term groups for “revenue”',
      ),
    );
    expect(mock.history.get.at(-1)?.params).toMatchObject({
      q: 'revenue',
      type: ['glossaryTerm', 'glossaryNode'],
      offset: 0,
    });
    expect(screen.getByRole('link', { name: 'Net revenue' })).toHaveAttribute(
      'href',
      '/glossary/Revenue.Net',
    );
    expect(screen.getByRole('link', { name: 'daily_orders' })).toHaveAttribute(
      'href',
      `/pipeline/${encodeURIComponent(FLOW)}`,
    );

    const types = screen.getByRole('region', { name: 'Type' });
    expect(within(types).getByRole('checkbox', { name: 'Glossary terms' })).toBeChecked();
    await userEvent.click(within(types).getByRole('checkbox', { name: 'People' }));
    await waitFor(() =>
      expect(router.state.location.search).toBe(
        '?q=revenue&type=glossaryTerm%2CglossaryNode%2Ccorpuser',
      ),
    );
    // No group has exactly these types: the selector shows none.
    expect(screen.getByRole('radio', { name: 'Glossary' })).not.toBeChecked();

    await pick('Datasets');
    await waitFor(() => expect(router.state.location.search).toBe('?q=revenue'));
    await waitFor(() =>
      expect(screen.getByTestId('result-count')).toHaveTextContent('of 57 results'),
    );
    expect(screen.getByRole('link', { name: 'db.customers' })).toBeInTheDocument();
  });
});
