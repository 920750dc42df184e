/**
 * Lighthouse scores of the built site (prints figures; not a test).
 *
 *   node scripts/bench-lighthouse.ts [--dist dist] [--port 4478] [--preset mobile|desktop] [--runs 3] [path …]
 *
 * Serves dist/ as a compressing static host would (brotli on the fly, an hour of caching) and runs
 * Lighthouse in Debian's headless Chromium on each path (default: the home page, lesson 1 with the
 * live demo, and the live demo's embed page). Prints performance, accessibility and best practices
 * (the median of --runs for performance, which varies from run to run), the page's metrics, and every
 * audit that lost points. Lighthouse simulates a slow phone on a slow network by default; its CPU
 * timings still depend on this machine: run it while nothing else is busy, and say the machine's load.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig, type Result } from 'lighthouse';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/support/browser.ts';
import { startStaticServer } from '../tests/e2e/support/static-server.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    dist: { type: 'string', default: 'dist' },
    port: { type: 'string', default: '4478' },
    preset: { type: 'string', default: 'mobile' },
    runs: { type: 'string', default: '3' },
  },
});
const DIST = resolve(values.dist);
const PATHS =
  positionals.length > 0
    ? positionals
    : ['/', '/lessons/can-a-computer-read-a-face/', '/embed/live-demo/'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
const RUNS = Math.max(1, Number(values.runs));

if (!existsSync(join(DIST, 'index.html'))) {
  console.error(`${DIST}/index.html not found: build the site first (npm run build).`);
  process.exit(1);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const score = (r: Result, id: string) => Math.round((r.categories[id]?.score ?? 0) * 100);

/** Audits that count towards a category's score and did not get full marks. */
function lostPoints(r: Result): string[] {
  const lines: string[] = [];
  for (const id of CATEGORIES) {
    for (const ref of r.categories[id]?.auditRefs ?? []) {
      const audit = r.audits[ref.id];
      if (!audit || ref.weight === 0 || audit.score === null || audit.score >= 1) continue;
      lines.push(
        `      ${id}: ${audit.id} ${Math.round(audit.score * 100)}${audit.displayValue ? ` (${audit.displayValue})` : ''}`,
      );
    }
  }
  return lines;
}

const server = await startStaticServer({
  root: DIST,
  port: Number(values.port),
  compress: true,
  maxAgeSeconds: 3600,
});
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: [...CHROMIUM_ARGS],
});
console.log(
  `Lighthouse — ${new Date().toISOString()}, ${values.preset} preset, ${RUNS} run(s) per page, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(`Site: ${DIST}, served compressed (brotli) with caching; Chromium ${CHROMIUM}`);
try {
  for (const path of PATHS) {
    const results: Result[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await lighthouse(
        `http://127.0.0.1:${values.port}${path}`,
        { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] },
        values.preset === 'desktop' ? desktopConfig : undefined,
      );
      if (!run) throw new Error(`Lighthouse returned nothing for ${path}`);
      // A run Lighthouse could not finish (e.g. NO_FCP) has no scores: say so, rather than count 0.
      const failed = run.lhr.runtimeError;
      if (failed) console.log(`  ${path} run ${i + 1} failed: ${failed.code} ${failed.message}`);
      else results.push(run.lhr);
    }
    if (results.length === 0) throw new Error(`every Lighthouse run of ${path} failed`);
    // The run with the median performance score stands for the page.
    const perf = median(results.map((r) => score(r, 'performance')));
    const r = results.find((x) => score(x, 'performance') === perf)!;
    const scores = CATEGORIES.map((c) => `${c} ${c === 'performance' ? perf : score(r, c)}`).join(
      ', ',
    );
    const all =
      results.length > 1
        ? ` (performance in each run: ${results.map((x) => score(x, 'performance')).join(', ')})`
        : '';
    console.log(`\n${path}: ${scores}${all}`);
    const metric = (id: string) => r.audits[id]?.displayValue ?? '–';
    console.log(
      `    FCP ${metric('first-contentful-paint')}, LCP ${metric('largest-contentful-paint')}, TBT ${metric('total-blocking-time')}, CLS ${metric('cumulative-layout-shift')}, Speed Index ${metric('speed-index')}`,
    );
    for (const line of lostPoints(r)) console.log(line);
  }
} finally {
  chrome.kill();
  server.close();
}
