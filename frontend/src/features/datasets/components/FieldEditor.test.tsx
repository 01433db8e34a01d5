import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MockAdapter from 'axios-mock-adapter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { apiClient } from '@/lib/api-client';
import { datasetDetail } from '@/test/factories';
import { renderRoutes } from '@/test/render';
import type { SchemaField } from '@/types/api';

import { loadDraft } from '../drafts';
import { DatasetPage } from './DatasetPage';

const URN = 'urn:li:dataset:(urn:li:dataPlatform:hive,db.orders,PROD)';
const field: SchemaField = {
  field_path: 'customer_email',
  type: 'string',
  native_type: 'varchar',
  nullable: true,
  is_key: false,
  is_partition: false,
  ordinal: 0,
  description: '',
  editable_description: '',
  tags: [],
  editable_tags: [],
  glossary_terms: [],
  editable_glossary_terms: [],
  classification: '',
};
const dataset = datasetDetail(URN, { version: 4, schema: [field] });

const PART = 'field:customer_email';

const page = () => {
  const view = renderRoutes(
    [
      {
        path: '/dataset/:urn/:tab?',
        element: (
          <DatasetPage
            urn={URN}
            tab="schema"
            renderLineage={() => null}
            renderImpact={() => null}
          />
        ),
      },
      { path: '/elsewhere', element: <p>Elsewhere</p> },
    ],
    `/dataset/${encodeURIComponent(URN)}`,
  );
  view.store.dispatch({
    type: 'auth/login/fulfilled',
    payload: { urn: 'urn:li:corpuser:ed', can_edit_any: true, groups: [] },
  });
  return view;
};

const describeField = async (text: string) => {
  await userEvent.click(await screen.findByRole('button', { name: 'Edit customer_email' }));
  const dialog = await screen.findByRole('dialog');
  await userEvent.click(within(dialog).getByLabelText('Description'));
  await userEvent.paste(text);
  return dialog;
};

describe('Field editor', { timeout: 30_000 }, () => {
  let mock: MockAdapter;
  beforeEach(() => {
    mock = new MockAdapter(apiClient);
  });
  afterEach(() => mock.restore());

  it('keeps the description as a draft and reopens on it, saying so', async () => {
    mock.onGet(/\/datasets\/.*/).reply(200, dataset);
    const first = page();
    await describeField('Where we mail receipts');
    expect(loadDraft(URN, PART)?.value).toMatchObject({ description: 'Where we mail receipts' });
    first.unmount();

    page();
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Unsaved draft restored')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Description')).toHaveValue('Where we mail receipts');
  });

  it('saves with If-Match of the version it opened on and forgets the draft', async () => {
    mock.onGet(/\/datasets\/.*/).reply(200, dataset);
    mock.onPatch(/\/schema\/$/).reply(200, [{ ...field, editable_description: 'Receipts' }], {
      etag: '"5"',
    });
    page();
    const dialog = await describeField('Receipts');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(loadDraft(URN, PART)).toBeNull());
    expect(mock.history.patch[0]?.headers?.['If-Match']).toBe('"4"');
  });

  it('on a 412 after someone described the field shows both; Use theirs drops the draft', async () => {
    let version = 4;
    mock
      .onGet(/\/datasets\/.*/)
      .reply(() => [
        200,
        version === 4
          ? dataset
          : { ...dataset, version, schema: [{ ...field, editable_description: 'Theirs' }] },
      ]);
    mock.onPatch(/\/schema\/$/).reply(412, {
      error: { code: 'precondition_failed', message: 'The dataset changed since you read it.' },
    });
    page();
    const dialog = await describeField('Mine');
    version = 5;
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    const conflict = await within(dialog).findByTestId('edit-conflict');
    expect(within(conflict).getByTestId('conflict-theirs')).toHaveTextContent('Theirs');
    expect(within(conflict).getByTestId('conflict-mine')).toHaveTextContent('Mine');
    await userEvent.click(within(conflict).getByRole('button', { name: 'Use theirs' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(loadDraft(URN, PART)).toBeNull();
  });

  it('asks before leaving the dataset with a draft, not before switching its tabs', async () => {
    mock.onGet(/\/datasets\/.*/).reply(200, dataset);
    const { router } = page();
    await describeField('Mine');
    await router.navigate(`/dataset/${encodeURIComponent(URN)}/docs`);
    expect(screen.queryByText('Leave with unsaved changes?')).toBeNull();
    void router.navigate('/elsewhere');
    expect(await screen.findByText('Leave with unsaved changes?')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Stay' }));
    expect(router.state.location.pathname).not.toBe('/elsewhere');
  });
});
