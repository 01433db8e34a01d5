import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MockAdapter from 'axios-mock-adapter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { apiClient } from '@/lib/api-client';
import { datasetPath, jobPath } from '@/lib/routes';
import { page } from '@/test/factories';
import { renderRoutes } from '@/test/render';
import type { DatasetLink, PipelineDetail } from '@/types/entities';

import PipelinePage from './PipelinePage';

const FLOW = 'urn:li:dataFlow:(airflow,daily_orders,prod)';
const JOB = 'urn:li:dataJob:(urn:li:dataFlow:(airflow,daily_orders,prod),load_orders)';
const ref = (name: string): DatasetLink => ({
  urn: `urn:li:dataset:(urn:li:dataPlatform:hive,${name},PROD)`,
  name,
  display_name: '',
  platform: 'hive',
  origin: 'PROD',
  status: 'active',
});
const PIPELINE: PipelineDetail = {
  urn: FLOW,
  name: 'Daily orders',
  orchestrator: 'airflow',
  cluster: 'prod',
  flow_id: 'daily_orders',
  description: 'Loads the day’s orders into the warehouse.',
  url: 'https://airflow.example.com/dags/daily_orders',
  custom_properties: { schedule: '@daily' },
  owners: [
    {
      urn: 'urn:li:corpuser:aberger',
      kind: 'user',
      name: 'aberger',
      display_name: 'Ann Berger',
      type: 'TECHNICAL_OWNER',
      type_label: 'Technical owner',
    },
  ],
  jobs: [
    {
      urn: JOB,
      name: 'load_orders',
      type: 'COMMAND',
      description: '',
      inputs: [ref('raw.orders')],
      outputs: [ref('sales.orders')],
    },
  ],
  last_run: {
    run_id: 'scheduled__2024-05-01',
    state: 'COMPLETE',
    started_at: '2024-05-01T02:00:00Z',
    ended_at: '2024-05-01T02:03:00Z',
    source: 'openlineage',
  },
};

describe('PipelinePage', () => {
  let mock: MockAdapter;
  beforeEach(() => {
    mock = new MockAdapter(apiClient);
  });
  afterEach(() => mock.restore());

  it('lists the tasks with what each reads and writes, the last run and the owners', async () => {
    mock.onGet(`/pipelines/${encodeURIComponent(FLOW)}/`).reply(200, PIPELINE);
    renderRoutes(
      [{ path: '/pipeline/:urn', element: <PipelinePage /> }],
      `/pipeline/${encodeURIComponent(FLOW)}`,
    );

    expect(await screen.findByRole('heading', { name: 'Daily orders' })).toBeInTheDocument();
    expect(screen.getByText('daily_orders', { selector: 'code' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Open in airflow/ })).toHaveAttribute(
      'href',
      PIPELINE.url,
    );
    const tasks = screen.getByTestId('pipeline-jobs');
    const row = within(tasks).getByRole('row', { name: /load_orders/ });
    expect(within(row).getByRole('link', { name: 'load_orders' })).toHaveAttribute(
      'href',
      jobPath(JOB),
    );
    expect(within(row).getByRole('link', { name: 'raw.orders' })).toHaveAttribute(
      'href',
      datasetPath(ref('raw.orders').urn),
    );
    expect(within(row).getByRole('link', { name: 'sales.orders' })).toBeInTheDocument();

    expect(screen.getByRole('region', { name: 'Last run' })).toHaveTextContent('complete');
    expect(screen.getByRole('region', { name: 'Last run' })).toHaveTextContent('took 3 min');
    expect(
      within(screen.getByRole('region', { name: 'Owners' })).getByRole('link', {
        name: 'Ann Berger',
      }),
    ).toHaveAttribute('href', '/person/aberger');
  });

  it('shows who changed the pipeline in its History tab', async () => {
    mock.onGet(`/pipelines/${encodeURIComponent(FLOW)}/`).reply(200, PIPELINE);
    mock.onGet('/entities/history/').reply(
      200,
      page([
        {
          id: 7,
          aspect: 'description',
          actor: 'urn:li:corpuser:aberger',
          created_at: '2024-05-02T10:00:00Z',
          before: 'Loads orders.',
          after: 'Loads the day’s orders into the warehouse.',
        },
      ]),
    );
    renderRoutes(
      [{ path: '/pipeline/:urn', element: <PipelinePage /> }],
      `/pipeline/${encodeURIComponent(FLOW)}?tab=history`,
    );
    const event = await screen.findByTestId('history-event');
    expect(within(event).getByText('description')).toBeInTheDocument();
    expect(within(event).getByRole('link', { name: 'aberger' })).toHaveAttribute(
      'href',
      '/person/aberger',
    );
    expect(within(event).getByTestId('history-diff')).toHaveTextContent(
      '- Loads orders.+ Loads the day’s orders into the warehouse.',
    );
    expect(mock.history.get.find((call) => call.url === '/entities/history/')?.params).toEqual({
      urn: FLOW,
      limit: 20,
      offset: 0,
    });
    await userEvent.click(screen.getByRole('tab', { name: 'Tasks (1)' }));
    expect(await screen.findByTestId('pipeline-jobs')).toBeInTheDocument();
  });
});
