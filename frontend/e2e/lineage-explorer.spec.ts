import { readFileSync } from 'node:fs';

import { expect, type Page, test } from '@playwright/test';

import { SCREENSHOTS, datasetUrl, ingest, logIn } from './helpers';

/** A neighbourhood of its own per test run: a root with an upstream, 210 datasets downstream
 * (a fan-out the explorer must fold and page) and 20 more two hops down, with column mappings
 * on the root's edges for column mode. 232 datasets in all. */
const STAMP = Date.now().toString(36);
const urn = (platform: string, name: string) =>
  `urn:li:dataset:(urn:li:dataPlatform:${platform},e2e_lx_${STAMP}.${name},PROD)`;
const ROOT = urn('hive', 'orders');
const SOURCE = urn('kafka', 'orders_raw');
const DOWN = Array.from({ length: 210 }, (_, i) =>
  urn(i % 3 ? 'hive' : 's3', `report_${String(i).padStart(3, '0')}`),
);
const FAR = Array.from({ length: 20 }, (_, i) => urn('hive', `mart_${String(i).padStart(2, '0')}`));
const FIELDS = [
  { field_path: 'order_id', type: 'number', native_type: 'bigint' },
  { field_path: 'amount', type: 'number', native_type: 'decimal(12,2)' },
];
const mapping = (from: string, to: string, transformation: string) => ({
  upstreams: [from],
  downstreams: [to],
  transformation,
});

test.beforeAll(async ({ request }) => {
  await ingest(request, [
    { urn: SOURCE, schema: FIELDS },
    {
      urn: ROOT,
      schema: FIELDS,
      upstreams: [
        {
          urn: SOURCE,
          column_mappings: [
            mapping('order_id', 'order_id', 'DIRECT:IDENTITY'),
            mapping('amount', 'amount', 'DIRECT:TRANSFORMATION'),
          ],
        },
      ],
    },
    ...DOWN.map((down) => ({
      urn: down,
      schema: [{ field_path: 'order_id', type: 'number', native_type: 'bigint' }],
      upstreams: [
        { urn: ROOT, column_mappings: [mapping('order_id', 'order_id', 'DIRECT:IDENTITY')] },
      ],
    })),
    ...FAR.map((far) => ({
      urn: far,
      schema: [{ field_path: 'order_id', type: 'number', native_type: 'bigint' }],
      upstreams: [
        { urn: DOWN[0], column_mappings: [mapping('order_id', 'order_id', 'DIRECT:IDENTITY')] },
      ],
    })),
  ]);
});

const explorer = (root: string) => `${datasetUrl(root, 'lineage')}/explore`;

/** The size a node's name is drawn at on screen: its CSS size times the canvas zoom. */
const labelPixels = (page: Page, urnOf: string) =>
  page.evaluate((target) => {
    const viewport = document.querySelector<HTMLElement>('.react-flow__viewport')!;
    const zoom = new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a;
    const node = document.querySelector(
      `[data-testid="lineage-node"][data-urn="${CSS.escape(target)}"]`,
    )!;
    const label = node.querySelector<HTMLElement>('.lineage-node-name')!;
    return parseFloat(getComputedStyle(label).fontSize) * zoom;
  }, urnOf);

