import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import {
  chartPath,
  containerPath,
  dashboardPath,
  datasetPath,
  jobPath,
  pipelinePath,
} from '@/lib/routes';
import { datasetDetail } from '@/test/factories';
import { renderRoutes } from '@/test/render';
import type { DatasetDetail } from '@/types/api';

import { DatasetHeader } from './DatasetHeader';

const URN = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)';
const FLOW = { urn: 'urn:li:dataFlow:(airflow,daily_orders,prod)', name: 'daily_orders' };
const job = (name: string, role: 'reads' | 'writes') => ({
  urn: `urn:li:dataJob:(${FLOW.urn},${name})`,
  name,
  flow: { ...FLOW, orchestrator: 'airflow' },
  role,
});

const LINKS: Pick<DatasetDetail, 'container' | 'container_path' | 'jobs' | 'dashboards'> = {
  container: { urn: 'urn:li:container:schema', name: 'public', sub_type: 'Schema' },
  container_path: [
    { urn: 'urn:li:container:db', name: 'shop', sub_type: 'Database' },
    { urn: 'urn:li:container:schema', name: 'public', sub_type: 'Schema' },
  ],
  jobs: [
    job('load_orders', 'writes'),
    job('a', 'reads'),
    job('b', 'reads'),
    job('c', 'reads'),
    job('d', 'reads'),
  ],
  dashboards: [
    { urn: 'urn:li:dashboard:(looker,17)', name: 'Sales', type: 'dashboard', platform: 'looker' },
    { urn: 'urn:li:chart:(looker,42)', name: 'Orders by day', type: 'chart', platform: 'looker' },
  ],
};

describe('DatasetHeader', () => {
  it('links the tags, terms, domain, container path, pipelines and dashboards', () => {
    const dataset = {
      ...datasetDetail(URN, {
        domain: 'sales',
        tags: [{ name: 'PII', source: 'ingested' }],
        glossary_terms: [{ name: 'Revenue.Net', source: 'editable' }],
      }),
      ...LINKS,
    };
    renderRoutes(
      [{ path: '/', element: <DatasetHeader dataset={dataset} canEdit={false} /> }],
      '/',
    );

    expect(screen.getByRole('link', { name: 'PII' })).toHaveAttribute('href', '/tag/PII');
    expect(screen.getByRole('link', { name: /Revenue\.Net/ })).toHaveAttribute(
      'href',
      '/glossary/Revenue.Net',
    );
    expect(screen.getByRole('link', { name: 'Domain: sales' })).toHaveAttribute(
      'href',
      '/domain/sales',
    );

    const path = screen.getByRole('navigation', { name: 'Container' });
    expect(
      within(path)
        .getAllByRole('link')
        .map((link) => link.textContent?.trim()),
    ).toEqual(['shop', 'public']);
    expect(within(path).getByRole('link', { name: /shop/ })).toHaveAttribute(
      'href',
      containerPath('urn:li:container:db'),
    );

    const usage = screen.getByTestId('dataset-usage');
    expect(within(usage).getByRole('link', { name: 'load_orders' })).toHaveAttribute(
      'href',
      jobPath(job('load_orders', 'writes').urn),
    );
    expect(within(usage).getAllByRole('link', { name: 'daily_orders' })[0]).toHaveAttribute(
      'href',
      pipelinePath(FLOW.urn),
    );
    // Three readers shown, the fourth behind a link to the full list in Properties.
    expect(within(usage).queryByRole('link', { name: 'd' })).not.toBeInTheDocument();
    expect(within(usage).getByRole('link', { name: 'and 1 more' })).toHaveAttribute(
      'href',
      datasetPath(URN, 'properties'),
    );
    expect(within(usage).getByRole('link', { name: 'Sales' })).toHaveAttribute(
      'href',
      dashboardPath('urn:li:dashboard:(looker,17)'),
    );
    expect(within(usage).getByRole('link', { name: 'Orders by day' })).toHaveAttribute(
      'href',
      chartPath('urn:li:chart:(looker,42)'),
    );
  });

  it('shows no container path or usage line for a dataset outside both', () => {
    renderRoutes(
      [
        {
          path: '/',
          element: <DatasetHeader dataset={datasetDetail(URN)} canEdit={false} />,
        },
      ],
      '/',
    );
    expect(screen.queryByRole('navigation', { name: 'Container' })).not.toBeInTheDocument();
    expect(screen.queryByTestId('dataset-usage')).not.toBeInTheDocument();
  });
});
