import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MockAdapter from 'axios-mock-adapter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { apiClient, setAccessToken } from '@/lib/api-client';
import { datasetDetail } from '@/test/factories';
import { renderRoutes } from '@/test/render';
import { loadDraft } from '../drafts';

import { DatasetPage } from './DatasetPage';

const URN = 'urn:li:dataset:(urn:li:dataPlatform:hdfs,/data/x,PROD)';
const dataset = datasetDetail(URN, {
  platform: { name: 'hdfs', display_name: 'HDFS', kind: 'file_system' },
  browse_path: '/hdfs/data',
  docs: 'old',
  docs_html: '<p>old</p>',
});

const page = () =>
  renderRoutes(
    [
      {
        path: '/dataset/:urn/:tab?',
        element: (
          <DatasetPage urn={URN} tab="docs" renderLineage={() => null} renderImpact={() => null} />
        ),
      },
    ],
    `/dataset/${encodeURIComponent(URN)}/docs`,
  );

describe('Docs tab', () => {
  let mock: MockAdapter;
  beforeEach(() => {
    mock = new MockAdapter(apiClient);
  });
  afterEach(() => {
    mock.restore();
    setAccessToken(null);
  });

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
  });

  const editorPage = () => {
    const view = page();
    view.store.dispatch({
      type: 'auth/login/fulfilled',
      payload: { urn: 'urn:li:corpuser:ed', can_edit_any: true, groups: [] },
    });
    return view;
  };
  const patched = (index: number) => mock.history.patch[index];

  it("previews the draft as the API renders it, with the saved view's component", async () => {
    mock.onGet(/\/datasets\/.*/).reply(200, dataset);
    // render_markdown's answer for this text: nh3 keeps the image and drops its handler.
    mock.onPost('/markdown/preview/').reply(200, { html: '<p>new <img src="x"></p>' });
    editorPage();
    await userEvent.click(await screen.findByRole('button', { name: /Edit docs/ }));
    const editor = screen.getByLabelText('Docs (markdown)');
    await userEvent.clear(editor);
    await userEvent.type(editor, 'new <img src=x onerror=alert(1)>');
    await userEvent.click(screen.getByRole('tab', { name: 'Preview' }));
    const preview = await screen.findByTestId('docs-preview');
    await waitFor(() => expect(preview.innerHTML).toBe('<p>new <img src="x"></p>'));
    expect(preview).toHaveClass('markdown-body');
    expect(document.querySelector('[onerror]')).toBeNull();
    expect(JSON.parse(String(mock.history.post.at(-1)?.data))).toEqual({
      text: 'new <img src=x onerror=alert(1)>',
    });
  });

  it("says the preview is unavailable when MDT can't be reached, and keeps the draft", async () => {
    mock.onGet(/\/datasets\/.*/).reply(200, dataset);
    mock.onPost('/markdown/preview/').networkError();
    editorPage();
    await userEvent.click(await screen.findByRole('button', { name: /Edit docs/ }));
    await userEvent.type(screen.getByLabelText('Docs (markdown)'), ' and mine');
    await userEvent.click(screen.getByRole('tab', { name: 'Preview' }));
    expect(await screen.findByText("Preview unavailable: can't reach MDT")).toBeInTheDocument();
    expect(screen.queryByTestId('docs-preview')).toBeNull();
    await userEvent.click(screen.getByRole('tab', { name: 'Write' }));
    expect(screen.getByLabelText('Docs (markdown)')).toHaveValue('old and mine');
    expect(loadDraft(URN, 'docs')?.value).toBe('old and mine');
  });

  it('keeps the draft from the first keystroke and restores it when the editor comes back', async () => {
    mock.onGet(/\/datasets\/.*/).reply(200, dataset);
    const first = editorPage();
    await userEvent.click(await screen.findByRole('button', { name: /Edit docs/ }));
    await userEvent.type(screen.getByLabelText('Docs (markdown)'), ' and mine');
    expect(loadDraft(URN, 'docs')).toEqual({ value: 'old and mine', base: 'old', version: 1 });
    first.unmount(); // a tab switch, a reload or the login page

    editorPage();
    expect(await screen.findByText('Unsaved draft restored')).toBeInTheDocument();
    expect(screen.getByLabelText('Docs (markdown)')).toHaveValue('old and mine');
    await userEvent.click(screen.getByRole('button', { name: 'Discard' }));
    expect(loadDraft(URN, 'docs')).toBeNull();
    expect(await screen.findByTestId('docs-html')).toHaveTextContent('old');
  });

  it('saves with If-Match of the loaded version and forgets the draft', async () => {
    mock.onGet(/\/datasets\/.*/).reply(200, { ...dataset, version: 7 });
    mock.onPatch(/\/datasets\/.*/).reply(200, { ...dataset, docs: 'new', version: 8 });
    editorPage();
    await userEvent.click(await screen.findByRole('button', { name: /Edit docs/ }));
    await userEvent.clear(screen.getByLabelText('Docs (markdown)'));
    await userEvent.type(screen.getByLabelText('Docs (markdown)'), 'new');
    await userEvent.click(screen.getByRole('button', { name: 'Save docs' }));
    await waitFor(() => expect(loadDraft(URN, 'docs')).toBeNull());
    expect(patched(0)?.headers?.['If-Match']).toBe('"7"');
  });

  it('on a 412 shows their docs beside the draft; Keep mine saves on their version', async () => {
    let version = 1;
    mock
      .onGet(/\/datasets\/.*/)
      .reply(() => [200, version === 1 ? dataset : { ...dataset, docs: 'theirs', version }]);
    editorPage();
    await userEvent.click(await screen.findByRole('button', { name: /Edit docs/ }));
    version = 2; // someone saves while this editor is open
    mock.onPatch(/\/datasets\/.*/).replyOnce(412, {
      error: { code: 'precondition_failed', message: 'The dataset changed since you read it.' },
    });
    mock.onPatch(/\/datasets\/.*/).replyOnce(200, { ...dataset, docs: 'mine', version: 3 });
    await userEvent.clear(screen.getByLabelText('Docs (markdown)'));
    await userEvent.type(screen.getByLabelText('Docs (markdown)'), 'mine');
    await userEvent.click(screen.getByRole('button', { name: 'Save docs' }));

    const conflict = await screen.findByTestId('edit-conflict');
    expect(within(conflict).getByText('Someone changed this since you opened it')).toBeVisible();
    expect(within(conflict).getByTestId('conflict-theirs')).toHaveTextContent('theirs');
    expect(within(conflict).getByTestId('conflict-mine')).toHaveTextContent('mine');
    expect(loadDraft(URN, 'docs')?.value).toBe('mine'); // nothing lost while deciding

    await userEvent.click(within(conflict).getByRole('button', { name: 'Keep mine' }));
    await waitFor(() => expect(mock.history.patch).toHaveLength(2));
    expect(patched(0)?.headers?.['If-Match']).toBe('"1"');
    expect(patched(1)?.headers?.['If-Match']).toBe('"2"');
    expect(JSON.parse(String(patched(1)?.data))).toEqual({ docs: 'mine' });
    await waitFor(() => expect(loadDraft(URN, 'docs')).toBeNull());
    expect(screen.queryByTestId('edit-conflict')).toBeNull();
  });

  it('on a 412 Use theirs drops the draft and shows their docs', async () => {
    let version = 1;
    mock
      .onGet(/\/datasets\/.*/)
      .reply(() => [
        200,
        version === 1
          ? dataset
          : { ...dataset, docs: 'theirs', docs_html: '<p>theirs</p>', version },
      ]);
    mock.onPatch(/\/datasets\/.*/).reply(412, {
      error: { code: 'precondition_failed', message: 'The dataset changed since you read it.' },
    });
    editorPage();
    await userEvent.click(await screen.findByRole('button', { name: /Edit docs/ }));
    version = 2;
    await userEvent.type(screen.getByLabelText('Docs (markdown)'), ' mine');
    await userEvent.click(screen.getByRole('button', { name: 'Save docs' }));
    const conflict = await screen.findByTestId('edit-conflict');
    await userEvent.click(within(conflict).getByRole('button', { name: 'Use theirs' }));
    expect(await screen.findByTestId('docs-html')).toHaveTextContent('theirs');
    expect(loadDraft(URN, 'docs')).toBeNull();
    expect(mock.history.patch).toHaveLength(1);
  });

  it('on a 412 from a change elsewhere (docs as they were) saves again without asking', async () => {
    let version = 1;
    mock.onGet(/\/datasets\/.*/).reply(() => [200, { ...dataset, version }]);
    editorPage();
    await userEvent.click(await screen.findByRole('button', { name: /Edit docs/ }));
    version = 2; // e.g. someone edited a field description
    mock.onPatch(/\/datasets\/.*/).replyOnce(412, {
      error: { code: 'precondition_failed', message: 'The dataset changed since you read it.' },
    });
    mock.onPatch(/\/datasets\/.*/).replyOnce(200, { ...dataset, docs: 'old mine', version: 3 });
    await userEvent.type(screen.getByLabelText('Docs (markdown)'), ' mine');
    await userEvent.click(screen.getByRole('button', { name: 'Save docs' }));
    await waitFor(() => expect(mock.history.patch).toHaveLength(2));
    expect(patched(1)?.headers?.['If-Match']).toBe('"2"');
    await waitFor(() => expect(loadDraft(URN, 'docs')).toBeNull());
    expect(screen.queryByTestId('edit-conflict')).toBeNull();
  });

  it('a 401 on save refreshes the token and sends the same save again, If-Match included', async () => {
    setAccessToken('expired');
    mock.onGet(/\/datasets\/.*/).reply(200, dataset);
    mock.onPost('/auth/session/refresh/').reply(200, { access: 'fresh' });
    mock
      .onPatch(/\/datasets\/.*/)
      .reply((config) =>
        config.headers?.Authorization === 'Bearer fresh'
          ? [200, { ...dataset, docs: 'old mine', version: 2 }]
          : [401, { error: { code: 'not_authenticated', message: 'expired' } }],
      );
    editorPage();
    await userEvent.click(await screen.findByRole('button', { name: /Edit docs/ }));
    await userEvent.type(screen.getByLabelText('Docs (markdown)'), ' mine');
    await userEvent.click(screen.getByRole('button', { name: 'Save docs' }));
    await waitFor(() => expect(loadDraft(URN, 'docs')).toBeNull());
    expect(mock.history.patch).toHaveLength(2);
    expect(patched(1)?.headers?.['If-Match']).toBe('"1"');
  });

  it('a refused refresh ends the session and keeps the draft for after the login', async () => {
    setAccessToken('expired');
    mock.onGet(/\/datasets\/.*/).reply(200, dataset);
    mock.onPost('/auth/session/refresh/').reply(401, {
      error: { code: 'token_not_valid', message: 'expired' },
    });
    mock.onPatch(/\/datasets\/.*/).reply(401, {
      error: { code: 'not_authenticated', message: 'expired' },
    });
    const { store } = editorPage();
    await userEvent.click(await screen.findByRole('button', { name: /Edit docs/ }));
    await userEvent.type(screen.getByLabelText('Docs (markdown)'), ' mine');
    await userEvent.click(screen.getByRole('button', { name: 'Save docs' }));
    await waitFor(() => expect(store.getState().auth.status).toBe('anonymous'));
    expect(loadDraft(URN, 'docs')).toEqual({ value: 'old mine', base: 'old', version: 1 });
  });
});
