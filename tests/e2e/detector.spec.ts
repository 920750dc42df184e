/**
 * The face detector for real: src/lib/vision loads MediaPipe tasks-vision's FaceDetector in Chromium
 * from the self-hosted wasm and the model prepared by scripts/prepare-assets.ts (with the TFLite
 * metadata it needs), finds faces in the bundled sample photos and in the fake webcam, and never
 * sends a request off the machine (the `guard` fixture fails the test on any request that leaves
 * localhost, any CSP violation, page error or console error).
 *
 * src/lib/vision is bundled at test time (tests/e2e/detector-entry.ts) and injected into a built page
 * of the site, so it runs under the site's real Content-Security-Policy.
 */
import type { Page } from '@playwright/test';
import { DEFAULT_MIN_CONFIDENCE } from '../../src/lib/vision/face-detector.ts';
import { bundleForBrowser } from './support/browser-bundle.ts';
import { expect, test, type Guard } from './support/fixtures.ts';

const ENTRY_URL = '/__e2e__/vision.js';
/** MediaPipe's wasm writes this to stderr (console.error) each time a detector starts. Harmless. */
const MEDIAPIPE_INFO = /^INFO: Created TensorFlow Lite XNNPACK delegate for CPU\.$/;
let bundle: string | undefined;

async function visionBundle(): Promise<string> {
  bundle ??= await bundleForBrowser('tests/e2e/detector-entry.ts');
  return bundle;
}

/** Opens a built page of the site and loads src/lib/vision into it. */
async function openWithVision(page: Page, guard: Guard, path = '/') {
  guard.allowConsoleError(MEDIAPIPE_INFO);
  const js = await visionBundle();
  await page.route(`**${ENTRY_URL}`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: js }),
  );
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(path);
  await page.addScriptTag({ url: ENTRY_URL, type: 'module' });
  await page.waitForFunction(() => document.documentElement.dataset.visionReady === '1');
  return { requests };
}

interface Face {
  box: { x: number; y: number; width: number; height: number };
  score: number;
  keypoints: { name: string; x: number; y: number }[];
}

function expectSaneFace(f: Face) {
  for (const v of [f.box.x, f.box.y, f.box.x + f.box.width, f.box.y + f.box.height]) {
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(1);
  }
  expect(f.box.width).toBeGreaterThan(0.03);
  expect(f.score).toBeGreaterThanOrEqual(DEFAULT_MIN_CONFIDENCE);
  expect(f.keypoints.map((k) => k.name)).toEqual([
    'rightEye',
    'leftEye',
    'noseTip',
    'mouth',
    'rightEar',
    'leftEar',
  ]);
  // The eyes lie inside the face box.
  for (const k of f.keypoints.slice(0, 2)) {
    expect(k.x).toBeGreaterThan(f.box.x);
    expect(k.x).toBeLessThan(f.box.x + f.box.width);
  }
}

for (const range of ['short', 'full'] as const) {
  test(`${range}-range detector finds the faces in every sample photo, all from localhost`, async ({
    page,
    guard,
  }) => {
    const { requests } = await openWithVision(page, guard);
    const manifest = await page.evaluate(() => window.__vision.samples());
    expect(manifest.samples.length).toBeGreaterThanOrEqual(3);
    expect(manifest.source.license).toBe('MIT');
    const results = await page.evaluate(([urls, rg]) => window.__vision.detectInPhotos(urls, rg), [
      manifest.samples.map((sample) => sample.url),
      range,
    ] as const);
    manifest.samples.forEach((sample, i) => {
      const r = results[i]!;
      expect(r.width, sample.file).toBe(sample.width);
      expect(r.faces.length, `faces in ${sample.file}`).toBeGreaterThanOrEqual(2);
      r.faces.forEach(expectSaneFace);
      expect(r.progress.at(-1), 'download progress ends at 1').toBe(1);
    });
    const model =
      range === 'short' ? 'face_detection_short_range.tflite' : 'face_detection_full_range.tflite';
    expect(requests.some((u) => u.endsWith(`/vendor/mediapipe/${model}`))).toBe(true);
    expect(requests.some((u) => /\/vendor\/mediapipe\/wasm\/vision_wasm_\w+\.js$/.test(u))).toBe(
      true,
    );
    const offsite = requests.filter(
      (u) => !/^(https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/|blob:|data:)/.test(u),
    );
    expect(offsite).toEqual([]);
  });
}

