import { defineConfig } from '@playwright/test';
import { BASE_URL, CHROMIUM, CHROMIUM_ARGS, PORT } from './tests/e2e/support/browser.ts';

/**
 * End-to-end tests of the BUILT site (dist/), served by a tiny static server that also applies
 * dist/_headers, in Debian's Chromium (/usr/bin/chromium). Run with `npm run test:e2e`.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  // *.spec.ts here; widget and library authors may also name browser tests *.e2e.ts.
  testMatch: ['**/*.spec.ts', '**/*.e2e.ts'],
  outputDir: 'test-results/e2e',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  // One retry on CI: a test that fails once on a busy 2-core machine and then passes is reported as
  // flaky by name in npm test's summary (scripts/test.ts), not silently passed. Never locally.
  retries: process.env.CI ? 1 : 0,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI
    ? [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]]
    : [
        ['list'],
        ['json', { outputFile: 'test-results/e2e-results.json' }],
        ['html', { open: 'never', outputFolder: 'test-results/e2e-report' }],
      ],
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] },
    serviceWorkers: 'block',
    // Recording a trace for every test costs about 15 % of the suite's time on a 2-core machine (the
    // lesson pages of site.spec.ts: 60 s with, 50 s without), and CI keeps none: E2E_TRACE=1 turns it
    // on when you need a failing test's trace (test-results/e2e/).
    trace: process.env.E2E_TRACE ? 'retain-on-failure' : 'off',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `"${process.execPath}" tests/e2e/support/static-server.ts --port ${PORT} dist`,
    url: `${BASE_URL}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
    stdout: 'ignore',
  },
});
