import { screen, within } from '@testing-library/react';
import MockAdapter from 'axios-mock-adapter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { apiClient } from '@/lib/api-client';
import { page } from '@/test/factories';
import { renderRoutes } from '@/test/render';

import GlossaryPage from './GlossaryPage';

const node = (name: string, parent: string | null) => ({
  name,
  urn: `urn:li:glossaryNode:${name}`,
  display_name: '',
  description: `About ${name}`,
  parent,
  term_count: 2,
  child_count: 1,
});
const term = (name: string, group: string | null) => ({
  name,
  urn: `urn:li:glossaryTerm:${name}`,
  display_name: '',
  description: '',
  node: group,
  dataset_count: 3,
});

describe('GlossaryPage', () => {
  let mock: MockAdapter;
  beforeEach(() => {
    mock = new MockAdapter(apiClient);
  });
  afterEach(() => mock.restore());

  it('lists the root term groups and the terms in no group', async () => {
    mock.onGet('/glossary-nodes/').reply(200, [node('Finance', null), node('Revenue', 'Finance')]);
    mock
      .onGet('/glossary-terms/')
      .reply(200, page([term('Revenue.Net', 'Revenue'), term('Customer', null)]));
    renderRoutes([{ path: '/glossary', element: <GlossaryPage /> }], '/glossary');

    const groups = await screen.findByRole('region', { name: 'Term groups' });
    expect(within(groups).getByRole('link', { name: 'Finance' })).toHaveAttribute(
      'href',
      '/glossary-node/Finance',
    );
    expect(within(groups).queryByRole('link', { name: 'Revenue' })).not.toBeInTheDocument();
    expect(within(groups).getByText('2 terms · 1 group')).toBeInTheDocument();

    const terms = screen.getByRole('region', { name: 'Terms' });
    expect(within(terms).getByRole('link', { name: 'Customer' })).toHaveAttribute(
      'href',
      '/glossary/Customer',
    );
    expect(within(terms).queryByRole('link', { name: 'Revenue.Net' })).not.toBeInTheDocument();
  });
});
