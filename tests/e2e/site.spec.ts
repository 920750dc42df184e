/**
 * Every built page, in one test per page (each check on its own would load the page again, and on a
 * 2-core machine the page loads are most of the suite's time):
 *
 *  1. the JavaScript it loads before the reader does anything: at most 30 KB gzipped on a lesson page.
 *     Widgets are islands that fetch their heavy code (TF.js, MediaPipe, D3) only when the reader
 *     reaches or starts them. Measured as the gzip size (level 6, what static hosts typically serve)
 *     of every script and worker response between navigation and network idle, without scrolling;
 *     written to test-results/js-budget/*.json, which `npm test` prints as a table;
 *  2. basics: status 200, language, one h1, the landmarks, the Content-Security-Policy as a <meta>
 *     tag and as a header, and nothing inline that the policy would have to allow; on a lesson, the
 *     lesson layout (table of contents, lesson list, previous / next, glossary links);
 *  3. every internal link and #anchor on it points at something that exists;
 *  4. axe (WCAG A and AA) in the light theme, and its colour rules in the dark theme (the themes
 *     differ only in colour: see COLOUR_RULES);
 *  5. resized to a 360 px wide phone: nothing wider than the screen; then scrolled to the end
 *     in steps so lazily loaded widgets wake up, while the `guard` fixture fails the test on any
 *     request that leaves localhost.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { APIRequestContext, Page } from '@playwright/test';
import { cspHeaderFor, cspMeta } from '../../src/layouts/csp.ts';
import { expect, test } from './support/fixtures.ts';
import { axeViolations, expectLessonLayout, pageIsDark } from './support/page-utils.ts';
import { builtPages, lessonPages } from './support/pages.ts';

const pages = builtPages();
const lessons = new Set(lessonPages());
const JS_BUDGET_BYTES = 30 * 1024;
const JS_REPORT_DIR = 'test-results/js-budget';

/** The HTML file the build wrote for a page path. */
const builtHtml = (path: string) =>
  readFileSync(`dist${path.endsWith('/') ? `${path}index.html` : path}`, 'utf8');

test('the build has the home page, nine lessons, the lesson list and the glossary', () => {
  expect(pages).toContain('/');
  expect(pages).toContain('/lessons/');
  expect(pages).toContain('/glossary/');
  expect(lessons.size).toBe(9);
});

test('the pages link to more than 20 places on the site (the per-page link checks below have something to check)', () => {
  const targets = new Set<string>();
  for (const path of pages) {
    const html = builtHtml(path);
    for (const m of html.matchAll(/<a\s[^>]*href="(\/[^"]*)"/g)) targets.add(m[1]!);
  }
  expect(targets.size).toBeGreaterThan(20);
});

/** Gzipped bytes of every script and worker the page received, by file. */
function watchScripts(page: Page): () => Promise<Record<string, number>> {
  const bodies = new Map<string, Promise<Buffer>>();
  page.on('response', (res) => {
    const type = res.request().resourceType();
    if (type === 'script' || type === 'worker' || type === 'sharedworker')
      bodies.set(res.url(), res.body());
  });
  return async () => {
    const files: Record<string, number> = {};
    for (const [url, body] of bodies)
      files[new URL(url).pathname] = gzipSync(await body, { level: 6 }).length;
    return files;
  };
}

/** One small JSON file per page (tests run in parallel); scripts/test.ts prints them as a table. */
function recordJs(path: string, gzipBytes: number, files: Record<string, number>) {
  mkdirSync(JS_REPORT_DIR, { recursive: true });
  const name = path.replace(/[^a-z0-9]+/gi, '_') || 'root';
  const budget = lessons.has(path) ? JS_BUDGET_BYTES : null;
  writeFileSync(
    `${JS_REPORT_DIR}/${name}.json`,
    JSON.stringify({ path, gzipBytes, budget, files }, null, 2),
  );
}