test('webcam: the fake camera shows a face, mirrored; unplugging it stops the loop cleanly', async ({
  webcamPage,
  guard,
}) => {
  await openWithVision(webcamPage, guard);
  const r = await webcamPage.evaluate(() => window.__vision.webcamRun());
  expect(r.width).toBe(640);
  expect(r.height).toBe(480);
  expect(r.mirrored).toBe(true);
  expect(r.withFace, 'frames with a face').toBeGreaterThan(0);
  expect(r.firstFaceAfterMs).toBeLessThan(15000);
  const box = r.firstBox as Face['box'];
  expect(box.width).toBeGreaterThan(0.05);
  expect(box.x + box.width).toBeLessThanOrEqual(1);
  expect(r.endedWith).toBe('unplugged');
  expect(r.loopState).toBe('stopped');
  expect(r.framesAfterEnd).toBe(0);
  expect(r.camEnded).toBe(true);
  expect(r.trackState).toBe('ended');
});

test('a missing or corrupt model or wasm gives a typed error, not a hang', async ({
  page,
  guard,
}) => {
  guard.allowConsoleError(/Failed to load resource|status of 404/);
  // tasks-vision logs why it refused the truncated model.
  guard.allowConsoleError(/The model is not a valid Flatbuffer buffer|Initialize was not ok/);
  await openWithVision(page, guard);
  await page.route('**/missing-model/**', async (route) => {
    const url = route.request().url();
    if (url.endsWith('.tflite')) return route.fulfill({ status: 404, body: 'Not found' });
    const path = new URL(url).pathname.replace('/missing-model/', '/vendor/mediapipe/');
    return route.fulfill({ response: await route.fetch({ url: new URL(path, url).href }) });
  });
  await page.route('**/corrupt-model/**', async (route) => {
    const url = route.request().url();
    const path = new URL(url).pathname.replace('/corrupt-model/', '/vendor/mediapipe/');
    const response = await route.fetch({ url: new URL(path, url).href });
    if (!url.endsWith('.tflite')) return route.fulfill({ response });
    const body = await response.body();
    return route.fulfill({ status: 200, body: body.subarray(0, 20000) }); // truncated: header OK, weights gone
  });
  await page.route('**/missing-wasm/**', async (route) => {
    const url = route.request().url();
    if (url.endsWith('.wasm')) return route.fulfill({ status: 404, body: 'Not found' });
    const path = new URL(url).pathname.replace('/missing-wasm/', '/vendor/mediapipe/');
    return route.fulfill({ response: await route.fetch({ url: new URL(path, url).href }) });
  });
  await page.route('**/html-instead/**', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html',
      body: '<!doctype html><title>Home</title>'.repeat(100),
    }),
  );

  const tryCreate = (assetBase: string) =>
    page.evaluate(
      (base) =>
        window.__vision.attempt(() =>
          window.__vision.detectInPhoto('/vendor/samples/sample3.jpg', 'short', base),
        ),
      assetBase,
    );

  const missingModel = await tryCreate('/missing-model');
  expect(missingModel).toMatchObject({
    ok: false,
    error: { name: 'DetectorError', code: 'model-missing' },
  });
  const corrupt = await tryCreate('/corrupt-model');
  expect(corrupt).toMatchObject({ ok: false, error: { name: 'DetectorError' } });
  expect(['model-corrupt', 'init-failed']).toContain(
    (corrupt as { error: { code: string } }).error.code,
  );
  const missingWasm = await tryCreate('/missing-wasm');
  expect(missingWasm).toMatchObject({
    ok: false,
    error: { name: 'DetectorError', code: 'wasm-missing' },
  });
  const html = await tryCreate('/html-instead');
  expect(html).toMatchObject({ ok: false, error: { name: 'DetectorError' } });
  expect(['wasm-corrupt', 'model-corrupt']).toContain(
    (html as { error: { code: string } }).error.code,
  );
  for (const r of [missingModel, corrupt, missingWasm, html]) {
    expect((r as { error: { hint: string } }).error.hint.length).toBeGreaterThan(10);
  }
  // The page still works after all that: a good detector starts.
  const ok = await page.evaluate(() =>
    window.__vision.detectInPhoto('/vendor/samples/sample3.jpg'),
  );
  expect(ok.faces.length).toBeGreaterThanOrEqual(2);
});

