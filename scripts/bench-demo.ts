/**
 * Benchmark of the live demo (prints figures; not a test).
 *
 *   node scripts/bench-demo.ts [--dist dist] [--seconds 15] [--backends auto,webgl] [--port 4477] [--files]
 *                              [--throttle 4] [--trace trace.json]
 *
 * Runs the built site (dist/, `npm run build` first) in Debian's headless Chromium with a fake webcam:
 * a 640×480, 30 fps clip of one real face (cut from a photo shipped in an npm package, made with
 * ffmpeg). For each TF.js backend asked for ("auto" = what the demo picks by itself):
 *
 *  - cold start: a fresh browser profile, lesson 1, press "Start camera" → first prediction with a face;
 *  - warm start: reload the page (files now in the HTTP cache, on disk as in a normal window) and press
 *    "Start camera" again;
 *  - restart: stop and start the camera again on the same page (everything already loaded);
 *  - steady state over `--seconds`: frames per second of the whole pipeline beside the camera's own
 *    rate (frames it presented: those handled and those missed) and the pipeline's uncapped rate
 *    (1000 / its milliseconds per frame: what it could do with a faster camera), and milliseconds per
 *    stage (detect, crop, classify, draw), first with the feature maps closed, then open (feature
 *    maps: computing them, and drawing them, counted in the frames that had them);
 *  - with `--throttle N`, the steady state again with Chromium's CPU slowed N times (DevTools' CPU
 *    throttling), to see the demo adapt: what it leaves out (src/lib/pipeline/load-adapter.ts) and
 *    the line it shows the reader;
 *  - with `--trace FILE`, a Chrome trace of 5 s with the feature maps open (FILE, one per backend:
 *    open it in chrome://tracing or Perfetto), summed up per thread and, for the page's main thread, by
 *    kind of work (our script, style, layout, paint, GC…), in CPU time per frame (scripts/trace-summary.ts);
 *  - bytes of the cold start: what the lesson page loads before Start, and what Start loads until the
 *    first prediction, raw and as a compressing host sends them (brotli at its highest level, as for
 *    files compressed ahead of time, and gzip), by kind of file;
 *  - then, in a fresh browser, the demo as a teacher embeds it: /embed/live-demo/ in an iframe of a
 *    page on another site (cold and warm start, steady state with the feature maps closed and open).
 *
 * The site is served with `Cache-Control: max-age=3600` (like a static host with caching), so that the
 * warm start really reads from the cache. Timings come from the page (performance.now()); they are
 * noisy on a shared machine: run it twice.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { bytes } from '../src/lib/format.ts';
import { summariseTrace, TRACE_CATEGORIES, type TraceEvent } from './trace-summary.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/support/browser.ts';
import { startStaticServer } from '../tests/e2e/support/static-server.ts';
import { startHost, type Host } from '../tests/e2e/embed-host.ts';
import type { DemoStats as Stats } from '../src/widgets/live-demo/demo-app.ts';
import {
  fakeWebcamArgs,
  makeFakeWebcamClip,
  SINGLE_FACE_CROP,
} from '../tests/e2e/support/webcam.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const DIST = resolve(arg('dist', 'dist'));
const SECONDS = Number(arg('seconds', '15'));
const BACKENDS = arg('backends', 'auto,webgl').split(',');
const PORT = Number(arg('port', '4477'));
/** --files: list every file of the cold start with its size. */
const LIST_FILES = args.includes('--files');
/** --throttle N: also measure with the CPU slowed N times (0: not). */
const THROTTLE = Number(arg('throttle', '0'));
/** --trace FILE: also record a Chrome trace of the steady state with the feature maps open. */
const TRACE = arg('trace', '');
const TRACE_SECONDS = 5;
const LESSON = '/lessons/can-a-computer-read-a-face/';

if (!existsSync(join(DIST, 'index.html'))) {
  console.error(`${DIST}/index.html not found: build the site first (npm run build).`);
  process.exit(1);
}

/** The test server with an hour of caching on every file, so that a reload reads from the cache. */
async function serve(): Promise<() => void> {
  const server = await startStaticServer({ root: DIST, port: PORT, maxAgeSeconds: 3600 });
  return () => server.close();
}

const stats = (frame: Frame) =>
  frame.evaluate(() =>
    (document.querySelector('live-demo') as unknown as { stats(): Stats | null }).stats(),
  );

