/**
 * Offline after one visit (the service worker of scripts/service-worker.ts): on /teach/, "Get this
 * site ready for offline use" downloads the offline copy and says how much it took; then the site's
 * server is STOPPED and the browser set offline, and every lesson and every embed page still loads with
 * no failed request, every page saying "Available offline", and the heavy widgets still work: the live
 * demo (fake camera, and a sample photo in an embed page with options in its address), the model
 * comparison, the transfer lab and the face mesh. Back online, a new deploy (a copy of dist/ with one
 * page changed and the sw.js that lists it) is downloaded in the background while the old version keeps
 * serving, and "Switch to it" moves the page to the new one; "Clear what this site kept" then removes
 * the copy. Every other spec blocks service workers (playwright.config.ts); this one allows them, in
 * its own context on its own server, so that "server stopped" really means no network.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { expect as baseExpect, test } from './support/fixtures.ts';
import { builtPages, DIST, lessonPages } from './support/pages.ts';
import { startStaticServer } from './support/static-server.ts';
import { MEDIAPIPE_INFO, useSample, waitForPrediction } from './live-demo-support.ts';
import { axeViolations, openWidget } from './support/page-utils.ts';
import type { OfflineManifest } from '../../src/lib/offline/offline-copy.ts';
import { bytes } from '../../src/lib/format.ts';

/** Waits that load the pipeline or the download get more time on a busy machine. */
const expect = baseExpect.configure({ timeout: 60_000 });

const manifest = JSON.parse(
  readFileSync(join(DIST, 'offline-manifest.json'), 'utf8'),
) as OfflineManifest;
const lessons = lessonPages();
const embeds = builtPages().filter((p) => /^\/embed\/[^/]+\/$/.test(p));

/** The <title> of a built page, as the browser shows it. */
function builtTitle(path: string): string {
  const html = readFileSync(join(DIST, path, 'index.html'), 'utf8');
  return /<title>([^<]*)<\/title>/.exec(html)![1]!.replace(/&amp;/g, '&');
}

/** Records every request of the context that failed or was not answered by the service worker. */
function watchRequests(context: BrowserContext, origin: string) {
  const failed: string[] = [];
  const fromNetwork: string[] = [];
  context.on('requestfailed', (r) => {
    const error = r.failure()?.errorText;
    // ERR_ABORTED is the page itself dropping a request, e.g. a widget's lazy module still loading
    // when the walk moves on to the next page (seen once on CI); a miss offline is ERR_FAILED or
    // ERR_INTERNET_DISCONNECTED, and any response not from the copy is caught below anyway.
    if (error !== 'net::ERR_ABORTED') failed.push(`${r.url()}: ${error}`);
  });
  context.on('response', (r) => {
    if (r.url().startsWith(origin) && !r.fromServiceWorker()) fromNetwork.push(r.url());
  });
  return { failed, fromNetwork };
}

async function goOffline(page: Page, path: string, query = ''): Promise<void> {
  await page.goto(path + query);
  await expect(page).toHaveTitle(builtTitle(path));
  await expect(page.locator('h1').first()).toBeVisible();
  await expect(page.getByText('Available offline in this browser')).toBeVisible();
}

