import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MockAdapter from 'axios-mock-adapter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { apiClient } from '@/lib/api-client';
import { datasetFieldPath, datasetPath } from '@/lib/routes';
import { datasetSummary, page } from '@/test/factories';
import { renderRoutes } from '@/test/render';
import type { FieldRef, TagDetail } from '@/types/entities';

import TagPage from './TagPage';

const ORDERS = 'urn:li:dataset:(urn:li:dataPlatform:hive,sales.orders,PROD)';
const TAG: TagDetail = {
  urn: 'urn:li:tag:PII',
  name: 'PII',
  description: 'Personal data: handle under the privacy policy.',
  color: '#ff4d4f',
  dataset_count: 1,
  field_count: 1,
  owners: [],
};
const FIELD: FieldRef = {
  dataset: {
    urn: ORDERS,
    name: 'sales.orders',
    display_name: '',
    platform: 'hive',
    origin: 'PROD',
    status: 'active',
  },
  field_path: 'customer_email',
  type: 'STRING',
  native_type: 'varchar(200)',
  description: 'Where receipts go',
  tags: ['PII'],
  glossary_terms: ['Email'],
};

const routes = [
  { path: '/tag/:name', element: <TagPage /> },
  { path: '/dataset/:urn/:tab?', element: <p>dataset page</p> },
];

describe('TagPage', () => {
  let mock: MockAdapter;
  beforeEach(() => {
    mock = new MockAdapter(apiClient);
  });
  afterEach(() => mock.restore());

  it('shows the tag, its colour, the datasets and the fields it is on', async () => {
    mock.onGet('/tags/PII/').reply(200, TAG);
    mock.onGet('/datasets/').reply(200, page([datasetSummary(ORDERS, { tags: ['PII'] })]));
    mock.onGet('/schema-fields/').reply(200, page([FIELD]));
    const { router } = renderRoutes(routes, '/tag/PII');

    expect(await screen.findByRole('heading', { name: 'PII' })).toBeInTheDocument();
    expect(screen.getByText('Personal data: handle under the privacy policy.')).toBeInTheDocument();
    expect(screen.getByTitle('Colour #ff4d4f')).toHaveTextContent('#ff4d4f');

    const datasets = await screen.findByTestId('entity-datasets');
    expect(within(datasets).getByRole('link', { name: 'sales.orders' })).toHaveAttribute(
      'href',
      datasetPath(ORDERS),
    );
    expect(mock.history.get.find((call) => call.url === '/datasets/')?.params).toMatchObject({
      tag: 'PII',
      offset: 0,
      limit: 20,
    });

    await userEvent.click(screen.getByRole('tab', { name: 'Fields (1)' }));
    await waitFor(() => expect(router.state.location.search).toBe('?tab=fields'));
    const fields = await screen.findByTestId('entity-fields');
    expect(within(fields).getByRole('link', { name: 'customer_email' })).toHaveAttribute(
      'href',
      datasetFieldPath(ORDERS, 'customer_email'),
    );
    expect(within(fields).getByRole('link', { name: /Email/ })).toHaveAttribute(
      'href',
      '/glossary/Email',
    );
    expect(mock.history.get.find((call) => call.url === '/schema-fields/')?.params).toMatchObject({
      tag: 'PII',
    });
  });

  it('reads the tag from the URL as it was encoded, slashes included', async () => {
    mock.onGet('/tags/legal%2Fhold/').reply(200, { ...TAG, name: 'legal/hold', color: '' });
    mock.onGet('/datasets/').reply(200, page([]));
    renderRoutes(routes, '/tag/legal%2Fhold');
    expect(await screen.findByRole('heading', { name: 'legal/hold' })).toBeInTheDocument();
    expect(await screen.findByText('No dataset has this tag.')).toBeInTheDocument();
  });

  it('says the tag does not exist on a 404', async () => {
    mock
      .onGet('/tags/nope/')
      .reply(404, { error: { code: 'not_found', message: 'No tag nope.', fields: {} } });
    renderRoutes(routes, '/tag/nope');
    expect(await screen.findByText('Not found')).toBeInTheDocument();
    expect(screen.getByText('No tag nope.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
  });
});
