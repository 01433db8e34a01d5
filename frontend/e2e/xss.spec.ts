import { expect, test } from '@playwright/test';

import { anyDataset, datasetUrl, logIn } from './helpers';

const PAYLOAD = [
  '# Payloads',
  '<script>window.__xss = "script"</script>',
  '<img src="x" onerror="window.__xss = \'onerror\'">',
  '<svg onload="window.__xss = \'svg\'"></svg>',
  '[click me](javascript:window.__xss=%22link%22)',
  '<a href="javascript:window.__xss=1">raw link</a>',
].join('\n\n');

test('script and event-handler payloads in docs never execute', async ({ page, request }) => {
  const { urn: URN } = await anyDataset(request);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await logIn(page);
  await page.goto(datasetUrl(URN, 'docs'));
  await page.getByRole('button', { name: 'Edit docs' }).click();
  await page.getByLabel('Docs (markdown)').fill(PAYLOAD);

  // The preview, rendered by the API as the saved view is.
  await page.getByRole('tab', { name: 'Preview' }).click();
  const preview = page.getByTestId('docs-preview');
  await expect(preview.getByRole('heading', { name: 'Payloads' })).toBeVisible();
  await expect(preview.locator('script, [onerror], [onload], svg')).toHaveCount(0);
  await expect(preview.locator('a[href^="javascript"]')).toHaveCount(0);

  // Server-rendered view after saving (and after a reload, from the API).
  await page.getByRole('button', { name: 'Save docs' }).click();
  const view = page.getByTestId('docs-html');
  await expect(view.getByRole('heading', { name: 'Payloads' })).toBeVisible();
  await page.reload();
  await expect(view.getByRole('heading', { name: 'Payloads' })).toBeVisible();
  await expect(view.locator('script, [onerror], [onload]')).toHaveCount(0);
  await expect(view.locator('a[href^="javascript"]')).toHaveCount(0);
  const links = view.getByRole('link');
  for (let i = 0; i < (await links.count()); i++) await links.nth(i).click({ force: true });

  // Give any late handler (image error, load) a chance to fire, then check nothing ran.
  await page.waitForTimeout(500);
  expect(
    await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss),
  ).toBeUndefined();
  expect(dialogs).toEqual([]);

  // The History diff shows the payload as text, not markup.
  await page.getByRole('tab', { name: /^History/ }).click();
  await expect(page.getByTestId('history-diff').first()).toContainText('<script>');
  expect(
    await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss),
  ).toBeUndefined();
});