test('the explorer opens 200+ datasets two hops out and keeps them readable', async ({ page }) => {
  await logIn(page);
  await page.goto(explorer(ROOT));
  const nodes = page.getByTestId('lineage-node');
  await expect(nodes.first()).toBeVisible();
  await expect(page.locator('.react-flow__minimap')).toBeVisible();

  // Two hops at once: the fan-out comes folded into "+ N more".
  await page.getByLabel('Depth').click();
  await page.getByTitle('2 hops').click();
  const more = page.getByTestId('lineage-more');
  await expect(more.first()).toBeVisible();
  await expect(more.first()).toHaveText(/\+ \d+ more/);

  // Open every "+ N more" (a fold, or the server's next page through the node's cursor).
  const count = page.getByTestId('lineage-count');
  for (let round = 0; round < 10 && (await more.count()) > 0; round++) {
    const before = await count.textContent();
    await more.first().dispatchEvent('click'); // it may lie outside the visible canvas
    await expect(count).not.toHaveText(before ?? '');
  }
  await expect(more).toHaveCount(0);
  await expect.poll(() => nodes.count()).toBeGreaterThanOrEqual(232);
  await expect(count).toHaveText(/^232 datasets shown/);

  // Fit to screen: the labels stay readable (the fit stops at a legible zoom, centred on the
  // root, and the minimap shows the rest).
  await page.getByRole('button', { name: 'Fit to screen' }).click();
  await expect.poll(() => labelPixels(page, ROOT)).toBeGreaterThanOrEqual(10);
  await expect(page.locator(`[data-urn="${ROOT}"]`)).toBeInViewport();
  await page.screenshot({ path: `${SCREENSHOTS}/lineage-01-explorer-200.png` });

  // Find a node: it is centred and marked.
  const target = FAR[7]!;
  await page.getByLabel('Find a node').fill('mart_07');
  await page.locator('.ant-select-item-option[title*="mart_07"]').click();
  const found = page.locator(`[data-urn="${target}"]`);
  await expect(found).toHaveClass(/is-found/);
  await expect(found).toBeInViewport();
  expect(await labelPixels(page, target)).toBeGreaterThanOrEqual(10);

  // Filter by platform: only s3 datasets (and the root) remain.
  await page.getByLabel('Platforms').click();
  await page.getByTitle('s3').click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('lineage-count')).toHaveText(/^71 datasets shown/);
});

