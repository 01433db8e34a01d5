import { expect, type Page, test } from '@playwright/test';

import { anyDataset, datasetUrl, logIn } from './helpers';

interface Violation {
  directive: string;
  blocked: string;
}

/** Collects every CSP violation the page reports, from the DOM event and from the console
 * ("Refused to …"), so a blocked script, style, image or eval shows up whichever way. */
async function watchViolations(page: Page): Promise<string[]> {
  const consoleMessages: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) consoleMessages.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: Violation[] = [];
    (window as unknown as { __csp: Violation[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push({ directive: event.effectiveDirective, blocked: event.blockedURI }),
    );
  });
  return consoleMessages;
}

const violations = (page: Page) =>
  page.evaluate(() => (window as unknown as { __csp?: Violation[] }).__csp ?? []);

async function expectPolicy(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  expect(response?.headers()['content-security-policy']).toContain("img-src 'self' data:");
}

test('the SPA, a dataset page, Swagger UI and ReDoc run under the policy with no violation', async ({
  page,
  request,
}) => {
  test.slow(); // four pages, two of them (Swagger UI, ReDoc) render the whole schema
  const refused = await watchViolations(page);
  const { urn } = await anyDataset(request, 'hive');

  await logIn(page);
  await expectPolicy(page, '/');
  await expect(page.getByRole('button', { name: 'User menu' })).toBeVisible();
  expect(await violations(page)).toEqual([]);

  await expectPolicy(page, datasetUrl(urn));
  await expect(page.getByRole('tab', { name: /^Schema/ })).toBeVisible();
  await page.getByRole('tab', { name: /^Lineage/ }).click();
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);

  await expectPolicy(page, '/api/docs/');
  await expect(page.locator('.opblock').first()).toBeVisible({ timeout: 30_000 });
  await page.locator('.opblock-summary').first().click(); // expands: more rendering, more icons
  await expect(page.locator('.opblock-body').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);

  await expectPolicy(page, '/api/redoc/');
  // ReDoc parses the whole schema before it renders: slow when the machine is busy.
  await expect(page.locator('.api-content').first()).toBeVisible({ timeout: 30_000 });
  // Search runs in ReDoc's blob: worker, which only ReDoc's policy allows.
  await page.getByPlaceholder('Search...').fill('datasets');
  await expect(page.locator('[data-role="search:results"]')).toBeVisible();
  // ReDoc's "API docs by Redocly" badge is an image on cdn.redoc.ly: refused, as it should be.
  expect(await violations(page)).toEqual([
    { directive: 'img-src', blocked: 'https://cdn.redoc.ly/redoc/logo-mini.svg' },
  ]);
  // The console also holds what happened between the checks above (and before navigations).
  expect(refused.filter((text) => !text.includes('cdn.redoc.ly/redoc/logo-mini.svg'))).toEqual([]);
});

test('an image in docs from another site is refused by the policy, never fetched', async ({
  page,
  request,
}) => {
  const REMOTE = 'https://example.invalid/x.png';
  const { urn } = await anyDataset(request, 'mysql');
  const token = await request.post('/api/v1/auth/token/', {
    data: { username: 'admin', password: 'mdt-demo' },
  });
  const { access } = (await token.json()) as { access: string };
  const patch = await request.patch(`/api/v1/datasets/${encodeURIComponent(urn)}/`, {
    headers: { Authorization: `Bearer ${access}` },
    data: { docs: `# Diagram\n\n![diagram](${REMOTE})` },
  });
  expect(patch.ok()).toBe(true);

  const answered: string[] = [];
  page.on('response', (r) => {
    if (r.url().startsWith('https://example.invalid')) answered.push(r.url());
  });
  await watchViolations(page);
  await logIn(page);
  await page.goto(datasetUrl(urn, 'docs'));
  // The sanitiser keeps the image (README, "Docs"); the browser refuses to load it.
  await expect(page.getByTestId('docs-html').locator(`img[src="${REMOTE}"]`)).toHaveCount(1);
  await expect
    .poll(() => violations(page))
    .toContainEqual({ directive: 'img-src', blocked: REMOTE });
  expect(answered).toEqual([]);
});