async function waitForFace(frame: Frame, after = 0): Promise<Stats> {
  await frame.waitForFunction(
    (n) => {
      const s = (
        document.querySelector('live-demo') as unknown as {
          stats(): { frames: number; faces: number } | null;
        }
      ).stats();
      return !!s && s.frames > n && s.faces > 0;
    },
    after,
    { timeout: 120_000 },
  );
  return (await stats(frame))!;
}

/** From the press on Start camera to the first prediction with a face. */
interface StartFigures {
  pageMs: number;
  wallMs: number;
  startup: Stats['startup'];
}

const startupText = (s: StartFigures) =>
  `code ${s.startup.code.toFixed(0)}, camera ${f0(s.startup.picture)}, face detector ${f0(s.startup.detector)}, emotion model ${f0(s.startup.classifier)}, first face ${s.pageMs.toFixed(0)} ms`;
const f0 = (v: number | null) => (v === null ? '–' : v.toFixed(0));

/** Response bodies of one page, split at the moment "Start camera" is pressed. */
class ByteLog {
  private readonly files: { url: string; phase: 'page' | 'start'; body: Buffer }[] = [];
  private readonly pending: Promise<void>[] = [];
  private readonly seen = new Set<string>();
  phase: 'page' | 'start' | 'done' = 'page';

  constructor(page: Page) {
    page.on('response', (response) => {
      const phase = this.phase;
      // blob: URLs are copies in memory, and a file asked for twice comes from the cache the second time.
      if (phase === 'done' || response.status() !== 200 || !response.url().startsWith('http'))
        return;
      if (this.seen.has(response.url())) return;
      this.seen.add(response.url());
      this.pending.push(
        response.body().then(
          (body) => void this.files.push({ url: response.url(), phase, body }),
          () => {},
        ),
      );
    });
  }

  /** Stops counting and prints the two phases. */
  async report(): Promise<string[]> {
    this.phase = 'done';
    await Promise.all(this.pending);
    const kinds = new Map<string, { raw: number; br: number; gz: number; files: number }>();
    const lines: string[] = [];
    for (const phase of ['page', 'start'] as const) {
      kinds.clear();
      const total = { raw: 0, br: 0, gz: 0, files: 0 };
      for (const f of this.files.filter((f) => f.phase === phase)) {
        const kind = new URL(f.url).pathname.match(/\.(\w+)$/)?.[1] ?? 'html';
        const br = brotliCompressSync(f.body, {
          params: { [zlib.BROTLI_PARAM_QUALITY]: 11 },
        }).length;
        const gz = gzipSync(f.body, { level: 9 }).length;
        const k = kinds.get(kind) ?? { raw: 0, br: 0, gz: 0, files: 0 };
        for (const t of [k, total]) {
          t.raw += f.body.length;
          t.br += br;
          t.gz += gz;
          t.files += 1;
        }
        kinds.set(kind, k);
        if (LIST_FILES)
          lines.push(
            `      ${phase} ${bytes(f.body.length).padStart(8)} → ${bytes(br).padStart(7)}  ${f.url}`,
          );
      }
      const detail = [...kinds]
        .sort((a, b) => b[1].raw - a[1].raw)
        .map(([kind, k]) => `${kind} ${bytes(k.raw)} → ${bytes(k.br)}`)
        .join(', ');
      lines.push(
        `    ${phase === 'page' ? 'lesson page before Start' : 'Start → first prediction'}: ${total.files} files, ${bytes(total.raw)} raw, ${bytes(total.br)} brotli, ${bytes(total.gz)} gzip (${detail})`,
      );
    }
    return lines;
  }
}

/**
 * Where the demo runs: lesson 1, or /embed/live-demo/ in an iframe of a teacher's page on another
 * site (the host is 127.0.0.1 on another port, the iframe's address is localhost: its HTTP cache and
 * compiled code are kept apart from the lesson's, as a browser keeps them per top-level site).
 */
type Where = { kind: 'lesson' } | { kind: 'iframe'; host: Host };

/** Loads the page afresh and returns the frame that holds the demo. */
async function openDemo(page: Page, where: Where, backend: string): Promise<Frame> {
  await page.goto('about:blank'); // a real page load, also when the page is already open
  let frame = page.mainFrame();
  if (where.kind === 'lesson') {
    await page.goto(`${LESSON}#demo`);
  } else {
    const src = `http://localhost:${PORT}/embed/live-demo/`;
    await page.goto(
      where.host.page(
        'teacher',
        `<h1>A teacher's page</h1><iframe src="${src}" allow="camera" title="Live demo" style="width:100%;height:900px;border:0"></iframe>`,
      ),
    );
    const inner = await (await page.locator('iframe').elementHandle())!.contentFrame();
    if (!inner) throw new Error('the iframe has no frame');
    frame = inner;
  }
  await page.waitForLoadState('networkidle');
  await frame.locator('live-demo').scrollIntoViewIfNeeded();
  if (backend !== 'auto')
    await frame.evaluate(
      (b) => document.querySelector('live-demo')!.setAttribute('backend', b),
      backend,
    );
  return frame;
}

