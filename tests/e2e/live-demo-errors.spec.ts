/**
 * The live demo when things go wrong: every failure gets a message for the reader and a way forward
 * (a sample photo, an upload, "Try again"), never a crash or a frozen page — and after it, the demo
 * still works. Camera failures are simulated the way Chromium reports them; missing files with
 * page.route.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { expect as baseExpect, test, SINGLE_FACE_CROP } from './support/fixtures.ts';
import { SAMPLE_FACE_IMAGE } from './support/webcam.ts';
import {
  openDemo,
  stats,
  useSample,
  waitForPrediction,
  PIPELINE_TIMEOUT,
  DEMO_TEST_TIMEOUT,
} from './live-demo-support.ts';

/** Waits that depend on the pipeline get more time on a busy machine. */
const expect = baseExpect.configure({ timeout: 30_000 });

test.describe.configure({ timeout: DEMO_TEST_TIMEOUT });

const errorBox = (page: Page) => page.locator('live-demo [data-fs="error"]');

test('camera refused, missing or busy: a clear message each time, and the sample photos as the way forward', async ({
  page,
  guard,
}) => {
  // getUserMedia fails the way Chromium reports each case; the test picks the case before each press.
  await page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => {
      const [name, message] = (window as unknown as { __cameraFailure: [string, string] })
        .__cameraFailure;
      return Promise.reject(new DOMException(message, name));
    };
  });
  const demo = await openDemo(page, guard);
  const cases = [
    ['NotAllowedError', 'Permission denied', /permission to use it was refused/],
    ['NotFoundError', 'Requested device not found', /No camera was found/],
    [
      'NotReadableError',
      'Could not start video source',
      /another app or browser tab may be using it/,
    ],
  ] as const;
  for (const [name, message, expected] of cases) {
    await page.evaluate(
      ([n, m]) =>
        ((window as unknown as { __cameraFailure: [string, string] }).__cameraFailure = [n, m]),
      [name, message] as const,
    );
    await demo.getByRole('button', { name: 'Start camera' }).click();
    await expect(errorBox(page).locator('.fs-error-message'), name).toHaveText(expected);
    await expect(errorBox(page).locator('.fs-error-hint')).toContainText('sample photos');
    await expect(
      errorBox(page).getByRole('button', { name: 'Try the camera again' }),
    ).toBeVisible();
    await expect(demo.getByRole('button', { name: 'Start camera' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
  }
  // The way forward: "Use a sample photo" in the message opens the photos, with the keyboard on the first.
  await errorBox(page).getByRole('button', { name: 'Use a sample photo' }).click();
  await expect(demo.locator('[data-sample-url]').first()).toBeFocused();
  await page.keyboard.press('Enter');
  await waitForPrediction(page, 1);
  await expect(errorBox(page)).toBeHidden();
});

test('camera unplugged mid-run: the loop stops, the reader is told, the photos still work', async ({
  webcamPage: page,
  guard,
}) => {
  const demo = await openDemo(page, guard);
  await demo.getByRole('button', { name: 'Start camera' }).click();
  await waitForPrediction(page, 1);
  await page.evaluate(() => {
    const picker = document.querySelector('face-source') as unknown as {
      source: { stream: MediaStream };
    };
    picker.source.stream.getVideoTracks()[0]!.dispatchEvent(new Event('ended'));
  });
  await expect(errorBox(page).locator('.fs-error-message')).toHaveText(/unplugged or switched off/);
  await expect(demo.getByRole('button', { name: 'Start camera' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  const frames = (await stats(page))!.frames;
  await page.waitForTimeout(500);
  expect((await stats(page))!.frames).toBe(frames);
  await useSample(demo);
  await page.waitForFunction(
    (n) =>
      (document.querySelector('live-demo') as unknown as { stats(): { frames: number } }).stats()
        .frames > n,
    frames,
  );
});

test('bad files (not an image, SVG, empty, broken, too many pixels) get messages; a huge photo is scaled down', async ({
  page,
  guard,
}) => {
  const demo = await openDemo(page, guard);
  const input = demo.locator('input[type=file]');
  const cases: { name: string; mimeType: string; buffer: Buffer; expected: RegExp }[] = [
    {
      name: 'notes.png',
      mimeType: 'image/png',
      buffer: Buffer.from('hello, this is not a photo'),
      expected: /not a photo the demo can read/,
    },
    {
      name: 'face.svg',
      mimeType: 'image/svg+xml',
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'),
      expected: /SVG drawings are not accepted/,
    },
    {
      name: 'empty.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.alloc(0),
      expected: /empty \(0 bytes\)/,
    },
    {
      name: 'broken.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from([
        0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9,
      ]),
      expected: /could not open this image/,
    },
    {
      name: 'giant.png',
      mimeType: 'image/png',
      buffer: pngHeader(20000, 20000),
      expected: /too large for the demo \(20000×20000 pixels\)/,
    },
  ];
  for (const c of cases) {
    await input.setInputFiles({ name: c.name, mimeType: c.mimeType, buffer: c.buffer });
    await expect(errorBox(page).locator('.fs-error-message'), c.name).toHaveText(c.expected);
    await expect(errorBox(page).getByRole('button', { name: 'Use a sample photo' })).toBeVisible();
  }
  // 8000 × 8000: accepted, scaled down while decoding, and the reader is told.
  const huge = await sharp({
    create: { width: 8000, height: 8000, channels: 3, background: '#c84' },
  })
    .jpeg({ quality: 40 })
    .toBuffer();
  await input.setInputFiles({ name: 'huge.jpg', mimeType: 'image/jpeg', buffer: huge });
  await expect(demo.locator('[data-fs="info"]')).toHaveText(
    /large \(8000 × 8000 pixels\).*1280 × 1280/,
  );
  await expect(demo.locator('[data-ld="note"]')).toHaveText(/No face found in this photo/, {
    timeout: PIPELINE_TIMEOUT,
  });
  await expect(demo.locator('[data-ld="summary"]')).toHaveText('No face found in this photo.');
  // And the demo still works.
  await useSample(demo);
  await waitForPrediction(page, 2);
  await expect(demo.locator('[data-fs="info"]')).toBeHidden();
});

test('many faces: the demo reads the largest six and says how many it found', async ({
  page,
  guard,
}) => {
  const demo = await openDemo(page, guard);
  const { x, y, width, height } = SINGLE_FACE_CROP;
  const tile = await sharp(SAMPLE_FACE_IMAGE)
    .extract({ left: x, top: y, width, height })
    .resize(320, 240)
    .jpeg()
    .toBuffer();
  const grid = await sharp({ create: { width: 960, height: 720, channels: 3, background: '#888' } })
    .composite(
      Array.from({ length: 9 }, (_, i) => ({
        input: tile,
        left: (i % 3) * 320,
        top: Math.floor(i / 3) * 240,
      })),
    )
    .jpeg()
    .toBuffer();
  await demo
    .locator('input[type=file]')
    .setInputFiles({ name: 'nine.jpg', mimeType: 'image/jpeg', buffer: grid });
  const s = await waitForPrediction(page, 6);
  expect(s.faces).toBe(6);
  await expect(demo.locator('[data-ld="note"]')).toHaveText(
    /Found \d+ faces: the demo reads the 6 largest\./,
  );
  await expect(demo.locator('[data-ld="faces"] button')).toHaveCount(6);
});

test('the emotion model missing (404): a message and "Try again", which works once the file is back', async ({
  page,
  guard,
}) => {
  guard.allowConsoleError(/Failed to load resource|status of 404/);
  await page.route('**/models/emotion-cnn/model.json', (route) =>
    route.fulfill({ status: 404, body: 'Not found' }),
  );
  const demo = await openDemo(page, guard);
  await useSample(demo);
  await expect(errorBox(page).locator('.fs-error-message')).toHaveText(
    "The emotion model's files are missing from the site.",
    { timeout: PIPELINE_TIMEOUT },
  );
  await expect(errorBox(page).locator('.fs-error-hint')).toContainText('not with your device');
  await page.unroute('**/models/emotion-cnn/model.json');
  await errorBox(page).getByRole('button', { name: 'Try again' }).click();
  await waitForPrediction(page, 2);
});

test('the emotion model damaged, the face finder wasm missing: messages, never a hang', async ({
  page,
  guard,
}) => {
  guard.allowConsoleError(/Failed to load resource|status of 404/);
  await page.route('**/models/emotion-cnn/weights.bin', async (route) => {
    const res = await route.fetch();
    return route.fulfill({ status: 200, body: (await res.body()).subarray(0, 1000) });
  });
  const demo = await openDemo(page, guard);
  await useSample(demo);
  await expect(errorBox(page).locator('.fs-error-message')).toHaveText(
    /emotion model's files are damaged/,
    { timeout: PIPELINE_TIMEOUT },
  );

  await page.unroute('**/models/emotion-cnn/weights.bin');
  await page.route('**/vendor/mediapipe/wasm/*.wasm', (route) =>
    route.fulfill({ status: 404, body: 'Not found' }),
  );
  await page.reload();
  await useSample(page.locator('live-demo'));
  await expect(errorBox(page).locator('.fs-error-message')).toHaveText(
    /face finder's program file \(WebAssembly\) is missing/,
    { timeout: PIPELINE_TIMEOUT },
  );
  await expect(errorBox(page).getByRole('button', { name: 'Try again' })).toBeVisible();
  await expect(errorBox(page).getByRole('button', { name: 'Use a sample photo' })).toBeVisible();
});

test('no WebGL (and no TF.js wasm file): the model runs on plain JavaScript on the middle of the picture, and the demo says so', async ({
  page,
  guard,
}) => {
  guard.allowConsoleError(/Failed to load resource|status of 404/);
  await page.route('**/vendor/tfjs/*.wasm', (route) =>
    route.fulfill({ status: 404, body: 'Not found' }),
  );
  const mediapipe: string[] = [];
  page.on('request', (r) => /vendor\/mediapipe/.test(r.url()) && mediapipe.push(r.url()));
  // A browser without WebGL: every WebGL context request fails.
  await page.addInitScript(() => {
    for (const proto of [HTMLCanvasElement.prototype, OffscreenCanvas.prototype] as {
      getContext: (...a: unknown[]) => unknown;
    }[]) {
      const original = proto.getContext;
      proto.getContext = function (this: unknown, type: unknown, ...rest: unknown[]) {
        return typeof type === 'string' && /webgl/i.test(type)
          ? null
          : original.call(this, type, ...rest);
      };
    }
  });
  const demo = await openDemo(page, guard);
  await useSample(demo);
  const s = await waitForPrediction(page, 1);
  expect(s.backend).toBe('cpu');
  expect(s.faces).toBe(1);
  await expect(demo.locator('[data-ld="backend"]')).toHaveText(
    'JavaScript (processor, slow) — WebGL is not available in this browser, so the processor does the work',
  );
  await expect(demo.locator('[data-ld="note"]')).toHaveText(
    /no WebGL, which the face finder needs: the demo reads the square in the middle/,
  );
  await expect(errorBox(page)).toBeHidden();
  expect(mediapipe, 'the face finder is not even downloaded').toEqual([]);
});

/** The first bytes of a PNG that says it is width × height (the rest is missing). */
function pngHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(64);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'ascii');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  b[24] = 8;
  b[25] = 2;
  return b;
}

