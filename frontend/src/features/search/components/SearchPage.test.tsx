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
const response = (count: number): SearchResponse => ({
  count,
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
});

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
    await userEvent.click(within(platform).getByRole('checkbox', { name: 'kafka' }));
    await waitFor(() => expect(router.state.location.search).toBe('?q=customers&platform=kafka'));
    await waitFor(() =>
      expect(mock.history.get.at(-1)?.params).toMatchObject({ platform: ['kafka'], offset: 0 }),
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
});
