import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MockAdapter from 'axios-mock-adapter';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { apiClient } from '@/lib/api-client';
import { datasetDetail } from '@/test/factories';
import { renderRoutes } from '@/test/render';

import { loadDraft } from '../drafts';
import { DatasetLabelsEditor } from './DatasetLabelsEditor';
import { DatasetPage } from './DatasetPage';

const URN = 'urn:li:dataset:(urn:li:dataPlatform:hive,db.labels,PROD)';
const dataset = datasetDetail(URN, {
  tags: [
    { name: 'raw', source: 'ingested' },
    { name: 'gold', source: 'editable' },
  ],
});

const page = { count: 0, next: null, previous: null, results: [] };
const finance = { ...page, count: 1, results: [{ name: 'finance' }] };

const editor = (onClose = vi.fn()) =>
  renderRoutes(
    [{ path: '/', element: <DatasetLabelsEditor dataset={dataset} onClose={onClose} /> }],
    '/',
  );

// In tags mode what was typed is offered as an option of its own; picking it adds the tag.
const addTag = async (name: string) => {
  await userEvent.type(screen.getByRole('combobox', { name: 'Tags' }), name);
  await userEvent.click(await screen.findByText(name, { selector: '.ant-select-item *' }));
};

const pickFinance = async () => {
  await userEvent.click(screen.getByRole('combobox', { name: 'Domain' }));
  await userEvent.click(await screen.findByText('finance', { selector: '.ant-select-item *' }));
};

const precondition = {
  error: { code: 'precondition_failed', message: 'The dataset changed since you read it.' },
};

describe('DatasetLabelsEditor', { timeout: 30_000 }, () => {
  let mock: MockAdapter;
  beforeEach(() => {
    mock = new MockAdapter(apiClient);
    mock.onGet('/tags/').reply(200, page);
    mock.onGet('/glossary-terms/').reply(200, page);
    mock.onGet('/domains/').reply(200, finance);
  });
  afterEach(() => mock.restore());

  it('keeps the labels as a draft and reopens on it; saves with If-Match and forgets it', async () => {
    mock.onPatch(/\/datasets\/.*/).reply(200, { ...dataset, version: 2 });
    const first = editor();
    await addTag('pii');
    await pickFinance();
    expect(loadDraft(URN, 'labels')).toEqual({
      value: { tags: ['gold', 'pii'], glossary_terms: [], domain: 'finance' },
      base: { tags: ['gold'], glossary_terms: [], domain: null },
      version: 1,
    });
    first.unmount();

    const onClose = vi.fn();
    editor(onClose);
    expect(await screen.findByText('Unsaved draft restored')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(mock.history.patch).toHaveLength(1);
    expect(mock.history.patch[0]?.headers?.['If-Match']).toBe('"1"');
    expect(JSON.parse(String(mock.history.patch[0]?.data))).toEqual({
      tags: ['gold', 'pii'],
      glossary_terms: [],
      domain: 'finance',
    });
    expect(loadDraft(URN, 'labels')).toBeNull();
  });

  it('Cancel discards the draft, as the owners dialog does', async () => {
    const onClose = vi.fn();
    editor(onClose);
    await addTag('pii');
    expect(loadDraft(URN, 'labels')).not.toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalled();
    expect(loadDraft(URN, 'labels')).toBeNull();
  });

  it('on a 412 whose labels are still the draft’s base, saves again on the new version', async () => {
    mock.onGet(/\/datasets\/.*/).reply(200, { ...dataset, version: 2, docs: 'changed' });
    mock.onPatch(/\/datasets\/.*/).replyOnce(412, precondition);
    mock.onPatch(/\/datasets\/.*/).replyOnce(200, { ...dataset, version: 3 });
    const onClose = vi.fn();
    editor(onClose);
    await addTag('pii');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(mock.history.patch.map((put) => put.headers?.['If-Match'])).toEqual(['"1"', '"2"']);
    expect(JSON.parse(String(mock.history.patch[1]?.data))).toMatchObject({
      tags: ['gold', 'pii'],
    });
    expect(screen.queryByTestId('edit-conflict')).not.toBeInTheDocument();
    expect(loadDraft(URN, 'labels')).toBeNull();
  });

  it('on a 412 with other labels, shows them beside the draft and keeps it', async () => {
    mock.onGet(/\/datasets\/.*/).reply(200, {
      ...dataset,
      version: 2,
      tags: [
        { name: 'raw', source: 'ingested' },
        { name: 'silver', source: 'editable' },
      ],
      domain: 'marketing',
    });
    mock.onPatch(/\/datasets\/.*/).replyOnce(412, precondition);
    mock.onPatch(/\/datasets\/.*/).replyOnce(200, { ...dataset, version: 3 });
    const onClose = vi.fn();
    editor(onClose);
    await addTag('pii');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    const conflict = await screen.findByTestId('edit-conflict');
    expect(within(conflict).getByTestId('conflict-theirs')).toHaveTextContent('silver');
    expect(within(conflict).getByTestId('conflict-theirs')).toHaveTextContent('marketing');
    expect(within(conflict).getByTestId('conflict-mine')).toHaveTextContent('gold, pii');
    expect(mock.history.patch).toHaveLength(1);
    expect(onClose).not.toHaveBeenCalled();
    expect(loadDraft(URN, 'labels')?.value).toEqual({
      tags: ['gold', 'pii'],
      glossary_terms: [],
      domain: null,
    });

    await userEvent.click(within(conflict).getByRole('button', { name: 'Keep mine' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(mock.history.patch[1]?.headers?.['If-Match']).toBe('"2"');
    expect(loadDraft(URN, 'labels')).toBeNull();
  });

  it('reopens from the dataset header when the page comes back with a draft', async () => {
    mock.onGet(/\/datasets\/.*/).reply(200, dataset);
    const visit = () => {
      const view = renderRoutes(
        [
          {
            path: '/dataset/:urn/:tab?',
            element: (
              <DatasetPage
                urn={URN}
                tab="properties"
                renderLineage={() => null}
                renderImpact={() => null}
              />
            ),
          },
        ],
        `/dataset/${encodeURIComponent(URN)}/properties`,
      );
      view.store.dispatch({
        type: 'auth/login/fulfilled',
        payload: { urn: 'urn:li:corpuser:ed', can_edit_any: true, groups: [] },
      });
      return view;
    };
    const first = visit();
    await userEvent.click(await screen.findByRole('button', { name: /Edit tags, terms, domain/ }));
    await addTag('pii');
    first.unmount(); // a reload

    visit();
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Unsaved draft restored')).toBeInTheDocument();
    expect(within(dialog).getByText('pii')).toBeInTheDocument();
  });
});
