/**
 * Run only the embed and teach tests against a build of your own, e.g. while others use dist/:
 *
 *   astro build --outDir /tmp/embed-dist
 *   EMOTION_LENS_DIST=/tmp/embed-dist E2E_PORT=4411 node node_modules/@playwright/test/cli.js test \
 *     -c tests/e2e/embed.playwright.config.ts
 *
 * The normal `npm run test:e2e` runs these specs too (with everything else, against dist/).
 */
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config.ts';
import { BASE_URL, PORT } from './support/browser.ts';

const dist = process.env.EMOTION_LENS_DIST ?? 'dist';

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: ['embed*.spec.ts', 'teach*.spec.ts'],
  outputDir: '../../test-results/e2e-embed',
  reporter: [['list']],
  webServer: {
    command: `"${process.execPath}" tests/e2e/support/static-server.ts --port ${PORT} "${dist}"`,
    url: `${BASE_URL}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    cwd: '../..',
  },
});
