/**
 * JavaScript budget: what a lesson page loads before the reader does anything must stay at or under
 * 30 KB gzipped. Widgets are islands that fetch their heavy code (TF.js, MediaPipe, D3) only when the
 * reader reaches or starts them, so they do not count here until then.
 *
 * Measured as the gzip size (level 6, what static hosts typically serve) of every script and worker
 * response the page received between navigation and network idle, without scrolling or clicking.
 * The figures are written to test-results/js-budget/*.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, test } from './support/fixtures.ts';
import { builtPages, lessonPages } from './support/pages.ts';

const BUDGET_BYTES = 30 * 1024;
const REPORT_DIR = 'test-results/js-budget';

/** One small JSON file per page (tests run in parallel); scripts/test.ts prints them as a table. */
function record(path: string, gzipBytes: number, files: Record<string, number>) {
  mkdirSync(REPORT_DIR, { recursive: true });
  const name = path.replace(/[^a-z0-9]+/gi, '_') || 'root';
  writeFileSync(`${REPORT_DIR}/${name}.json`, JSON.stringify({ path, gzipBytes, budget: lessons.has(path) ? BUDGET_BYTES : null, files }, null, 2));
}

const lessons = new Set(lessonPages());

for (const path of builtPages()) {
  test(`JS before interaction: ${path}`, async ({ page }) => {
    const scripts = new Map<string, Promise<Buffer>>();
    page.on('response', (res) => {
      const type = res.request().resourceType();
      if (type === 'script' || type === 'worker' || type === 'sharedworker') {
        scripts.set(res.url(), res.body());
      }
    });
    await page.goto(path, { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    const files: Record<string, number> = {};
    let total = 0;
    for (const [url, body] of scripts) {
      const gz = gzipSync(await body, { level: 6 }).length;
      files[new URL(url).pathname] = gz;
      total += gz;
    }
    record(path, total, files);
    test.info().annotations.push({ type: 'js-gzip-bytes', description: String(total) });
    if (lessons.has(path)) {
      expect(total, `gzipped JS loaded by ${path}: ${JSON.stringify(files)}`).toBeLessThanOrEqual(BUDGET_BYTES);
    }
  });
}

test('there are nine lesson pages to check', () => {
  expect(lessons.size).toBe(9);
});
