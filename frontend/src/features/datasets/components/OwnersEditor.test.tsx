import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MockAdapter from 'axios-mock-adapter';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { apiClient } from '@/lib/api-client';
import { renderRoutes } from '@/test/render';
import type { DatasetDetail } from '@/types/api';

import { OwnersEditor } from './OwnersEditor';

const URN = 'urn:li:dataset:(urn:li:dataPlatform:hive,db.x,PROD)';
const dataset = {
  urn: URN,
  name: 'db.x',
  platform: { name: 'hive', display_name: 'Hive', kind: 'relational' },
  origin: 'PROD',
  qualified_name: '',
  description: '',
  status: 'active',
  browse_path: '/hive/db',
  domain: null,
  tags: [],
  glossary_terms: [],
  modified_at: '2024-01-01T00:00:00Z',
  platform_urn: 'urn:li:dataPlatform:hive',
  docs: '',
  docs_html: '',
  custom_properties: {},
  deprecation_note: '',
  created_at: '2024-01-01T00:00:00Z',
  created_by: 'urn:li:corpuser:x',
  modified_by: 'urn:li:corpuser:x',
  version: 1,
  health: { score: 50, reasons: [] },
  schema: [],
  owners: [],
  upstreams: [],
  downstreams: [],
} satisfies DatasetDetail;

const page = { count: 0, next: null, previous: null, results: [] };

// Vitest runs in Node: a promise nobody catches is reported on `process`, not on jsdom's window.
type Listener = (reason: unknown) => void;
const node = (
  globalThis as unknown as {
    process: { on(event: string, f: Listener): void; off(event: string, f: Listener): void };
  }
).process;

describe('OwnersEditor', () => {
  let mock: MockAdapter;
  const unhandled = vi.fn();
  beforeEach(() => {
    mock = new MockAdapter(apiClient);
    mock.onGet('/users/').reply(200, page);
    mock.onGet('/groups/').reply(200, page);
    node.on('unhandledRejection', unhandled);
  });
  afterEach(() => {
    node.off('unhandledRejection', unhandled);
    unhandled.mockReset();
    mock.restore();
  });

  it('says what is wrong with an owner that matches no one, in the dialog', async () => {
    const onClose = vi.fn();
    renderRoutes(
      [{ path: '/', element: <OwnersEditor dataset={dataset} onClose={onClose} /> }],
      '/',
    );
    await userEvent.click(screen.getByRole('button', { name: /Add owner/ }));
    await userEvent.type(screen.getByRole('combobox', { name: 'Owner' }), 'nobody');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText(/Pick a person or team/)).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 50)); // let a stray rejection surface
    expect(unhandled).not.toHaveBeenCalled();
    expect(mock.history.put).toHaveLength(0);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('shows the API rejecting an owner in the dialog', async () => {
    mock.onGet('/users/').reply(200, {
      ...page,
      count: 1,
      results: [{ urn: 'urn:li:corpuser:gone', username: 'gone', display_name: 'Gone' }],
    });
    mock.onPut(/owners/).reply(400, {
      error: {
        code: 'unknown_owner',
        message: "owners: unknown user 'gone'",
        fields: { owners: ["unknown user 'gone'"] },
      },
    });
    const onClose = vi.fn();
    renderRoutes(
      [{ path: '/', element: <OwnersEditor dataset={dataset} onClose={onClose} /> }],
      '/',
    );
    await userEvent.click(screen.getByRole('button', { name: /Add owner/ }));
    await userEvent.click(screen.getByRole('combobox', { name: 'Owner' }));
    await userEvent.click(await screen.findByText('Gone (gone)'));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText("owners: unknown user 'gone'")).toBeInTheDocument();
    await waitFor(() => expect(mock.history.put).toHaveLength(1));
    expect(unhandled).not.toHaveBeenCalled();
    expect(onClose).not.toHaveBeenCalled();
  });
});
