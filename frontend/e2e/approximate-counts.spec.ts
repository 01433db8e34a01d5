import { expect, test } from '@playwright/test';

import { SCREENSHOTS, SMALL_TRACK_TOTAL_HITS, anyDataset, logIn } from './helpers';

/* Runs in the "chromium-small-threshold" project: its server counts matches exactly only up to
 * SMALL_TRACK_TOTAL_HITS (50), so the 300-dataset demo catalog stands in for one far past the
 * default 10,000. */
const THRESHOLD = SMALL_TRACK_TOTAL_HITS.toLocaleString('en-US');
const HINT = `At least ${THRESHOLD} datasets match; refine the search to count them exactly.`;

test('a broad search shows its total as a lower bound; a narrow one counts exactly', async ({
  page,
  request,
}) => {
  const dataset = await anyDataset(request);
  await logIn(page);

  // "data" is in most demo datasets' names, fields or descriptions: more than the server counts.
  // (The empty query is counted exactly whatever its size: the catalog keeps those counts.)
  await page.goto('/search?q=data');
  const count = page.getByTestId('result-count');
  await expect(count).toHaveText(`Showing 1 - 10 of ${THRESHOLD}+ results for “data”`);
  const hint = count.getByRole('img', { name: HINT });
  await hint.focus(); // the explanation is reachable from the keyboard
  await expect(page.getByRole('tooltip')).toHaveText(HINT);
  // Pages go as far as the count does: 50 / 10 per page.
  const pagination = page.locator('.search-pagination');
  await expect(pagination.getByTitle('5', { exact: true })).toBeVisible();
  await expect(pagination.getByTitle('6', { exact: true })).toHaveCount(0);

  // Facet counts and the note agree: either every count is marked "about" under the note, or
  // none is and there is no note (whether the backend samples is its own business).
  const facets = page.locator('.search-facets');
  const counts = facets.locator('.facet-count');
  await expect(counts.first()).toBeVisible();
  const approximate = await facets.getByRole('note').count();
  for (const text of await counts.allTextContents()) {
    expect(text.startsWith('≈about ')).toBe(approximate === 1);
  }
  await page.screenshot({ path: `${SCREENSHOTS}/search-lower-bound.png`, fullPage: true });

  // One dataset's full name matches far fewer than the threshold: an exact count, no hint.
  await page.goto(`/search?q=${encodeURIComponent(dataset.name)}`);
  await expect(count).toHaveText(/^Showing 1 - \d+ of \d+ results for “/);
  await expect(count).not.toContainText('+');
  await expect(count.getByRole('img')).toHaveCount(0);
});
