import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MockAdapter from 'axios-mock-adapter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { apiClient } from '@/lib/api-client';
import { renderRoutes } from '@/test/render';
import type { Suggestion } from '@/types/api';

import { SearchBox } from './SearchBox';

const suggestion = (platform: string): Suggestion => ({
  type: 'dataset',
  text: 'shop.orders',
  urn: `urn:li:dataset:(urn:li:dataPlatform:${platform},shop.orders,PROD)`,
  platform,
  origin: 'PROD',
});

describe('SearchBox', () => {
  let mock: MockAdapter;
  beforeEach(() => {
    mock = new MockAdapter(apiClient);
  });
  afterEach(() => mock.restore());

  it('tells datasets of the same name apart by platform and origin', async () => {
    mock.onGet('/search/autocomplete/').reply(200, {
      suggestions: [
        suggestion('mysql'),
        suggestion('postgres'),
        { type: 'field', text: 'shop_id', urn: null, platform: null, origin: null },
      ],
    });
    renderRoutes([{ path: '/', element: <SearchBox /> }], '/');
    await userEvent.type(screen.getByRole('combobox'), 'sh');

    expect(await screen.findByText('mysql · PROD')).toBeInTheDocument();
    expect(screen.getByText('postgres · PROD')).toBeInTheDocument();
    expect(screen.getAllByText('shop.orders')).toHaveLength(2);
    expect(screen.getByText('shop_id')).toBeInTheDocument();
    expect(mock.history.get[0]?.params).toMatchObject({ q: 'sh' });
  });

  it('suggests terms, people and the like too, and opens the page of the one picked', async () => {
    mock.onGet('/search/autocomplete/').reply(200, { suggestions: [suggestion('mysql')] });
    mock.onGet('/entities/autocomplete/').reply(200, {
      suggestions: [
        {
          urn: 'urn:li:glossaryTerm:Revenue.Net',
          type: 'glossaryTerm',
          name: 'Revenue.Net',
          display_name: 'Net revenue',
          description: '',
          platform: null,
          url_key: 'Revenue.Net',
        },
      ],
    });
    const { router } = renderRoutes(
      [
        { path: '/', element: <SearchBox /> },
        { path: '/glossary/:name', element: <p>term page</p> },
      ],
      '/',
    );
    await userEvent.type(screen.getByRole('combobox'), 're');
    await userEvent.click(await screen.findByText('Net revenue'));
    expect(router.state.location.pathname).toBe('/glossary/Revenue.Net');
  });

  it('still suggests datasets when the entity suggestions fail', async () => {
    mock.onGet('/search/autocomplete/').reply(200, { suggestions: [suggestion('mysql')] });
    mock.onGet('/entities/autocomplete/').reply(500);
    renderRoutes([{ path: '/', element: <SearchBox /> }], '/');
    await userEvent.type(screen.getByRole('combobox'), 'sh');
    expect(await screen.findByText('mysql · PROD')).toBeInTheDocument();
  });
});
