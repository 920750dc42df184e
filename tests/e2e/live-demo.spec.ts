/**
 * The live demo in lesson 1, in Debian's Chromium against the built site: the fake webcam (a clip of
 * a real face photo, made at test time) gives a box and an emotion; sample photos, upload, drop and
 * paste give predictions; it can be used with the keyboard alone; it passes axe once started; the
 * `prediction` event and the iframe message arrive. The `guard` fixture fails any test that sends a
 * request off the machine, breaks the CSP, throws or logs an unexpected console error.
 */
import { readFileSync } from 'node:fs';
import { parseModelJson } from '../../src/lib/ml/model-json.ts';
import { readModelJson } from '../../src/lib/ml/node-io.ts';
import { expect as baseExpect, test } from './support/fixtures.ts';
import { axeViolations } from './support/page-utils.ts';
import { SAMPLE_FACE_IMAGE } from './support/webcam.ts';
import {
  canvasVariety,
  LESSON_1,
  openDemo,
  stats,
  useSample,
  waitForPrediction,
  PIPELINE_TIMEOUT,
  DEMO_TEST_TIMEOUT,
} from './live-demo-support.ts';

/** Waits that depend on the pipeline get more time on a busy machine. */
const expect = baseExpect.configure({ timeout: 30_000 });
// One feature-map row per convolution layer of the shipped model: its filters and map side.
const CONVS = parseModelJson(readModelJson('public/models/emotion-cnn'))
  .layers.filter((layer) => layer.type === 'Conv2D')
  .map((layer) => ({ filters: layer.filters!, side: layer.outputShape![0]! }));
const CONV_LAYERS = CONVS.length;
const LAST = CONVS[CONVS.length - 1]!;

test.describe.configure({ timeout: DEMO_TEST_TIMEOUT });

test('nothing heavy loads before Start; the privacy promise is on the page', async ({
  page,
  guard,
}) => {
  const scripts: string[] = [];
  page.on('request', (r) => scripts.push(r.url()));
  const demo = await openDemo(page, guard);
  await page.waitForLoadState('networkidle');
  await expect(demo.getByText('Nothing leaves your device.')).toBeVisible();
  expect(
    scripts.filter((u) =>
      /tflite|\.wasm|model\.json|weights\.bin|vision_bundle|vision_wasm/.test(u),
    ),
  ).toEqual([]);
  expect(await stats(page)).toBeNull();
});

