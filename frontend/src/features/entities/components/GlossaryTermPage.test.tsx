import { screen, within } from '@testing-library/react';
import MockAdapter from 'axios-mock-adapter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { apiClient } from '@/lib/api-client';
import { datasetPath } from '@/lib/routes';
import { datasetSummary, page } from '@/test/factories';
import { renderRoutes } from '@/test/render';
import type { GlossaryTermDetail } from '@/types/entities';

import GlossaryTermPage from './GlossaryTermPage';

const ORDERS = 'urn:li:dataset:(urn:li:dataPlatform:hive,sales.orders,PROD)';
const TERM: GlossaryTermDetail = {
  urn: 'urn:li:glossaryTerm:Revenue.Net',
  name: 'Revenue.Net',
  display_name: 'Net revenue',
  description: 'Gross revenue less refunds, discounts and taxes.',
  source_url: 'https://wiki.example.com/finance/net-revenue',
  node: 'Revenue',
  parent: { name: 'Revenue', display_name: 'Revenue' },
  path: [
    { name: 'Finance', display_name: 'Finance' },
    { name: 'Revenue', display_name: 'Revenue' },
  ],
  related: [
    { name: 'Revenue.Gross', display_name: 'Gross revenue', relation: 'isA', direction: 'out' },
    { name: 'Refund', display_name: '', relation: 'relatedTo', direction: 'in' },
  ],
  owners: [
    {
      urn: 'urn:li:corpGroup:finance',
      kind: 'group',
      name: 'finance',
      display_name: 'Finance team',
      type: 'BUSINESS_OWNER',
      type_label: 'Business owner',
    },
  ],
  custom_properties: { steward_since: '2023' },
  dataset_count: 1,
  field_count: 0,
};

describe('GlossaryTermPage', () => {
  let mock: MockAdapter;
  beforeEach(() => {
    mock = new MockAdapter(apiClient);
  });
  afterEach(() => mock.restore());

  it('shows where the term sits, its definition, relations, owners and datasets', async () => {
    mock.onGet('/glossary-terms/Revenue.Net/').reply(200, TERM);
    mock.onGet('/datasets/').reply(200, page([datasetSummary(ORDERS)]));
    renderRoutes(
      [{ path: '/glossary/:name', element: <GlossaryTermPage /> }],
      '/glossary/Revenue.Net',
    );

    expect(await screen.findByRole('heading', { name: 'Net revenue' })).toBeInTheDocument();
    expect(screen.getByText('Revenue.Net', { selector: 'code' })).toBeInTheDocument();
    expect(screen.getByText(TERM.description)).toBeInTheDocument();

    const crumbs = document.querySelector('.page-breadcrumb') as HTMLElement;
    expect(within(crumbs).getByRole('link', { name: 'Glossary' })).toHaveAttribute(
      'href',
      '/glossary',
    );
    expect(within(crumbs).getByRole('link', { name: 'Finance' })).toHaveAttribute(
      'href',
      '/glossary-node/Finance',
    );
    expect(within(crumbs).getByRole('link', { name: 'Revenue' })).toHaveAttribute(
      'href',
      '/glossary-node/Revenue',
    );
    expect(screen.getByRole('link', { name: /Source definition/ })).toHaveAttribute(
      'href',
      TERM.source_url,
    );

    const related = screen.getByRole('region', { name: 'Related terms' });
    expect(within(related).getByText('Is a')).toBeInTheDocument();
    expect(within(related).getByRole('link', { name: 'Gross revenue' })).toHaveAttribute(
      'href',
      '/glossary/Revenue.Gross',
    );
    expect(within(related).getByRole('link', { name: 'Refund' })).toBeInTheDocument();

    const owners = screen.getByRole('region', { name: 'Owners' });
    expect(within(owners).getByRole('link', { name: 'Finance team' })).toHaveAttribute(
      'href',
      '/group/finance',
    );
    expect(within(owners).getByText('Business owner')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Properties' })).toHaveTextContent(
      'steward_since2023',
    );

    const datasets = await screen.findByTestId('entity-datasets');
    expect(within(datasets).getByRole('link', { name: 'sales.orders' })).toHaveAttribute(
      'href',
      datasetPath(ORDERS),
    );
    expect(mock.history.get.find((call) => call.url === '/datasets/')?.params).toMatchObject({
      term: 'Revenue.Net',
    });
  });

  it('never links a source URL that is not http(s)', async () => {
    mock
      .onGet('/glossary-terms/Revenue.Net/')
      .reply(200, { ...TERM, source_url: 'javascript:alert(1)' });
    mock.onGet('/datasets/').reply(200, page([]));
    renderRoutes(
      [{ path: '/glossary/:name', element: <GlossaryTermPage /> }],
      '/glossary/Revenue.Net',
    );
    expect(await screen.findByRole('heading', { name: 'Net revenue' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Source definition/ })).not.toBeInTheDocument();
  });
});
