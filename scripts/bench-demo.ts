/**
 * Benchmark of the live demo (prints figures; not a test).
 *
 *   node scripts/bench-demo.ts [--dist dist] [--seconds 15] [--backends auto,webgl] [--port 4477]
 *
 * Runs the built site (dist/, `npm run build` first) in Debian's headless Chromium with a fake webcam:
 * a 640×480, 30 fps clip of one real face (cut from a photo shipped in an npm package, made with
 * ffmpeg). For each TF.js backend asked for ("auto" = what the demo picks by itself):
 *
 *  - cold start: a fresh browser profile, lesson 1, press "Start camera" → first prediction with a face;
 *  - warm start: reload the page (files now in the HTTP cache) and press "Start camera" again;
 *  - restart: stop and start the camera again on the same page (everything already loaded);
 *  - steady state over `--seconds`: frames per second of the whole pipeline and milliseconds per stage
 *    (detect, crop, classify, draw), first with the feature maps closed, then open (feature maps:
 *    computing them, and drawing them, counted in the frames that had them).
 *
 * The site is served with `Cache-Control: max-age=3600` (like a static host with caching), so that the
 * warm start really reads from the cache. Timings come from the page (performance.now()); they are
 * noisy on a shared machine: run it twice.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/support/browser.ts';
import { createStaticServer } from '../tests/e2e/support/static-server.ts';
import type { DemoStats as Stats } from '../src/widgets/live-demo/demo-app.ts';
import { fakeWebcamArgs, makeFakeWebcamClip, SINGLE_FACE_CROP } from '../tests/e2e/support/webcam.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const DIST = resolve(arg('dist', 'dist'));
const SECONDS = Number(arg('seconds', '15'));
const BACKENDS = arg('backends', 'auto,webgl').split(',');
const PORT = Number(arg('port', '4477'));
const LESSON = '/lessons/can-a-computer-read-a-face/';

if (!existsSync(join(DIST, 'index.html'))) {
  console.error(`${DIST}/index.html not found: build the site first (npm run build).`);
  process.exit(1);
}

/** The test server, plus one day of caching on every response (a static host would send validators). */
async function serve(): Promise<() => void> {
  const handler = createStaticServer({ root: DIST }).listeners('request')[0] as (req: IncomingMessage, res: ServerResponse) => void;
  const server = createServer((req, res) => {
    const writeHead = res.writeHead.bind(res) as (status: number, headers?: Record<string, string | number>) => ServerResponse;
    (res as unknown as { writeHead: typeof writeHead }).writeHead = (status, headers = {}) => {
      if (status === 200) headers['cache-control'] = 'public, max-age=3600';
      return writeHead(status, headers);
    };
    handler(req, res);
  });
  await new Promise<void>((ok) => server.listen(PORT, '127.0.0.1', ok));
  return () => server.close();
}

const stats = (page: Page) => page.evaluate(() => (document.querySelector('live-demo') as unknown as { stats(): Stats | null }).stats());

async function waitForFace(page: Page, after = 0): Promise<Stats> {
  await page.waitForFunction(
    (n) => {
      const s = (document.querySelector('live-demo') as unknown as { stats(): { frames: number; faces: number } | null }).stats();
      return !!s && s.frames > n && s.faces > 0;
    },
    after,
    { timeout: 120_000 },
  );
  return (await stats(page))!;
}

/** Opens lesson 1, optionally forces a backend, presses Start camera; returns ms to the first face. */
interface StartFigures {
  pageMs: number;
  wallMs: number;
  startup: Stats['startup'];
}

const startupText = (s: StartFigures) =>
  `code ${s.startup.code.toFixed(0)}, camera ${f0(s.startup.picture)}, face detector ${f0(s.startup.detector)}, emotion model ${f0(s.startup.classifier)}, first face ${s.pageMs.toFixed(0)} ms`;
const f0 = (v: number | null) => (v === null ? '–' : v.toFixed(0));

