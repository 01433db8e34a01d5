import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MockAdapter from 'axios-mock-adapter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { apiClient } from '@/lib/api-client';
import { renderRoutes } from '@/test/render';
import type { DatasetDetail } from '@/types/api';

import { DatasetPage } from './DatasetPage';

const URN = 'urn:li:dataset:(urn:li:dataPlatform:hdfs,/data/x,PROD)';
const dataset = {
  urn: URN,
  name: '/data/x',
  platform: { name: 'hdfs', display_name: 'HDFS', kind: 'file_system' },
  origin: 'PROD',
  qualified_name: '',
  description: '',
  status: 'active',
  browse_path: '/hdfs/data',
  domain: null,
  tags: [],
  glossary_terms: [],
  modified_at: '2024-01-01T00:00:00Z',
  platform_urn: 'urn:li:dataPlatform:hdfs',
  docs: 'old',
  docs_html: '<p>old</p>',
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

const page = () =>
  renderRoutes(
    [
      {
        path: '/dataset/:urn/:tab?',
        element: <DatasetPage urn={URN} tab="docs" renderLineage={() => null} />,
      },
    ],
    `/dataset/${encodeURIComponent(URN)}/docs`,
  );

describe('Docs tab', () => {
  let mock: MockAdapter;
  beforeEach(() => {
    mock = new MockAdapter(apiClient);
  });
  afterEach(() => mock.restore());

  it('hides edit controls from users who may not edit', async () => {
    mock.onGet(/\/datasets\/.*/).reply(200, dataset);
    page();
    expect(await screen.findByTestId('docs-html')).toHaveTextContent('old');
    expect(screen.queryByRole('button', { name: /Edit docs/ })).toBeNull();
  });

  it('shows the API field error next to the editor and keeps the old docs', async () => {
    mock.onGet(/\/datasets\/.*/).reply(200, dataset);
    mock.onPatch(/\/datasets\/.*/).reply(400, {
      error: {
        code: 'invalid',
        message: 'docs: too long',
        fields: { docs: ['Ensure this field has no more than 200000 characters.'] },
      },
    });
    const { store } = page();
    store.dispatch({
      type: 'auth/login/fulfilled',
      payload: { urn: 'urn:li:corpuser:ed', can_edit_any: true, groups: [] },
    });
    await userEvent.click(await screen.findByRole('button', { name: /Edit docs/ }));
    const editor = screen.getByLabelText('Docs (markdown)');
    await userEvent.clear(editor);
    await userEvent.type(editor, 'new <img src=x onerror=alert(1)>');
    await userEvent.click(screen.getByRole('button', { name: 'Save docs' }));
    expect(
      await screen.findByText('Ensure this field has no more than 200000 characters.'),
    ).toBeInTheDocument();
    expect(screen.getByText('docs: too long')).toBeInTheDocument();
    expect(JSON.parse(String(mock.history.patch[0]?.data))).toEqual({
      docs: 'new <img src=x onerror=alert(1)>',
    });
    await userEvent.click(screen.getByRole('tab', { name: 'Preview' }));
    await waitFor(() => expect(screen.getByTestId('docs-preview')).toHaveTextContent('new'));
    expect(document.querySelector('[onerror]')).toBeNull();
    expect(document.querySelector('[data-testid="docs-preview"] img')).toBeNull();
  });
});
