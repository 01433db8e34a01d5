import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MockAdapter from 'axios-mock-adapter';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { apiClient } from '@/lib/api-client';
import { datasetDetail } from '@/test/factories';
import { renderRoutes } from '@/test/render';

import { loadDraft } from '../drafts';
import { OwnersEditor } from './OwnersEditor';

const URN = 'urn:li:dataset:(urn:li:dataPlatform:hive,db.x,PROD)';
const dataset = datasetDetail(URN);

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

  const pickGone = async () => {
    await userEvent.click(screen.getByRole('button', { name: /Add owner/ }));
    await userEvent.click(screen.getByRole('combobox', { name: 'Owner' }));
    await userEvent.click(await screen.findByText('Gone (gone)'));
  };
  const gone = {
    ...page,
    count: 1,
    results: [{ urn: 'urn:li:corpuser:gone', username: 'gone', display_name: 'Gone' }],
  };

  it('keeps the owners as a draft and reopens on it; saves with If-Match', async () => {
    mock.onGet('/users/').reply(200, gone);
    mock.onPut(/owners/).reply(200, []);
    const first = renderRoutes(
      [{ path: '/', element: <OwnersEditor dataset={dataset} onClose={vi.fn()} /> }],
      '/',
    );
    await pickGone();
    expect(loadDraft(URN, 'owners')?.value).toEqual([
      { owner: 'urn:li:corpuser:gone', type: 'TECHNICAL_OWNER' },
    ]);
    first.unmount();

    const onClose = vi.fn();
    renderRoutes(
      [{ path: '/', element: <OwnersEditor dataset={dataset} onClose={onClose} /> }],
      '/',
    );
    expect(await screen.findByText('Unsaved draft restored')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(mock.history.put[0]?.headers?.['If-Match']).toBe('"1"');
    expect(JSON.parse(String(mock.history.put[0]?.data))).toEqual({
      owners: [{ owner: 'urn:li:corpuser:gone', type: 'TECHNICAL_OWNER' }],
    });
    expect(loadDraft(URN, 'owners')).toBeNull();
  });

  it('on a 412 shows the current owners beside the draft; Keep mine saves on their version', async () => {
    mock.onGet('/users/').reply(200, gone);
    mock.onGet(/\/datasets\/.*/).reply(200, {
      ...dataset,
      version: 2,
      owners: [
        {
          owner: 'urn:li:corpuser:other',
          kind: 'user',
          name: 'other',
          display_name: 'Other',
          type: 'DATA_STEWARD',
          source: 'editable',
        },
      ],
    });
    mock.onPut(/owners/).replyOnce(412, {
      error: { code: 'precondition_failed', message: 'The dataset changed since you read it.' },
    });
    mock.onPut(/owners/).replyOnce(200, []);
    const onClose = vi.fn();
    renderRoutes(
      [{ path: '/', element: <OwnersEditor dataset={dataset} onClose={onClose} /> }],
      '/',
    );
    await pickGone();
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId('conflict-theirs')).toHaveTextContent('other');
    expect(screen.getByTestId('conflict-mine')).toHaveTextContent('gone');
    await userEvent.click(screen.getByRole('button', { name: 'Keep mine' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(mock.history.put[1]?.headers?.['If-Match']).toBe('"2"');
  });
});