test('the fake webcam gives a face box and an emotion, mirrored, with the 48×48 crop and the scores', async ({
  webcamPage: page,
  guard,
}) => {
  const demo = await openDemo(page, guard);
  const progress: string[] = [];
  await page.exposeFunction('__progress', (t: string) => progress.push(t));
  await page.evaluate(() => {
    const status = document.querySelector('[data-fs="status"]')!;
    new MutationObserver(() =>
      (window as unknown as { __progress(t: string): void }).__progress(status.textContent ?? ''),
    ).observe(status, { subtree: true, childList: true, characterData: true });
  });
  const events = page.evaluate(
    () =>
      new Promise<{
        faces: {
          box: { x: number; y: number; width: number; height: number };
          top: string;
          scores: Record<string, number>;
        }[];
        fps: number;
      }>((resolve) => {
        document.querySelector('live-demo')!.addEventListener('prediction', (e) => {
          const d = (e as CustomEvent).detail;
          if (d.faces.length > 0)
            resolve({
              faces: d.faces.map((f: { box: unknown; top: string; scores: unknown }) => ({
                box: f.box,
                top: f.top,
                scores: f.scores,
              })),
              fps: d.fps,
            });
        });
      }),
  );
  await demo.getByRole('button', { name: 'Start camera' }).click();
  const s = await waitForPrediction(page, 1);
  expect(s.source).toBe('webcam');
  expect(['webgl', 'wasm', 'cpu']).toContain(s.backend);
  expect(s.firstFaceMs).toBeGreaterThan(0);
  expect(
    progress.some((t) => /Downloading .* MB/.test(t)),
    `progress shown: ${progress.slice(0, 3).join(' | ')}`,
  ).toBe(true);

  const first = await events;
  const face = first.faces[0]!;
  for (const v of [
    face.box.x,
    face.box.y,
    face.box.x + face.box.width,
    face.box.y + face.box.height,
  ]) {
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(1);
  }
  expect(face.box.width).toBeGreaterThan(0.03);
  const labels = Object.keys(face.scores);
  expect(labels).toHaveLength(7);
  expect(labels).toContain(face.top);
  expect(Object.values(face.scores).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);

  await expect(demo.getByRole('button', { name: 'Stop camera' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(demo.locator('[data-ld="view"]')).toHaveAttribute('aria-label', /mirrored/);
  await expect(demo.locator('[data-ld="summary"]')).toHaveText(/looks most like: \w+ \(\d+%\)/);
  await expect(demo.locator('[data-ld="bars"] li')).toHaveCount(7);
  await expect(demo.locator('[data-ld="bars"] li[data-top]')).toHaveCount(1);
  await expect(demo.locator('[data-ld="backend"]')).toHaveText(/WebGL|WebAssembly|JavaScript/);
  await expect(demo.locator('[data-ld="fps"]')).toHaveText(/\d+ frames per second/);
  expect(await canvasVariety(demo.locator('[data-ld="crop"]'))).toBeGreaterThan(20);
  // The live region stays quiet between changes: it is not rewritten on every frame.
  const mutations = await page.evaluate(async () => {
    let n = 0;
    const region = document.querySelector('[data-ld="summary"]')!;
    const mo = new MutationObserver(() => n++);
    mo.observe(region, { childList: true, characterData: true, subtree: true });
    await new Promise((r) => setTimeout(r, 3000));
    mo.disconnect();
    return n;
  });
  expect(mutations).toBeLessThanOrEqual(2);
  const later = (await stats(page))!;
  expect(later.frames).toBeGreaterThan(s.frames + 10);

  // Stop: the camera is released and the demo says so.
  await demo.getByRole('button', { name: 'Stop camera' }).click();
  await expect(demo.getByRole('button', { name: 'Start camera' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await expect(demo.locator('[data-ld="summary"]')).toHaveText(/stopped/);
  const live = await page.evaluate(
    () =>
      (document.querySelector('live-demo') as unknown as { stats(): { source: unknown } }).stats()
        .source,
  );
  expect(live).toBeNull();
});

test('a sample photo gives a prediction for each face; a face can be picked for the scores', async ({
  page,
  guard,
}) => {
  const demo = await openDemo(page, guard);
  await useSample(demo);
  const s = await waitForPrediction(page, 2);
  expect(s.source).toBe('image');
  await expect(demo.locator('[data-ld="faces"] button')).toHaveCount(s.faces);
  await expect(demo.locator('[data-ld="bars-title"]')).toHaveText('Scores for face 1');
  await demo.locator('[data-ld="faces"]').getByRole('button', { name: 'Face 2' }).click();
  await expect(
    demo.locator('[data-ld="faces"]').getByRole('button', { name: 'Face 2' }),
  ).toHaveAttribute('aria-pressed', 'true');
  await expect(demo.locator('[data-ld="bars-title"]')).toHaveText('Scores for face 2');
  await expect(demo.locator('.fs-credit')).toContainText('MIT');
});

test('a photo upload, a dropped photo and a pasted photo each give a prediction', async ({
  page,
  guard,
}) => {
  const demo = await openDemo(page, guard);
  const photo = readFileSync(SAMPLE_FACE_IMAGE);
  await demo
    .locator('input[type=file]')
    .setInputFiles({ name: 'friends.jpg', mimeType: 'image/jpeg', buffer: photo });
  let s = await waitForPrediction(page, 1);
  expect(s.source).toBe('image');
  await expect(demo.locator('[data-ld="view"]')).toHaveAttribute('aria-label', /friends\.jpg/);

  const bytes = [...photo];
  for (const how of ['drop', 'paste'] as const) {
    const before = (await stats(page))!.frames;
    await page.evaluate(
      ([how, data]) => {
        const file = new File([new Uint8Array(data)], `${how}.jpg`, { type: 'image/jpeg' });
        const dt = new DataTransfer();
        dt.items.add(file);
        const demo = document.querySelector('live-demo')!;
        if (how === 'drop') {
          const view = demo.querySelector('[data-ld="view"]')!;
          view.dispatchEvent(
            new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }),
          );
          view.dispatchEvent(
            new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }),
          );
        } else {
          (demo.querySelector('[data-fs="samples-toggle"]') as HTMLElement).focus();
          document.activeElement!.dispatchEvent(
            new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
          );
        }
      },
      [how, bytes] as const,
    );
    await expect(demo.locator('[data-ld="view"]')).toHaveAttribute(
      'aria-label',
      new RegExp(`${how}\\.jpg`),
    );
    await page.waitForFunction(
      (n) =>
        (document.querySelector('live-demo') as unknown as { stats(): { frames: number } }).stats()
          .frames > n,
      before,
    );
  }
  s = (await stats(page))!;
  expect(s.faces).toBeGreaterThanOrEqual(1);
});

test('keyboard only: sample photo, face buttons, feature maps, range and camera', async ({
  webcamPage: page,
  guard,
}) => {
  const demo = await openDemo(page, guard);
  const focusOn = async (name: string | RegExp) => {
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const label = await page.evaluate(() => {
        const a = document.activeElement as HTMLElement | null;
        return a ? (a.getAttribute('aria-label') ?? a.textContent ?? '').trim() : '';
      });
      if (typeof name === 'string' ? label === name : name.test(label)) return;
    }
    throw new Error(`could not Tab to ${name}`);
  };
  await demo.getByRole('button', { name: 'Start camera' }).focus();
  await focusOn('Use a sample photo');
  await page.keyboard.press('Enter');
  await focusOn(/Three friends on a leather sofa/);
  await page.keyboard.press('Enter');
  await waitForPrediction(page, 2);
  await focusOn('Face 2');
  await page.keyboard.press('Space');
  await expect(demo.locator('[data-ld="bars-title"]')).toHaveText('Scores for face 2');

  // Open "Look inside", move through the maps of layer 1 with the arrow keys.
  await focusOn(/Look inside the network/);
  await page.keyboard.press('Enter');
  await expect(demo.locator('feature-maps .fm-layer')).toHaveCount(CONV_LAYERS);
  await focusOn(/^Layer 1, map 1 of/);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', /^Layer 1, map 3 of/);
  await expect(page.locator(':focus')).toHaveAttribute('aria-pressed', 'true');
  await expect(demo.locator('.fm-detail-caption')).toHaveText(/layer 1 \(\w+\), map 3 of/);
  await page.keyboard.press('Tab'); // to layer 2
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', /^Layer 2, map 1 of/);
  await page.keyboard.press('Enter');
  await expect(demo.locator('.fm-detail-caption')).toHaveText(/layer 2 \(\w+\), map 1 of/);

  // Far range with the arrow keys in the radio group.
  await demo.getByRole('radio', { name: /Near/ }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(demo.getByRole('radio', { name: /Far/ })).toBeChecked();
  await page.waitForFunction(
    () =>
      (document.querySelector('live-demo') as unknown as { stats(): { range: string } }).stats()
        .range === 'full',
  );

  // And the camera, from the keyboard.
  await demo.getByRole('button', { name: 'Use a sample photo' }).focus();
  await page.keyboard.press('Shift+Tab');
  await expect(page.locator(':focus')).toHaveText(/Start camera/);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    () =>
      (
        document.querySelector('live-demo') as unknown as {
          stats(): { source: string; faces: number };
        }
      ).stats().source === 'webcam',
    null,
    { timeout: PIPELINE_TIMEOUT },
  );
  await expect(page.locator(':focus')).toHaveText(/Stop camera/);
});

test('the feature maps render for a photo: every conv layer, a colour scale, an enlarged map, a description', async ({
  page,
  guard,
}) => {
  const demo = await openDemo(page, guard);
  await useSample(demo, 1);
  await waitForPrediction(page, 1);
  // Closed by default: nothing is computed for nobody.
  expect((await stats(page))!.featureMapFrames).toBe(0);
  await demo.getByText('Look inside the network').click();
  const layers = demo.locator('feature-maps .fm-layer');
  await expect(layers).toHaveCount(CONV_LAYERS);
  await page.waitForFunction(
    () =>
      (
        document.querySelector('live-demo') as unknown as { stats(): { featureMapFrames: number } }
      ).stats().featureMapFrames > 0,
  );
  for (let i = 0; i < CONV_LAYERS; i++)
    expect(await canvasVariety(layers.nth(i).locator('canvas')), `layer ${i + 1}`).toBeGreaterThan(
      8,
    );
  await expect(layers.first().locator('.fm-layer-title')).toHaveText(
    /Layer 1 \(\w+\): \d+ maps of \d+ × \d+ pixels/,
  );
  await expect(demo.locator('.fm-legend-bar')).toBeVisible();
  await expect(demo.locator('.fm-legend-ends')).toContainText('no response');
  await layers.nth(2).locator('.fm-cell').nth(5).click();
  await expect(demo.locator('.fm-detail-caption')).toHaveText(
    new RegExp(
      `layer 3 \\(\\w+\\), map 6 of ${CONVS[2]!.filters}, ${CONVS[2]!.side} × ${CONVS[2]!.side} pixels`,
    ),
  );
  expect(await canvasVariety(demo.locator('.fm-detail-canvas'))).toBeGreaterThan(4);
  await expect(demo.locator('[data-fm="description"]')).toHaveText(
    new RegExp(
      `Layer ${CONV_LAYERS} \\(\\w+\\), ${LAST.filters} maps of ${LAST.side} × ${LAST.side}`,
    ),
  );
  // All maps on request.
  await demo.getByRole('button', { name: 'Show all maps' }).click();
  await expect(layers.nth(CONV_LAYERS - 1).locator('.fm-cell')).toHaveCount(LAST.filters);
});

test('axe: lesson 1 with the demo started (photo, feature maps open) has no violations, light at 1280 px and dark at 360 px', async ({
  page,
  guard,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  const demo = await openDemo(page, guard);
  await useSample(demo);
  await waitForPrediction(page, 2);
  await demo.getByText('Look inside the network').click();
  await expect(demo.locator('feature-maps .fm-layer')).toHaveCount(CONV_LAYERS);
  expect(await axeViolations(page), 'light, 1280 px').toEqual([]);
  // The same running demo on a phone in the dark theme: every rule again, the layout is another one.
  await page.setViewportSize({ width: 360, height: 800 });
  await page.emulateMedia({ colorScheme: 'dark' });
  // Nothing sticks out sideways at phone width.
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
    .toBeLessThanOrEqual(360);
  expect(await axeViolations(page), 'dark, 360 px').toEqual([]);
});

test('embedded with share=scores, the demo posts its predictions to the host page in the documented shape', async ({
  page,
  guard,
  baseURL,
}) => {
  guard.allowConsoleError(/^INFO: Created TensorFlow Lite XNNPACK delegate for CPU\.$/);
  // Scores leave the frame only when the teacher opted in (share=scores); embed.spec.ts checks that
  // nothing is posted without it.
  await page.route('**/__e2e__/host.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>host</title><body>
        <iframe name="demo" title="Emotion Lens demo" allow="camera" width="900" height="900" src="/embed/live-demo/?share=scores"></iframe>
        <script>window.messages = []; addEventListener('message', (e) => { if (e.data && e.data.source === 'emotion-lens') window.messages.push({ data: e.data, fromFrame: e.source === frames[0], origin: e.origin }); });</script>`,
    }),
  );
  await page.goto(new URL('/__e2e__/host.html', baseURL).href);
  const frame = page.frameLocator('iframe[name=demo]');
  await frame.getByRole('button', { name: 'Use a sample photo' }).click();
  await frame.locator('[data-sample-url]').first().click();
  await page.waitForFunction(
    () =>
      (window as unknown as { messages: unknown[] }).messages.some(
        (m) => (m as { data: { type: string } }).data.type === 'prediction',
      ),
    null,
    { timeout: PIPELINE_TIMEOUT },
  );
  const msg = await page.evaluate(() =>
    (
      window as unknown as {
        messages: { data: { type: string }; fromFrame: boolean; origin: string }[];
      }
    ).messages.find((m) => m.data.type === 'prediction')!,
  );
  expect(msg.fromFrame).toBe(true);
  expect(msg.origin).toBe(new URL(baseURL!).origin);
  const data = msg.data as unknown as {
    source: string;
    type: string;
    faces: { box: Record<string, number>; scores: Record<string, number>; top: string }[];
    fps: number;
  };
  expect(data).toMatchObject({ source: 'emotion-lens', type: 'prediction', fps: 0 });
  expect(data.faces.length).toBeGreaterThanOrEqual(2);
  for (const f of data.faces) {
    expect(Object.keys(f.box).sort()).toEqual(['height', 'width', 'x', 'y']);
    expect(Object.keys(f.scores)).toContain(f.top);
    expect(Object.values(f.scores).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
  }
});

test('in an iframe that does not allow the camera, the demo says so in one sentence and offers photos', async ({
  page,
  guard,
  baseURL,
}) => {
  guard.allowConsoleError(/^INFO: Created TensorFlow Lite XNNPACK delegate for CPU\.$/);
  await page.route('**/__e2e__/no-camera.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>host</title><iframe name="demo" title="Emotion Lens demo" allow="camera 'none'" width="900" height="900" src="${LESSON_1}#demo"></iframe>`,
    }),
  );
  await page.goto(new URL('/__e2e__/no-camera.html', baseURL).href);
  const frame = page.frameLocator('iframe[name=demo]');
  const note = frame.locator('live-demo [data-fs="camera-note"]');
  await expect(note).toHaveText(
    'The camera is not allowed in this frame: use a sample photo or upload one instead.',
  );
  await expect(frame.locator('live-demo [data-fs="camera"]')).toHaveAttribute(
    'aria-disabled',
    'true',
  );
  await frame.locator('live-demo [data-fs="camera"]').press('Enter'); // aria-disabled, still pressable; keys do not depend on where the button is while the page settles
  await expect(frame.locator('live-demo [data-fs="error"]')).toContainText(
    'not allowed in this frame',
  );
  await frame
    .locator('live-demo [data-fs="error"]')
    .getByRole('button', { name: 'Use a sample photo' })
    .click();
  await expect(frame.locator('live-demo [data-sample-url]').first()).toBeFocused();
  await frame.locator('live-demo [data-sample-url]').first().click();
  await expect(frame.locator('[data-ld="summary"]')).toHaveText(/looks most like/, {
    timeout: PIPELINE_TIMEOUT,
  });
});

test('embed options on the element: no-camera hides the camera, sample= opens on that photo', async ({
  page,
  guard,
}) => {
  guard.allowConsoleError(/^INFO: Created TensorFlow Lite XNNPACK delegate for CPU\.$/);
  // The embed pages set these attributes before the widget's script runs; do the same here.
  await page.addInitScript(() => {
    new MutationObserver((_, mo) => {
      const demo = document.querySelector('live-demo');
      if (!demo) return;
      demo.setAttribute('no-camera', '');
      demo.setAttribute('sample', 'sample3');
      mo.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${LESSON_1}#demo`);
  const demo = page.locator('live-demo');
  await expect(demo.locator('[data-fs="camera"]')).toHaveCount(0);
  const s = await waitForPrediction(page, 2);
  expect(s.source).toBe('image');
  await expect(demo.locator('[data-ld="view"]')).toHaveAttribute('aria-label', /sofa/);
});
