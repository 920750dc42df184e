/**
 * Every built page: loads, has the landmarks and the CSP, fits a 360 px phone, makes no request that
 * leaves localhost (even after scrolling to the end, where widgets wake up), and links only to
 * pages and anchors that exist.
 */
import { readFileSync } from 'node:fs';
import { cspHeaderFor, cspMeta } from '../../src/layouts/csp.ts';
import { expect, test } from './support/fixtures.ts';
import { builtPages } from './support/pages.ts';

const pages = builtPages();

test('the build has the home page, nine lessons, the lesson list and the glossary', () => {
  expect(pages).toContain('/');
  expect(pages).toContain('/lessons/');
  expect(pages).toContain('/glossary/');
  expect(pages.filter((p) => /^\/lessons\/[^/]+\/$/.test(p))).toHaveLength(9);
});

test('no page makes a request that leaves localhost', async ({ page, guard }) => {
  test.setTimeout(30_000 + pages.length * 10_000);
  const seen = new Set<string>();
  page.on('request', (r) => seen.add(new URL(r.url()).host));
  for (const path of pages) {
    await page.goto(path);
    // Scroll to the end in steps, so lazily loaded parts (widgets, images) load too.
    await page.evaluate(async () => {
      for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
        window.scrollTo(0, y);
        await new Promise((r) => setTimeout(r, 30));
      }
    });
    await page.waitForLoadState('networkidle');
  }
  expect(guard.offsite, 'requests to other hosts').toEqual([]);
  expect([...seen].filter((h) => h !== '' && !/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(h))).toEqual([]);
});

for (const path of pages) {
  test(`page basics: ${path}`, async ({ page, request }) => {
    const res = await page.goto(path);
    expect(res?.status()).toBe(200);
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
    await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', cspMeta);
    const head = await request.head(path);
    expect(head.headers()['content-security-policy']).toBe(cspHeaderFor(path));
    expect(head.headers()['x-content-type-options']).toBe('nosniff');
    // Nothing inline that the policy would have to allow.
    const html = readFileSync(`dist${path.endsWith('/') ? `${path}index.html` : path}`, 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style[\s>]/i);
    expect(html).not.toMatch(/\son[a-z]+=["']/i);
  });

  test(`fits a 360 px wide phone: ${path}`, async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(path);
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll<HTMLElement>('body *')]
        .filter((el) => el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).position !== 'fixed')
        .filter((el) => !el.closest('.visually-hidden, [hidden], .skip-link'))
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
      return { scrollWidth: document.documentElement.scrollWidth, width, wide };
    });
    expect(overflow.scrollWidth, `elements wider than the screen: ${overflow.wide.join(', ')}`).toBeLessThanOrEqual(
      overflow.width,
    );
  });
}

test('every internal link and #anchor points at something that exists', async ({ page, request }) => {
  test.setTimeout(30_000 + pages.length * 5_000);
  const links = new Map<string, string>(); // target -> first page that links to it
  for (const path of pages) {
    await page.goto(path);
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) {
      const u = new URL(href);
      if (u.origin !== new URL(page.url()).origin) continue;
      if (!links.has(u.pathname + u.hash)) links.set(u.pathname + u.hash, path);
    }
  }
  const idsByPage = new Map<string, Set<string>>();
  const problems: string[] = [];
  for (const [target, from] of links) {
    const [pathname = '/', hash = ''] = target.split('#');
    if (!idsByPage.has(pathname)) {
      const res = await request.get(pathname);
      if (res.status() !== 200) {
        problems.push(`${from} → ${target}: HTTP ${res.status()}`);
        idsByPage.set(pathname, new Set());
        continue;
      }
      const body = await res.text();
      idsByPage.set(pathname, new Set([...body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!)));
    }
    if (hash && !idsByPage.get(pathname)!.has(decodeURIComponent(hash))) {
      problems.push(`${from} → ${target}: no element with id "${hash}"`);
    }
  }
  expect(problems).toEqual([]);
  expect(links.size).toBeGreaterThan(20);
});

test('an unknown address shows the friendly 404 page with status 404', async ({ page, guard }) => {
  guard.allowConsoleError(/404/);
  const res = await page.goto('/no-such-page/');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('couldn’t find');
});
