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
});