test('after "Get this site ready for offline use", every lesson and widget works with the server gone', async ({
  webcamBrowser,
  guard,
}) => {
  test.setTimeout(600_000);
  guard.allowConsoleError(MEDIAPIPE_INFO);
  let server = await startStaticServer({ root: DIST });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const context = await webcamBrowser.newContext({
    baseURL: origin,
    permissions: ['camera'],
    serviceWorkers: 'allow',
  });
  await guard.watch(context);
  const page = await context.newPage();

  // One visit: the download, with its progress, and what it says at the end.
  await page.goto('/teach/');
  const status = page.locator('[data-offline-status]');
  await expect(page.locator('[data-offline-size]')).toHaveText(
    `The copy is ${manifest.count} files, ${bytes(manifest.bytes)} in all.`,
  );
  await page.getByRole('button', { name: 'Get this site ready for offline use' }).click();
  await expect(page.getByRole('progressbar', { name: 'Offline copy downloaded' })).toBeVisible();
  await expect(status).toHaveText(/^Ready offline: /, { timeout: 240_000 });
  const [, files, size, took] = /^Ready offline: ([\d,]+) files, ([\d.]+ MB), took ([\d.]+ s)/.exec(
    (await status.textContent())!,
  )!;
  expect(Number(files!.replace(/,/g, ''))).toBe(manifest.count);
  expect(size).toBe(bytes(manifest.bytes));
  test.info().annotations.push({
    type: 'offline-download',
    description: `${files} files, ${size}, ${took}`,
  });
  console.log(`offline download: ${files} files, ${size}, took ${took}`);
  // The page that asked is controlled at once (no reload) and says so.
  await expect(page.getByText('Available offline in this browser')).toBeVisible();
  expect(await axeViolations(page, { include: '#offline' })).toEqual([]);

  // The network goes away: no server, and the browser offline too.
  await new Promise<void>((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
  await context.setOffline(true);
  const requests = watchRequests(context, origin);

  // Every lesson and every embed page (the embed pages with options in their address).
  expect(lessons).toHaveLength(9);
  for (const path of lessons) await goOffline(page, path);
  for (const path of embeds) await goOffline(page, path, '?theme=dark&motion=reduce');

  // The live demo: the fake camera in lesson 1, then a sample photo in its embed page.
  const demo = page.locator('live-demo');
  await openWidget(page, lessons[0]!, 'live-demo', { ready: false });
  await demo.getByRole('button', { name: 'Start camera' }).click();
  expect((await waitForPrediction(page, 1)).source).toBe('webcam');
  await demo.getByRole('button', { name: 'Stop camera' }).click();
  await page.goto('/embed/live-demo/?theme=dark');
  await useSample(demo);
  expect((await waitForPrediction(page, 2)).source).toBe('image');

  // The model comparison draws its chart.
  const comparison = await openWidget(page, '/lessons/comparing-models/', 'model-comparison');
  await expect(comparison.locator('.bc-row').first()).toBeVisible();

  // The transfer lab loads its network and finds the faces of a sample photo.
  const lab = page.locator('transfer-lab');
  await openWidget(page, '/lessons/transfer-learning/', 'transfer-lab', { ready: false });
  await lab.getByRole('button', { name: 'Use a sample photo' }).click();
  await lab.locator('[data-sample-url]').nth(4).click();
  await expect(lab.locator('[data-tl="stage-note"]')).toHaveText(/faces? found in the photo/);

  // The face mesh puts its points on a sample photo.
  const mesh = page.locator('face-mesh');
  await openWidget(page, '/lessons/face-mesh/', 'face-mesh', { ready: false });
  await mesh.getByRole('button', { name: 'Use a sample photo' }).click();
  await mesh.locator('[data-sample-url]').nth(4).click();
  await expect(mesh.locator('[data-fm="note"]')).toHaveText(/468 points on/);

  expect(requests.failed, 'requests that failed offline').toEqual([]);
  expect(requests.fromNetwork, 'responses that did not come from the offline copy').toEqual([]);

  // Back online, on a new deploy: the old version serves until the reader switches, never a mix.
  const deploy = mkdtempSync(join(tmpdir(), 'offline-deploy-'));
  cpSync(DIST, deploy, { recursive: true });
  const about = join(deploy, 'about', 'index.html');
  writeFileSync(about, readFileSync(about, 'utf8').replace('</main>', '<p>New build.</p></main>'));
  // What a new build's sw.js differs by: the changed page's revision (the build's own step,
  // writeServiceWorker, takes 5 to 20 s here; tests/unit/service-worker.test.ts covers it).
  const sw = join(deploy, 'sw.js');
  const entry = /\{url:"about\/index\.html",revision:"[0-9a-f]+"\}/;
  expect(readFileSync(sw, 'utf8')).toMatch(entry);
  writeFileSync(
    sw,
    readFileSync(sw, 'utf8').replace(entry, '{url:"about/index.html",revision:"new-build"}'),
  );
  server = await startStaticServer({ root: deploy, port });
  await context.setOffline(false);
  await page.goto('/about/');
  const update = page
    .getByRole('status')
    .filter({ hasText: 'A new version of the site is ready.' });
  await expect(update).toBeVisible();
  expect(await axeViolations(page, { include: '[data-offline-state]' })).toEqual([]);
  await page.reload();
  await expect(update).toBeVisible();
  await expect(page.getByText('New build.'), 'the old version serves until the switch').toHaveCount(
    0,
  );
  await update.getByRole('button', { name: 'Switch to it' }).click();
  await expect(page.getByText('New build.')).toBeVisible();
  await expect(update).toBeHidden();
  await expect(page.getByText('Available offline in this browser')).toBeVisible();

  // "Clear what this site kept" removes the worker and its caches.
  await page.getByRole('button', { name: 'Clear what this site kept' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'no longer holds anything from this site' }),
  ).toBeVisible();
  expect(
    await page.evaluate(async () => ({
      workers: (await navigator.serviceWorker.getRegistrations()).length,
      caches: await caches.keys(),
      controlled: navigator.serviceWorker.controller !== null,
    })),
  ).toEqual({ workers: 0, caches: [], controlled: false });
  await expect(page.getByText('Available offline in this browser')).toBeHidden();

  await context.close();
  server.close();
  rmSync(deploy, { recursive: true, force: true });
});
