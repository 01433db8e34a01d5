import { defineConfig, devices } from '@playwright/test';

import { SMALL_TRACK_TOTAL_HITS } from './e2e/helpers';

const PORT = Number(process.env.MDT_E2E_PORT ?? 8765);
const CHROMIUM = process.env.MDT_CHROMIUM ?? '/usr/bin/chromium';
/** A second server counts matches exactly only up to SMALL_TRACK_TOTAL_HITS, so the demo
 * catalog's 300 datasets make a broad search's total a lower bound. Only the specs about that
 * run against it; the others keep the default threshold. */
const SMALL_THRESHOLD = { port: PORT + 1, specs: 'approximate-counts.spec.ts' };

/** End-to-end tests in Debian's Chromium against the real Django server, which serves the
 * built SPA (run `npm run build` first) and the API on a fresh demo catalog. */
export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results/playwright',
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: SMALL_THRESHOLD.specs,
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } },
    },
    {
      name: 'chromium-small-threshold',
      testMatch: SMALL_THRESHOLD.specs,
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 800 },
        baseURL: `http://127.0.0.1:${SMALL_THRESHOLD.port}`,
      },
    },
  ],
  webServer: [
    {
      command: 'bash e2e/serve.sh',
      url: `http://127.0.0.1:${PORT}/healthz`,
      env: { MDT_E2E_PORT: String(PORT) },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: 'bash e2e/serve.sh',
      url: `http://127.0.0.1:${SMALL_THRESHOLD.port}/healthz`,
      env: {
        MDT_E2E_PORT: String(SMALL_THRESHOLD.port),
        SEARCH_TRACK_TOTAL_HITS: String(SMALL_TRACK_TOTAL_HITS),
      },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