async function start(page: Page, backend: string): Promise<StartFigures> {
  await page.goto('about:blank'); // a real page load, also when the lesson is already open
  await page.goto(`${LESSON}#demo`);
  await page.locator('live-demo').scrollIntoViewIfNeeded();
  if (backend !== 'auto') await page.evaluate((b) => document.querySelector('live-demo')!.setAttribute('backend', b), backend);
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Start camera' }).click();
  const s = await waitForFace(page);
  return { pageMs: s.firstFaceMs!, wallMs: Date.now() - t0, startup: s.startup };
}

async function steady(page: Page, seconds: number): Promise<Stats> {
  await page.waitForTimeout(2000); // settle
  await page.evaluate(() => (document.querySelector('live-demo') as unknown as { resetStats(): void }).resetStats());
  await page.waitForTimeout(seconds * 1000);
  return (await stats(page))!;
}

const f1 = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(1));

function row(label: string, s: Stats): string {
  const fps = s.frames / s.seconds;
  const m = s.ms;
  return `  ${label.padEnd(22)} ${f1(fps).padStart(5)} fps   detect ${f1(m.detect)}  crop ${f1(m.crop)}  classify ${f1(m.classify)}  draw ${f1(m.draw)}  feature maps ${f1(m.featureMaps)} + draw ${f1(m.featureMapsDraw)} (${s.featureMapFrames} frames)  → per frame ${f1(m.total)} ms`;
}

async function benchBackend(browser: Browser, backend: string): Promise<void> {
  const context = await browser.newContext({ permissions: ['camera'], baseURL: `http://127.0.0.1:${PORT}`, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cold = await start(page, backend);
  const first = (await stats(page))!;
  const closed = await steady(page, SECONDS);
  await page.getByText('Look inside the network').click();
  const open = await steady(page, SECONDS);

  // Restart on the same page: stop, start again (nothing to download or compile).
  await page.getByRole('button', { name: 'Stop camera' }).click();
  await page.waitForTimeout(500);
  const before = (await stats(page))!.frames;
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Start camera' }).click();
  await waitForFace(page, before);
  const restartMs = Date.now() - t0;

  // Warm: reload (HTTP cache filled), start again.
  const warm = await start(page, backend);
  await context.close();

  console.log(`\nBackend ${backend === 'auto' ? `auto (picked: ${first.backend})` : first.backend}`);
  console.log(`  Start → first prediction with a face: cold ${cold.pageMs.toFixed(0)} ms (wall ${cold.wallMs} ms), warm cache ${warm.pageMs.toFixed(0)} ms (wall ${warm.wallMs} ms), restart on the same page ${restartMs} ms (wall)`);
  console.log(`    cold, ready after: ${startupText(cold)}`);
  console.log(`    warm, ready after: ${startupText(warm)}`);
  console.log(row('feature maps closed', closed));
  console.log(row('feature maps open', open));
  console.log(`  tf.memory().numTensors: ${first.numTensors} after the first frame, ${open.numTensors} at the end`);
}

const stop = await serve();
const clip = makeFakeWebcamClip({ crop: SINGLE_FACE_CROP, fps: 30, seconds: 2, width: 640, height: 480 });
console.log(`Live demo benchmark — ${new Date().toISOString()}`);
console.log(`Chromium ${CHROMIUM} (headless, --disable-gpu), ${cpus().length} CPU cores (${cpus()[0]?.model ?? '?'}), fake webcam 640×480 @ 30 fps of one face`);
console.log(`Site: ${DIST}; steady state measured over ${SECONDS} s per row. The camera gives 30 frames a second, so 30 fps is the ceiling.`);
try {
  for (const backend of BACKENDS) {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...fakeWebcamArgs(clip)] });
    try {
      await benchBackend(browser, backend);
    } finally {
      await browser.close();
    }
  }
} finally {
  stop();
}
