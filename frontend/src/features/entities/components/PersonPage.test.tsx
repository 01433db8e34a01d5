import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MockAdapter from 'axios-mock-adapter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { apiClient } from '@/lib/api-client';
import { datasetPath, pipelinePath } from '@/lib/routes';
import { datasetSummary, page } from '@/test/factories';
import { renderRoutes } from '@/test/render';
import type { PersonDetail } from '@/types/entities';

import PersonPage from './PersonPage';

const ORDERS = 'urn:li:dataset:(urn:li:dataPlatform:hive,sales.orders,PROD)';
const FLOW = 'urn:li:dataFlow:(airflow,daily_orders,prod)';
const ANN: PersonDetail = {
  urn: 'urn:li:corpuser:aberger',
  username: 'aberger',
  display_name: 'Ann Berger',
  email: 'ann.berger@example.com',
  title: 'Data engineer',
  groups: [{ urn: 'urn:li:corpGroup:analysts', name: 'analysts', display_name: 'Analysts' }],
  owned: {
    datasets: 1,
    via_groups: 2,
    other: [{ urn: FLOW, type: 'dataFlow', name: 'daily_orders', url_key: FLOW }],
  },
};

describe('PersonPage', () => {
  let mock: MockAdapter;
  beforeEach(() => {
    mock = new MockAdapter(apiClient);
  });
  afterEach(() => mock.restore());

  it('shows the profile, the groups, and what they and their groups own', async () => {
    mock.onGet('/people/aberger/').reply(200, ANN);
    mock.onGet('/datasets/').reply(200, page([datasetSummary(ORDERS)], 3));
    renderRoutes([{ path: '/person/:username', element: <PersonPage /> }], '/person/aberger');

    expect(await screen.findByRole('heading', { name: 'Ann Berger' })).toBeInTheDocument();
    const profile = screen.getByRole('region', { name: 'Profile' });
    expect(within(profile).getByText('Data engineer')).toBeInTheDocument();
    expect(within(profile).getByRole('link', { name: /ann.berger@example.com/ })).toHaveAttribute(
      'href',
      'mailto:ann.berger@example.com',
    );
    const groups = screen.getByRole('region', { name: 'Groups' });
    expect(within(groups).getByRole('link', { name: 'Analysts' })).toHaveAttribute(
      'href',
      '/group/analysts',
    );

    // Their own datasets and their groups' in one list: the owner filter ORs its values.
    const datasets = await screen.findByTestId('entity-datasets');
    expect(within(datasets).getByRole('link', { name: 'sales.orders' })).toHaveAttribute(
      'href',
      datasetPath(ORDERS),
    );
    expect(screen.getByText('3 datasets owned by Ann Berger or their groups')).toBeInTheDocument();
    expect(mock.history.get.find((call) => call.url === '/datasets/')?.params).toMatchObject({
      owner: ['urn:li:corpuser:aberger', 'urn:li:corpGroup:analysts'],
    });

    await userEvent.click(screen.getByRole('tab', { name: 'Other owned (1)' }));
    expect(await screen.findByRole('link', { name: 'daily_orders' })).toHaveAttribute(
      'href',
      pipelinePath(FLOW),
    );
  });

  it('shows the API error with a retry when the person cannot be loaded', async () => {
    mock.onGet('/people/aberger/').networkError();
    renderRoutes([{ path: '/person/:username', element: <PersonPage /> }], '/person/aberger');
    expect(await screen.findByText('The server cannot be reached.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