/** Opens the demo, optionally forces a backend, presses Start camera; returns ms to the first face. */
async function start(
  page: Page,
  where: Where,
  backend: string,
  byteLog?: ByteLog,
): Promise<StartFigures & { frame: Frame }> {
  const frame = await openDemo(page, where, backend);
  if (byteLog) byteLog.phase = 'start';
  const t0 = Date.now();
  await frame.getByRole('button', { name: 'Start camera' }).click();
  const s = await waitForFace(frame);
  return { frame, pageMs: s.firstFaceMs!, wallMs: Date.now() - t0, startup: s.startup };
}

/** A steady-state window: the demo's figures, and the rate the camera gave meanwhile. */
interface Steady extends Stats {
  /** Frames per second the camera presented during the window: handled and missed ones. */
  cameraFps: number;
}

async function steady(frame: Frame, seconds: number): Promise<Steady> {
  await frame.waitForTimeout(2000); // settle
  await frame.evaluate(() =>
    (document.querySelector('live-demo') as unknown as { resetStats(): void }).resetStats(),
  );
  await frame.waitForTimeout(seconds * 1000);
  const s = (await stats(frame))!;
  return { ...s, cameraFps: (s.frames + s.missed) / s.seconds };
}

/** The steady state with the feature maps closed, then open (and in view, so that they are drawn). */
async function closedThenOpen(frame: Frame): Promise<{ closed: Steady; open: Steady }> {
  const closed = await steady(frame, SECONDS);
  await frame.getByText('Look inside the network').click();
  await frame.locator('.ld-inside').scrollIntoViewIfNeeded();
  return { closed, open: await steady(frame, SECONDS) };
}

const f1 = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(1));

function row(label: string, s: Steady): string {
  const fps = s.frames / s.seconds;
  const m = s.ms;
  const keepingUp =
    s.reductionStep > 0 ? `\n    left out (step ${s.reductionStep}): “${s.keepingUp}”` : '';
  return `  ${label.padEnd(22)} ${f1(fps).padStart(5)} fps (camera ${f1(s.cameraFps)}, uncapped ${f1(1000 / s.ms.total!)})   detect ${f1(m.detect)}  crop ${f1(m.crop)}  classify ${f1(m.classify)}  draw ${f1(m.draw)}  feature maps ${f1(m.featureMaps)} + draw ${f1(m.featureMapsDraw)} (${s.featureMapFrames} frames)  → per frame ${f1(m.total)} ms${keepingUp}`;
}

/** Records a trace of the running page for TRACE_SECONDS, writes it to `file`, returns its summary. */
async function traceSteady(context: BrowserContext, page: Page, file: string): Promise<string> {
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => void events.push(...(d.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) =>
    cdp.once('Tracing.tracingComplete', () => resolve()),
  );
  await page.evaluate(() =>
    (document.querySelector('live-demo') as unknown as { resetStats(): void }).resetStats(),
  );
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: TRACE_CATEGORIES },
    transferMode: 'ReportEvents',
  });
  await page.waitForTimeout(TRACE_SECONDS * 1000);
  const { frames } = (await stats(page.mainFrame()))!;
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  writeFileSync(file, JSON.stringify({ traceEvents: events }));
  return summariseTrace(events, { frames });
}

