import { expect, test } from '@playwright/test';

import { SCREENSHOTS, datasetUrl, findLineageChain, logIn } from './helpers';

test.use({ viewport: { width: 390, height: 844 } });

test('main pages work on a narrow window', async ({ page, request }) => {
  const { urn: URN } = await findLineageChain(request);
  await page.goto('/login');
  await page.screenshot({ path: `${SCREENSHOTS}/narrow-01-login.png` });
  await logIn(page);
  await page.screenshot({ path: `${SCREENSHOTS}/narrow-02-home.png`, fullPage: true });
  await page.goto('/search?q=customer&platform=hive');
  await expect(page.getByTestId('search-result').first()).toBeVisible();
  // Filters fold away behind one toggle.
  await page.getByRole('button', { name: /Filters/ }).click();
  await expect(page.getByRole('region', { name: 'Platform' })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/narrow-03-search.png`, fullPage: true });
  const hasHorizontalScroll = await page.evaluate(
    () => document.documentElement.scrollWidth > window.innerWidth + 1,
  );
  expect(hasHorizontalScroll).toBe(false);
  await page.getByTestId('search-result').first().getByRole('link').first().click();
  await expect(page.locator('.dataset-name')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/narrow-04-dataset.png`, fullPage: true });
  await page.goto(datasetUrl(URN, 'lineage'));
  await expect(page.getByTestId('lineage-node').first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/narrow-05-lineage.png` });
});