test('a photo without any face says so, with a way forward', async ({ page, guard }) => {
  const demo = await openDemo(page, guard);
  const plain = await sharp({
    create: { width: 640, height: 480, channels: 3, background: '#4a7' },
  })
    .jpeg()
    .toBuffer();
  await demo
    .locator('input[type=file]')
    .setInputFiles({ name: 'wall.jpg', mimeType: 'image/jpeg', buffer: plain });
  await expect(demo.locator('[data-ld="note"]')).toHaveText(
    'No face found in this photo. Try another photo, or one of the samples.',
    { timeout: PIPELINE_TIMEOUT },
  );
  await expect(demo.locator('[data-ld="bars-title"]')).toHaveText('Scores: no face yet');
  // And with a face again.
  await demo.locator('input[type=file]').setInputFiles({
    name: 'friends.jpg',
    mimeType: 'image/jpeg',
    buffer: readFileSync(SAMPLE_FACE_IMAGE),
  });
  await expect(demo.locator('[data-ld="note"]')).not.toHaveText(/No face/);
});

test('on a page that is not secure (http:// elsewhere than localhost), the camera button explains itself', async ({
  page,
  guard,
}) => {
  await page.addInitScript(() =>
    Object.defineProperty(window, 'isSecureContext', { get: () => false }),
  );
  const demo = await openDemo(page, guard);
  await expect(demo.locator('[data-fs="camera-note"]')).toHaveText(
    'The camera only works on a secure (https://) page, and this page was not opened securely. Use a sample photo or upload one instead.',
  );
  await expect(demo.locator('[data-fs="camera"]')).toHaveAttribute('aria-disabled', 'true');
  await demo.locator('[data-fs="camera"]').press('Enter'); // aria-disabled, still pressable; keys do not depend on where the button is while the page settles
  await expect(errorBox(page).locator('.fs-error-hint')).toContainText('https://');
  await expect(errorBox(page).getByRole('button', { name: 'Try the camera again' })).toHaveCount(0);
});