async function benchLesson(context: BrowserContext, backend: string): Promise<void> {
  const page = await context.newPage();
  const byteLog = new ByteLog(page);
  const cold = await start(page, { kind: 'lesson' }, backend, byteLog);
  const { frame } = cold;
  const coldBytes = await byteLog.report();
  const first = (await stats(frame))!;
  const { closed, open } = await closedThenOpen(frame);
  const traceFile =
    TRACE && (BACKENDS.length > 1 ? TRACE.replace(/(\.json)?$/, `-${backend}$1`) : TRACE);
  const traced = traceFile ? await traceSteady(context, page, traceFile) : null;
  let throttled: { closed: Steady; open: Steady } | null = null;
  if (THROTTLE > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
    const openSlow = await steady(frame, SECONDS);
    await frame.getByText('Look inside the network').click();
    const closedSlow = await steady(frame, SECONDS);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    throttled = { closed: closedSlow, open: openSlow };
  }

  // Restart on the same page: stop, start again (nothing to download or compile).
  await frame.getByRole('button', { name: 'Stop camera' }).click();
  await page.waitForTimeout(500);
  const before = (await stats(frame))!.frames;
  const t0 = Date.now();
  await frame.getByRole('button', { name: 'Start camera' }).click();
  await waitForFace(frame, before);
  const restartMs = Date.now() - t0;

  // Warm: reload (HTTP cache filled), start again.
  const warm = await start(page, { kind: 'lesson' }, backend);
  await page.close();

  console.log(
    `\nBackend ${backend === 'auto' ? `auto (picked: ${first.backend})` : first.backend}, in lesson 1`,
  );
  console.log(
    `  Start → first prediction with a face: cold ${cold.pageMs.toFixed(0)} ms (wall ${cold.wallMs} ms), warm cache ${warm.pageMs.toFixed(0)} ms (wall ${warm.wallMs} ms), restart on the same page ${restartMs} ms (wall)`,
  );
  console.log(`    cold, ready after: ${startupText(cold)}`);
  console.log(`    warm, ready after: ${startupText(warm)}`);
  console.log(
    '  Bytes of the cold start (brotli at level 11, as precompressed files; gzip at level 9):',
  );
  for (const line of coldBytes) console.log(line);
  console.log(row('feature maps closed', closed));
  console.log(row('feature maps open', open));
  if (throttled) {
    console.log(`  CPU slowed ${THROTTLE}× (DevTools throttling):`);
    console.log(row('feature maps open', throttled.open));
    console.log(row('feature maps closed', throttled.closed));
  }
  if (traced) {
    console.log(`  Trace of ${TRACE_SECONDS} s with the feature maps open (${traceFile}):`);
    console.log(traced.replace(/^/gm, '    '));
  }
  console.log(
    `  tf.memory().numTensors: ${first.numTensors} after the first frame, ${open.numTensors} at the end`,
  );
}

/** The same demo embedded on another site: cold and warm start, steady state with maps closed and open. */
async function benchIframe(context: BrowserContext, backend: string, host: Host): Promise<void> {
  const page = await context.newPage();
  const where: Where = { kind: 'iframe', host };
  const cold = await start(page, where, backend);
  const { closed, open } = await closedThenOpen(cold.frame);
  const warm = await start(page, where, backend);
  await page.close();
  console.log(
    `  In an iframe on another site (${host.origin} embeds localhost:${PORT}/embed/live-demo/):`,
  );
  console.log(
    `  Start → first prediction with a face: cold ${cold.pageMs.toFixed(0)} ms (wall ${cold.wallMs} ms), warm cache ${warm.pageMs.toFixed(0)} ms (wall ${warm.wallMs} ms)`,
  );
  console.log(`    cold, ready after: ${startupText(cold)}`);
  console.log(row('feature maps closed', closed));
  console.log(row('feature maps open', open));
}

/**
 * A browser with a fresh profile on disk: a private context keeps its HTTP cache in memory, where a
 * file as large as MediaPipe's wasm (13 MB) is not kept, so its warm start would download it again.
 */
async function withBrowser(clip: string, use: (context: BrowserContext) => Promise<void>) {
  const profile = mkdtempSync(join(tmpdir(), 'bench-demo-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...fakeWebcamArgs(clip)],
    permissions: ['camera'],
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 900 },
  });
  try {
    await use(context);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const stop = await serve();
const clip = makeFakeWebcamClip({
  crop: SINGLE_FACE_CROP,
  fps: 30,
  seconds: 2,
  width: 640,
  height: 480,
});
console.log(`Live demo benchmark — ${new Date().toISOString()}`);
console.log(
  `Chromium ${CHROMIUM} (headless, --disable-gpu), ${cpus().length} CPU cores (${cpus()[0]?.model ?? '?'}), fake webcam 640×480 @ 30 fps of one face`,
);
console.log(
  `Site: ${DIST}; steady state measured over ${SECONDS} s per row. The camera gives 30 frames a second, so 30 fps is the ceiling.`,
);
const host = await startHost();
try {
  for (const backend of BACKENDS) {
    await withBrowser(clip, (context) => benchLesson(context, backend));
    await withBrowser(clip, (context) => benchIframe(context, backend, host));
  }
} finally {
  stop();
  await host.close();
}