test('still images: 8000×8000 is scaled down; empty, SVG and non-image files get typed errors', async ({
  page,
  guard,
}) => {
  await openWithVision(page, guard);
  const r = await page.evaluate(async () => {
    const v = window.__vision;
    const huge = await v.makeJpeg(8000, 8000);
    const big = await v.attempt(async () => {
      const img = await v.loadStillImage(huge);
      const out = {
        width: img.width,
        height: img.height,
        originalWidth: img.originalWidth,
        originalHeight: img.originalHeight,
        downscaled: img.downscaled,
      };
      img.stop();
      return out;
    });
    const load = (parts: BlobPart[], name: string, type: string) =>
      v.attempt(() => v.loadStillImage(new File(parts, name, { type })));
    return {
      big,
      empty: await load([], 'empty.jpg', 'image/jpeg'),
      svg: await load(
        ['<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'],
        'face.svg',
        'image/svg+xml',
      ),
      text: await load(['hello, this is not a photo'], 'notes.png', 'image/png'),
      broken: await load(
        [
          new Uint8Array([
            0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9,
          ]),
        ],
        'broken.jpg',
        'image/jpeg',
      ),
    };
  });
  expect(r.big).toEqual({
    ok: true,
    value: {
      width: 1280,
      height: 1280,
      originalWidth: 8000,
      originalHeight: 8000,
      downscaled: true,
    },
  });
  expect(r.empty).toMatchObject({ ok: false, error: { name: 'ImageInputError', code: 'empty' } });
  expect(r.svg).toMatchObject({ ok: false, error: { name: 'ImageInputError', code: 'svg' } });
  expect(r.text).toMatchObject({
    ok: false,
    error: { name: 'ImageInputError', code: 'not-an-image' },
  });
  expect(r.broken).toMatchObject({
    ok: false,
    error: { name: 'ImageInputError', code: 'decode-failed' },
  });
});

test('camera refused: startWebcam gives a typed, reader-facing error', async ({ page, guard }) => {
  await openWithVision(page, guard);
  const r = await page.evaluate(() => window.__vision.attempt(() => window.__vision.startWebcam()));
  expect(r.ok).toBe(false);
  const err = (r as { error: { name: string; code: string; hint: string } }).error;
  expect(err.name).toBe('CameraError');
  // Headless Chromium without a camera permission refuses, or finds no camera at all.
  expect(['permission-denied', 'no-camera']).toContain(err.code);
  expect(err.hint).toMatch(/sample photos/);
});

test('camera in a cross-origin iframe: blocked without allow="camera", works with it', async ({
  webcamPage,
  baseURL,
}) => {
  const page = webcamPage;
  const js = await visionBundle();
  await page.route(`**${ENTRY_URL}`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: js }),
  );
  // The host page lives on another origin (localhost vs 127.0.0.1) and embeds the demo twice.
  const site = new URL(baseURL!);
  const host = new URL(baseURL!);
  host.hostname = site.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  const frameUrl = new URL('/__e2e__/frame.html', site).href;
  await page.route('**/__e2e__/frame.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>frame</title><script type="module" src="${ENTRY_URL}"></script>`,
    }),
  );
  await page.route('**/__e2e__/host.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>host</title>
        <iframe name="plain" title="plain" src="${frameUrl}"></iframe>
        <iframe name="allowed" title="allowed" allow="camera" src="${frameUrl}"></iframe>`,
    }),
  );
  await page.goto(new URL('/__e2e__/host.html', host).href);
  const run = async (name: string) => {
    const frame = page.frame({ name })!;
    await frame.waitForFunction(() => document.documentElement.dataset.visionReady === '1');
    return frame.evaluate(() =>
      window.__vision.attempt(async () => {
        const cam = await window.__vision.startWebcam();
        const size = { width: cam.width, height: cam.height };
        cam.stop();
        return size;
      }),
    );
  };
  expect(await run('plain')).toMatchObject({
    ok: false,
    error: { name: 'CameraError', code: 'blocked-by-policy' },
  });
  expect(await run('allowed')).toEqual({ ok: true, value: { width: 640, height: 480 } });
});
