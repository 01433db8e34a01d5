import { type APIRequestContext, expect, type Page, test } from '@playwright/test';

import { anyDataset, datasetUrl, logIn } from './helpers';

/** Unsaved edits survive a tab switch, a reload and a re-login (sessionStorage drafts), and a
 * save made on an old version of the dataset shows the newer one beside the draft (If-Match,
 * 412). Each test edits a dataset of its own platform, so they can run side by side. */

const docsTab = (page: Page) => page.getByRole('tab', { name: /^Docs/ });
const editor = (page: Page) => page.getByLabel('Docs (markdown)');

async function openDocsEditor(page: Page, urn: string) {
  await page.goto(datasetUrl(urn, 'docs'));
  await page.getByRole('button', { name: 'Edit docs' }).click();
  await expect(editor(page)).toBeVisible();
}

async function patchDocsThroughApi(request: APIRequestContext, urn: string, docs: string) {
  const token = await request.post('/api/v1/auth/token/', {
    data: { username: 'admin', password: 'mdt-demo' },
  });
  const { access } = (await token.json()) as { access: string };
  const response = await request.patch(`/api/v1/datasets/${encodeURIComponent(urn)}/`, {
    headers: { Authorization: `Bearer ${access}` },
    data: { docs },
  });
  expect(response.status()).toBe(200);
}

test('a docs draft survives a switch of tabs and a reload, a field draft a reload', async ({
  page,
  request,
}) => {
  const { urn } = await anyDataset(request, 'kafka');
  const draft = `Draft kept across tabs ${Date.now()}`;
  await logIn(page);
  await openDocsEditor(page, urn);
  await editor(page).fill(draft);

  await page.getByRole('tab', { name: /^Schema/ }).click();
  await expect(page).not.toHaveURL(/\/docs$/);
  await docsTab(page).click();
  await expect(page.getByText('Unsaved draft restored')).toBeVisible();
  await expect(editor(page)).toHaveValue(draft);

  // The browser asks before a reload drops the page; the draft is there after it anyway.
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.type());
    void dialog.accept();
  });
  await page.reload();
  expect(dialogs).toEqual(['beforeunload']);
  await expect(page.getByText('Unsaved draft restored')).toBeVisible();
  await expect(editor(page)).toHaveValue(draft);

  await page.getByRole('button', { name: 'Save docs' }).click();
  await expect(page.getByTestId('docs-html')).toContainText(draft);
  await page.reload();
  await expect(page.getByTestId('docs-html')).toContainText(draft);
  await expect(page.getByText('Unsaved draft restored')).toHaveCount(0);

  // A field description in the making comes back the same way, its dialog reopened.
  const description = `Field draft ${Date.now()}`;
  await page.getByRole('tab', { name: /^Schema/ }).click();
  await page
    .getByRole('button', { name: /^Edit / })
    .first()
    .click();
  await page.getByRole('dialog').getByLabel('Description').fill(description);
  await page.reload(); // the dialog covers the tabs: a reload is how it gets lost
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('Unsaved draft restored')).toBeVisible();
  await expect(dialog.getByLabel('Description')).toHaveValue(description);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.locator('.schema-tab')).toContainText(description);
});

test('a save after the session ended: log in again, back on the dataset with the draft', async ({
  page,
  request,
}) => {
  const { urn } = await anyDataset(request, 'mysql');
  const draft = `Draft kept across a login ${Date.now()}`;
  await logIn(page);
  await openDocsEditor(page, urn);
  await editor(page).fill(draft);

  // The access token has expired (the save is refused) and so has the session (so is the refresh).
  const unauthenticated = {
    status: 401,
    json: { error: { code: 'not_authenticated', message: 'Token expired.' } },
  };
  await page.route(
    (url) => url.pathname === `/api/v1/datasets/${encodeURIComponent(urn)}/`,
    (route) =>
      route.request().method() === 'PATCH' ? route.fulfill(unauthenticated) : route.fallback(),
    { times: 1 },
  );
  await page.route('**/api/v1/auth/session/refresh/', (route) => route.fulfill(unauthenticated), {
    times: 1,
  });
  await page.getByRole('button', { name: 'Save docs' }).click();

  await expect(page).toHaveURL(/\/login\?next=/);
  await expect(page.getByText('Your session has ended')).toBeVisible();
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('mdt-demo');
  await page.getByRole('button', { name: 'Log in' }).click();

  await expect(page).toHaveURL((url) => url.pathname === datasetUrl(urn, 'docs'));
  await expect(page.getByText('Unsaved draft restored')).toBeVisible();
  await expect(editor(page)).toHaveValue(draft);
  await page.getByRole('button', { name: 'Save docs' }).click();
  await expect(page.getByTestId('docs-html')).toContainText(draft);
});

test('a save on an old version shows the current docs beside the draft', async ({
  page,
  request,
}) => {
  const { urn } = await anyDataset(request, 'postgres');
  const stamp = Date.now();
  const mine = `Mine ${stamp}`;
  const theirs = `Theirs ${stamp}`;
  await logIn(page);
  await openDocsEditor(page, urn);
  await editor(page).fill(mine);

  await patchDocsThroughApi(request, urn, theirs); // someone else, after the page loaded
  await page.getByRole('button', { name: 'Save docs' }).click();

  const conflict = page.getByTestId('edit-conflict');
  await expect(conflict).toContainText('Someone changed this since you opened it');
  await expect(conflict.getByTestId('conflict-theirs')).toHaveText(theirs);
  await expect(conflict.getByTestId('conflict-mine')).toHaveText(mine);

  await conflict.getByRole('button', { name: 'Keep mine' }).click();
  await expect(page.getByTestId('docs-html')).toContainText(mine);
  await page.reload();
  await expect(page.getByTestId('docs-html')).toContainText(mine);
});

test('a labels draft survives a reload, its dialog reopened on it', async ({ page, request }) => {
  const { urn, domain } = await anyDataset(request, 'hdfs');
  const target = domain === 'security' ? 'finance' : 'security';
  await logIn(page);
  await page.goto(datasetUrl(urn));
  await page.getByRole('button', { name: 'Edit tags, terms, domain' }).click();
  await page.getByRole('dialog').getByLabel('Domain').click();
  await page.locator('.ant-select-item-option').filter({ hasText: target }).click();

  page.on('dialog', (dialog) => void dialog.accept()); // the browser's leave prompt
  await page.reload(); // the dialog covers the page: a reload is how it gets lost
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('Unsaved draft restored')).toBeVisible();
  await expect(dialog.locator('.ant-form')).toContainText(target);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.reload();
  await expect(page.locator('.dataset-labels')).toContainText(`Domain: ${target}`);
  await expect(page.getByRole('dialog')).toHaveCount(0);
});
