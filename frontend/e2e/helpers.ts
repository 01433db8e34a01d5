import { type APIRequestContext, expect, type Page } from '@playwright/test';

import type { DatasetPage, DatasetSummary, LineageGraph } from '../src/types/api';

export const SCREENSHOTS = 'test-results/screenshots';

/** SEARCH_TRACK_TOTAL_HITS of the server approximate-counts.spec.ts runs against (see
 * playwright.config.ts): well under the demo catalog's 300 datasets. */
export const SMALL_TRACK_TOTAL_HITS = 50;

export async function logIn(page: Page, username = 'admin', password = 'mdt-demo') {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('button', { name: 'User menu' })).toBeVisible();
}

export const datasetUrl = (urn: string, tab?: string) =>
  `/dataset/${encodeURIComponent(urn)}${tab ? `/${tab}` : ''}`;

/** An admin's access token for API calls made by the tests themselves. */
export async function adminToken(request: APIRequestContext): Promise<string> {
  const token = await request.post('/api/v1/auth/token/', {
    data: { username: 'admin', password: 'mdt-demo' },
  });
  // SCHEMA GAP: Swagger says 201 with the request's fields; the API answers 200 {access, refresh}.
  const { access } = (await token.json()) as { access: string; refresh: string };
  return access;
}

async function api<T>(request: APIRequestContext, path: string): Promise<T> {
  const access = await adminToken(request);
  const response = await request.get(`/api/v1${path}`, {
    headers: { Authorization: `Bearer ${access}` },
  });
  expect(response.ok()).toBe(true);
  return (await response.json()) as T;
}

export interface Chain {
  urn: string;
  name: string;
  upstream: string;
}

/** A hive table whose upstream has an upstream of its own, so "expand one hop" shows more.
 * Looked up through the API so the tests do not depend on the demo generator's names. */
export async function findLineageChain(request: APIRequestContext): Promise<Chain> {
  const page = await api<DatasetPage>(request, '/datasets/?platform=hive&limit=100');
  for (const dataset of page.results) {
    const graph = await api<LineageGraph>(
      request,
      `/datasets/${encodeURIComponent(dataset.urn)}/lineage/?direction=upstream&depth=2`,
    );
    const first = graph.nodes.filter((node) => node.hops === -1);
    if (first.length === 1 && graph.nodes.some((node) => node.hops === -2)) {
      return { urn: dataset.urn, name: dataset.name, upstream: first[0]!.name };
    }
  }
  throw new Error('The demo catalog has no hive table with two hops of upstream lineage.');
}

export async function anyDataset(
  request: APIRequestContext,
  platform = 'hdfs',
): Promise<DatasetSummary> {
  const page = await api<DatasetPage>(request, `/datasets/?platform=${platform}&limit=1`);
  return page.results[0]!;
}

/** POST /api/v1/ingest/ as admin: dataset documents (with `upstreams`) written in one batch. */
export async function ingest(request: APIRequestContext, datasets: object[]): Promise<void> {
  const access = await adminToken(request);
  const response = await request.post('/api/v1/ingest/', {
    headers: { Authorization: `Bearer ${access}` },
    data: { datasets },
    timeout: 60_000,
  });
  expect(response.ok(), await response.text()).toBe(true);
}