test('edge details name the datasets, and an editor adds and removes an upstream', async ({
  page,
}) => {
  await logIn(page);
  await page.goto(explorer(ROOT));
  await expect(page.locator(`[data-urn="${SOURCE}"]`)).toBeVisible();
  await page.getByRole('button', { name: /^Show \d+ more downstream/ }).waitFor();

  // The ingested edge from the source: names with links, the transformations.
  await page.locator(`.react-flow__edge[data-id="${SOURCE}→${ROOT}"]`).click({ force: true });
  const details = page.getByTestId('lineage-edge-details');
  await expect(details).toContainText(`e2e_lx_${STAMP}.orders_raw`);
  await expect(details).toContainText('DIRECT:TRANSFORMATION');
  await expect(details).not.toContainText('urn:li:dataset');
  await expect(details.getByRole('link', { name: `e2e_lx_${STAMP}.orders_raw` })).toHaveAttribute(
    'href',
    datasetUrl(SOURCE),
  );
  await details.getByRole('button', { name: 'Close' }).click();

  // Add an upstream by hand: drawn dashed, "Added by hand" in its details.
  await page.getByRole('button', { name: 'Add upstream' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Upstream dataset').fill(`e2e_lx_${STAMP}.mart_03`);
  await page.locator('.ant-select-item-option[title*="mart_03"]').click();
  await dialog.getByRole('button', { name: 'Add' }).click();
  await expect(dialog).toBeHidden();
  const handMade = page.locator(`.react-flow__edge[data-id="${FAR[3]}→${ROOT}"]`);
  await expect(handMade).toHaveClass(/is-hand-made/);
  await handMade.click({ force: true });
  await expect(details).toContainText('Added by hand');
  await page.screenshot({ path: `${SCREENSHOTS}/lineage-03-hand-made-edge.png` });

  await details.getByRole('button', { name: 'Remove edge' }).click();
  await page.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(handMade).toHaveCount(0);
});

test('column mode opens the fields and highlights a column path end to end', async ({ page }) => {
  await logIn(page);
  await page.goto(explorer(ROOT));
  await expect(page.locator(`[data-urn="${SOURCE}"]`)).toBeVisible();
  await page.getByRole('switch', { name: 'Column mode' }).click();
  const root = page.locator(`[data-urn="${ROOT}"]`);
  await expect(root.getByTestId('lineage-fields')).toContainText('amount');
  await expect(page.locator('.react-flow__edge.is-field').first()).toBeAttached();

  await root.getByRole('button', { name: 'order_id' }).click();
  await expect(page.getByTestId('lineage-trace')).toContainText('order_id');
  // The path runs from the source's column through the root's to the reports'.
  await expect(page.locator(`[data-urn="${SOURCE}"] .lineage-field.is-traced`)).toHaveText(
    /order_id/,
  );
  await expect(root.locator('.lineage-field.is-traced')).toHaveText(/order_id/);
  await expect(page.locator('.react-flow__edge.is-traced').first()).toBeAttached();
  await expect(root.locator('.lineage-field', { hasText: 'amount' })).not.toHaveClass(/is-traced/);
  await page.screenshot({ path: `${SCREENSHOTS}/lineage-02-column-path.png` });
});

test('the Impact tab lists what a change reaches and downloads it as CSV', async ({ page }) => {
  await logIn(page);
  await page.goto(datasetUrl(ROOT, 'impact'));
  const tab = page.getByTestId('impact-tab');
  await expect(page.getByTestId('impact-totals')).toContainText('230 affected');
  await expect(page.getByTestId('impact-totals')).toContainText('210 at 1 hop, 20 at 2 hops');
  await expect(tab.getByRole('row')).toHaveCount(51); // a header and a page of 50
  await expect(tab.getByRole('columnheader', { name: 'Last Modified' })).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    tab.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  const csv = readFileSync(await download.path(), 'utf-8')
    .trim()
    .split(/\r?\n/);
  expect(csv[0]).toBe('Name,URN,Type,Platform,Owners,Actor,Last Modified,Hops,Path');
  expect(csv).toHaveLength(231);

  // Filter to two hops' worth of one platform through the facets.
  await page.getByLabel('Max hops').click();
  await page.getByTitle('up to 1 hop').click();
  await expect(page.getByTestId('impact-totals')).toContainText('210 affected');
  await page.screenshot({ path: `${SCREENSHOTS}/lineage-04-impact.png`, fullPage: true });
});

test('a schema change shows as a diff with its blast radius, and a break warns on the page', async ({
  page,
  request,
}) => {
  const table = urn('hive', 'customers');
  const reader = urn('hive', 'customer_report');
  const columns = [
    { field_path: 'id', type: 'number', native_type: 'bigint' },
    { field_path: 'email', type: 'string', native_type: 'varchar' },
  ];
  await ingest(request, [
    { urn: table, schema: columns },
    {
      urn: reader,
      schema: [{ field_path: 'contact', type: 'string', native_type: 'varchar' }],
      upstreams: [
        { urn: table, column_mappings: [mapping('email', 'contact', 'DIRECT:IDENTITY')] },
      ],
    },
  ]);
  // The next ingestion drops email (read downstream) and adds country.
  await ingest(request, [
    {
      urn: table,
      schema: [columns[0], { field_path: 'country', type: 'string', native_type: 'varchar' }],
    },
  ]);

  await logIn(page);
  await page.goto(datasetUrl(table));
  await expect(page.getByTestId('schema-break')).toContainText('email');
  await expect(page.getByTestId('schema-break')).toContainText('1 downstream reader');

  await page.getByRole('tab', { name: /^History/ }).click();
  const change = page
    .getByTestId('history-event')
    .filter({ hasText: 'Schema (ingested)' })
    .filter({ hasText: 'version 2' });
  const diff = change.getByTestId('schema-diff');
  await expect(diff.locator('.diff-added')).toContainText('country');
  await expect(diff.locator('.diff-removed')).toContainText('email');
  await expect(diff.locator('.diff-removed')).toContainText(
    `e2e_lx_${STAMP}.customer_report.contact`,
  );
  await expect(page.getByTestId('schema-diff-blast').first()).toContainText(
    'Blast radius: 1 dataset',
  );
  await page.screenshot({ path: `${SCREENSHOTS}/lineage-05-schema-diff.png`, fullPage: true });
});
