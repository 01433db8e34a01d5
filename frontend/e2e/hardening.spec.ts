import { expect, test } from '@playwright/test';

import { anyDataset, datasetUrl, logIn } from './helpers';

// A `next` a browser reads as another site: `/\host` and `/<tab>/host` both mean `//host`.
for (const next of ['/%5Cevil.example/', '/%09/evil.example']) {
  test(`logging in with next=${next} lands on the home page`, async ({ page }) => {
    await page.goto(`/login?next=${next}`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('mdt-demo');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('heading', { name: 'Find a dataset' })).toBeVisible();
    expect(new URL(page.url()).pathname).toBe('/');
  });
}

test('reloading a page while the API is down says so and recovers on Retry', async ({
  page,
  request,
}) => {
  const dataset = await anyDataset(request);
  await logIn(page);
  await page.goto(datasetUrl(dataset.urn));
  await expect(page.getByRole('heading', { name: dataset.name })).toBeVisible();

  await page.route('**/api/v1/**', (route) => route.abort('connectionrefused'));
  await page.reload();
  await expect(page.getByText("Can't reach MDT")).toBeVisible();
  await expect(page.getByLabel('Username')).toHaveCount(0);
  expect(new URL(page.url()).pathname).toBe(datasetUrl(dataset.urn));

  await page.unroute('**/api/v1/**');
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('heading', { name: dataset.name })).toBeVisible();
});