async function expectBasics(page: Page, request: APIRequestContext, path: string) {
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  expect((await page.title()).length).toBeGreaterThan(3);
  await expect(page.locator('h1')).toHaveCount(1);
  await expect(page.getByRole('main')).toHaveCount(1);
  // Embed pages are framed by other sites, so they carry no site header or navigation.
  const chrome = path.startsWith('/embed/') ? 0 : 1;
  await expect(page.getByRole('banner')).toHaveCount(chrome);
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(chrome);
  await expect(page.getByRole('contentinfo')).toHaveCount(1);
  // The same Content-Security-Policy as a <meta> tag and, with frame-ancestors, as a header.
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute(
    'content',
    cspMeta,
  );
  const head = await request.head(path);
  expect(head.headers()['content-security-policy']).toBe(cspHeaderFor(path));
  expect(head.headers()['x-content-type-options']).toBe('nosniff');
  // Nothing inline that the policy would have to allow.
  const html = builtHtml(path);
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
  expect(html).not.toMatch(/<style[\s>]/i);
  expect(html).not.toMatch(/\son[a-z]+=["']/i);
}

/** The ids of each linked page, fetched once per worker; null for a page that is not there. */
const idsByPage = new Map<string, Set<string> | null>();

async function brokenLinks(page: Page, request: APIRequestContext): Promise<string[]> {
  const origin = new URL(page.url()).origin;
  const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
  expect(hrefs.length, 'links on the page').toBeGreaterThan(0);
  const problems: string[] = [];
  for (const href of new Set(hrefs)) {
    const u = new URL(href);
    if (u.origin !== origin) continue;
    if (!idsByPage.has(u.pathname)) {
      const res = await request.get(u.pathname);
      const body = res.status() === 200 ? await res.text() : null;
      idsByPage.set(
        u.pathname,
        body === null ? null : new Set([...body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!)),
      );
    }
    const ids = idsByPage.get(u.pathname);
    if (!ids) problems.push(`${u.pathname}: not found`);
    else if (u.hash && !ids.has(decodeURIComponent(u.hash.slice(1))))
      problems.push(`${u.pathname}${u.hash}: no element with that id`);
  }
  return problems;
}

async function wideElements(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter(
        (el) =>
          el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).position !== 'fixed',
      )
      .filter((el) => !el.closest('.visually-hidden, [hidden], .skip-link'))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return { scrollWidth: document.documentElement.scrollWidth, width, wide };
  });
}

for (const path of pages) {
  test(`page: ${path}`, async ({ page, request }) => {
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme: 'light' });
    const scripts = watchScripts(page);
    const res = await page.goto(path, { waitUntil: 'load' });
    expect(res?.status()).toBe(200);
    await page.waitForLoadState('networkidle');

    await test.step('JavaScript before interaction', async () => {
      const files = await scripts();
      const total = Object.values(files).reduce((a, b) => a + b, 0);
      recordJs(path, total, files);
      test.info().annotations.push({ type: 'js-gzip-bytes', description: String(total) });
      if (lessons.has(path))
        expect(total, `gzipped JS loaded by ${path}: ${JSON.stringify(files)}`).toBeLessThanOrEqual(
          JS_BUDGET_BYTES,
        );
    });

    await test.step('basics', () => expectBasics(page, request, path));
    if (lessons.has(path)) await test.step('lesson layout', () => expectLessonLayout(page));
    await test.step('links and anchors', async () =>
      expect(await brokenLinks(page, request)).toEqual([]));

    await test.step('axe, light and dark', async () => {
      expect(await pageIsDark(page), 'light background').toBe(false);
      expect(await axeViolations(page), 'light theme').toEqual([]);
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await pageIsDark(page), 'dark background').toBe(true);
      expect(await axeViolations(page, { coloursOnly: true }), 'dark theme').toEqual([]);
    });

    await test.step('a 360 px wide phone, scrolled to the end', async () => {
      // Resized rather than reloaded: one page load less per page, and a widget that woke up at
      // 1280 px must re-flow too (touch.spec.ts loads every widget's embed page fresh at 360 px).
      await page.setViewportSize({ width: 360, height: 740 });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
      const overflow = await wideElements(page);
      expect(
        overflow.scrollWidth,
        `elements wider than the screen: ${overflow.wide.join(', ')}`,
      ).toBeLessThanOrEqual(overflow.width);
      await page.evaluate(async () => {
        for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
          window.scrollTo(0, y);
          await new Promise((r) => setTimeout(r, 30));
        }
      });
      await page.waitForLoadState('networkidle');
    });
  });
}

test('an unknown address shows the friendly 404 page with status 404', async ({ page, guard }) => {
  guard.allowConsoleError(/404/);
  const res = await page.goto('/no-such-page/');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('couldn’t find');
});
