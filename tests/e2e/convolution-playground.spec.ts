/**
 * The convolution playground (lesson 3) in Debian's Chromium against the built site:
 *  - it starts on a drawn face with the Sobel x filter, without downloading the face finder;
 *  - the fake webcam: stepping freezes the camera, and the multiply-and-add shown adds up;
 *  - an upload through the file chooser, with the blur preset (divide by 9);
 *  - keyboard only: presets, typing a filter (and a wrong one), moving the filter with the arrow
 *    keys, play and pause with Space, stride and padding with the output size explained;
 *  - reduced motion; touch at 360 px without sideways scrolling; axe with the widget running;
 *  - lesson 4's pictures of our model's first-layer filters: following one (by keyboard) opens the
 *    playground with that filter's numbers, offset and stride, and a note on how they relate.
 * The `guard` fixture fails any test that sends a request off the machine, breaks the CSP, throws or
 * logs an unexpected console error.
 */
import type { Locator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatNumber } from '../../src/lib/convolution/convolution.ts';
import { firstLayerFilters, playgroundFilter } from '../../src/lib/convolution/model-filters.ts';
import { DIST } from './support/pages.ts';
import { expect, test, type Guard } from './support/fixtures.ts';
import { axeInBothThemes, tabTo } from './support/page-utils.ts';
import { SAMPLE_FACE_IMAGE } from './support/webcam.ts';

const LESSON_3 = '/lessons/sliding-windows-convolutions/';
const LESSON_4 = '/lessons/stacking-layers/';
/** MediaPipe's wasm prints this through console.error each time a face detector starts. Harmless. */
const MEDIAPIPE_INFO = /^INFO: Created TensorFlow Lite XNNPACK delegate for CPU\.$/;

async function openPlayground(page: Page, guard: Guard): Promise<Locator> {
  guard.allowConsoleError(MEDIAPIPE_INFO);
  await page.goto(`${LESSON_3}#convolution-playground`);
  const widget = page.locator('convolution-playground');
  await expect(widget).toHaveAttribute('data-ready', 'true');
  return widget;
}

const sourceLine = (w: Locator) => w.locator('.wsrc-line');
const preset = (w: Locator, name: string) => w.getByRole('button', { name, exact: true });

/** Presses Tab (or Shift+Tab) until `target` has the focus (keyboard only: no clicking, no .focus()). */
const num = (s: string) => Number(s.replace('−', '-').replace(/,/g, ''));

/** Reads the step-through panel and checks that its multiply-and-add really adds up. */
async function checkSum(w: Locator): Promise<number> {
  const grids = w.locator('.cp-mini-grid');
  await expect(grids).toHaveCount(3);
  const [pixels, weights, products] = await Promise.all(
    [0, 1, 2].map(async (i) =>
      (await grids.nth(i).locator('.cp-mini-cell').allTextContents()).map(num),
    ),
  );
  expect(pixels).toHaveLength(9);
  pixels!.forEach((p, i) => expect(products![i]).toBeCloseTo(p * weights![i]!, 0));
  const sum = num((await w.locator('.cp-sum strong').textContent())!);
  expect(sum).toBeCloseTo(
    products!.reduce((a, b) => a + b, 0),
    0,
  );
  return sum;
}

async function axe(page: Page): Promise<void> {
  expect(await axeInBothThemes(page, { include: 'main' })).toEqual([]);
}

test('starts on a drawn face with Sobel x, with nothing heavy downloaded', async ({
  page,
  guard,
}) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const w = await openPlayground(page, guard);
  await expect(sourceLine(w)).toHaveText(/drawn smiley/);
  await expect(preset(w, 'Sobel x')).toHaveAttribute('aria-pressed', 'true');
  await expect(w.getByLabel('Weight, row 2, column 1')).toHaveValue('−2');
  await expect(w.locator('.cp-view-label').nth(1)).toHaveText('The feature map: 46 × 46 numbers');
  await expect(w.locator('.cp-size-text')).toContainText('48 − 3 + 1 = 46');
  await expect(w.locator('.cp-summary')).toHaveText(
    /Sobel x filter\. The feature map has 46 × 46 = 2,116 numbers/,
  );
  await checkSum(w);
  await page.waitForLoadState('networkidle');
  expect(requests.filter((u) => /tflite|\.wasm|tasks-vision|vision_wasm/.test(u))).toEqual([]);
});

test('fake webcam: stepping freezes the camera, and the multiply-and-add adds up', async ({
  webcamPage: page,
  guard,
}) => {
  test.setTimeout(240_000);
  const w = await openPlayground(page, guard);
  await w.getByRole('button', { name: 'Start camera' }).click();
  await expect(sourceLine(w)).toHaveText(/^Showing the face in your camera\./, { timeout: 60_000 });
  await expect(w.locator('.cp-summary')).toHaveText(
    /in your camera, 48 × 48 grey numbers, filtered with the Sobel x filter/,
    { timeout: 10_000 },
  );
  const freeze = w.getByRole('button', { name: 'Freeze the picture' });
  await expect(freeze).toHaveAttribute('aria-pressed', 'false');

  await w.getByRole('button', { name: 'Step forward' }).click();
  await expect(freeze).toHaveAttribute('aria-pressed', 'true');
  await expect(w.locator('.cp-freeze-note')).toBeVisible();
  const before = await w.locator('.cp-pos').textContent();
  await w.getByRole('button', { name: 'Step forward' }).click();
  await expect(w.locator('.cp-pos')).not.toHaveText(before!);
  await checkSum(w);

  // Identity with one ring of padding: each number of the map is the pixel under the middle.
  await preset(w, 'Identity').click();
  await w.getByRole('radio', { name: '1 ring' }).check();
  await w.getByRole('button', { name: 'Back to the start' }).click();
  await expect(w.locator('.cp-pos')).toHaveText(
    /position 1 of 2,304: .*row 1, column 1 of the feature map/,
  );
  const sum = await checkSum(w);
  const pixels = (
    await w.locator('.cp-mini-grid').first().locator('.cp-mini-cell').allTextContents()
  ).map(num);
  expect(sum).toBe(pixels[4]);
  await expect(w.locator('.cp-mini-pad')).toHaveCount(5);

  // Unfreezing goes back to live video and the whole map.
  await freeze.click();
  await expect(freeze).toHaveAttribute('aria-pressed', 'false');
  await w.getByRole('button', { name: 'Stop camera' }).click();
  await expect(sourceLine(w)).toHaveText(/camera is off/);
});

test('upload through the file chooser, with the blur filter', async ({ page, guard }) => {
  test.setTimeout(240_000);
  const w = await openPlayground(page, guard);
  const chooser = page.waitForEvent('filechooser');
  await w.getByText('Upload a photo').click();
  await (await chooser).setFiles(SAMPLE_FACE_IMAGE);
  await expect(sourceLine(w)).toHaveText(/“sample1\.jpg”/, { timeout: 60_000 });
  await expect(sourceLine(w)).toHaveText(/3 faces were found; this is face 1\./);
  await preset(w, 'Blur').click();
  await expect(preset(w, 'Blur')).toHaveAttribute('aria-pressed', 'true');
  await expect(preset(w, 'Sobel x')).toHaveAttribute('aria-pressed', 'false');
  await expect(w.getByLabel('then divide by')).toHaveValue('9');
  await expect(w.locator('.cp-kernel-desc')).toContainText('add up to 1');
  await expect(w.locator('.cp-sum')).toContainText('divided by 9');
  await checkSum(w);
  await w.getByRole('button', { name: /Next face \(1 of 3\)/ }).click();
  await expect(sourceLine(w)).toHaveText(/this is face 2/);
  await expect(w.locator('.cp-summary')).toHaveText(/face 2 of 3 in “sample1\.jpg”/);
});

test('keyboard only: filters, typing weights, moving the filter, play and pause, stride and padding', async ({
  page,
  guard,
}) => {
  test.setTimeout(240_000);
  const w = await openPlayground(page, guard);

  // A sample photo, by keyboard.
  await tabTo(page, w.getByRole('button', { name: 'Use a sample photo' }));
  await page.keyboard.press('Enter');
  await tabTo(page, w.locator('[data-sample-url]').nth(1));
  await page.keyboard.press('Enter');
  await expect(sourceLine(w)).toHaveText(/Three friends on a leather sofa/, { timeout: 60_000 });

  // A preset, then a filter of our own.
  await tabTo(page, preset(w, 'Outline'));
  await page.keyboard.press('Enter');
  await expect(preset(w, 'Outline')).toHaveAttribute('aria-pressed', 'true');
  await expect(w.getByLabel('Weight, row 2, column 2')).toHaveValue('8');
  const centre = w.getByLabel('Weight, row 2, column 2');
  await tabTo(page, centre);
  await page.keyboard.press('ArrowUp');
  await expect(centre).toHaveValue('9');
  await expect(w.locator('.cp-kernel-desc')).toHaveText(/^Your own filter: .*add up to 1/);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('x');
  await expect(centre).toHaveAttribute('aria-invalid', '');
  await expect(w.locator('.cp-kernel-error')).toHaveText(/Type a number in every box/);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('−1/2');
  await expect(centre).not.toHaveAttribute('aria-invalid');
  await expect(w.locator('.cp-kernel-error')).toHaveText('');
  await checkSum(w);

  // Move the filter with the arrow keys; the step is announced politely.
  const picture = w.getByRole('application', { name: 'The picture with the filter on it' });
  await tabTo(page, picture);
  await page.keyboard.press('ControlOrMeta+Home');
  await expect(w.locator('.cp-pos')).toHaveText(/row 1, column 1 of the feature map/);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await expect(w.locator('.cp-pos')).toHaveText(/row 2, column 2 of the feature map/);
  await expect(w.locator('.cp-stepper [aria-live="polite"]')).toHaveText(
    /^Row 2, column 2: \d+ times −1, .* Sum −?[\d.]+\.?/,
  );

  // Space plays and pauses.
  const play = w.getByRole('button', { name: /^(Play|Pause)$/ });
  await page.keyboard.press('Space');
  await expect(play).toHaveAttribute('aria-pressed', 'true');
  await expect(play).toHaveText('Pause');
  await expect(w.locator('.cp-pos')).not.toHaveText(/row 2, column 2 of/);
  await page.keyboard.press('Space');
  await expect(play).toHaveAttribute('aria-pressed', 'false');
  await expect(play).toHaveText('Play');
  await page.keyboard.press('Escape');

  // Stride and padding, with the arrow keys in the radio groups.
  await tabTo(page, w.getByRole('radio', { name: '1 pixel' }));
  await page.keyboard.press('ArrowRight');
  await expect(w.getByRole('radio', { name: '2 pixels' })).toBeChecked();
  await expect(w.locator('.cp-size-text')).toContainText('(48 − 3) ÷ 2 + 1 = 23 (rounded down)');
  await expect(w.locator('.cp-view-label').nth(1)).toHaveText('The feature map: 23 × 23 numbers');
  await tabTo(page, w.getByRole('radio', { name: 'None' }));
  await page.keyboard.press('ArrowRight');
  await expect(w.getByRole('radio', { name: '1 ring' })).toBeChecked();
  await expect(w.locator('.cp-size-text')).toContainText(
    '(48 + 2 × 1 − 3) ÷ 2 + 1 = 24 (rounded down)',
  );
  await expect(w.locator('.cp-view-label').first()).toHaveText(
    'The picture: 48 × 48 grey numbers, plus a ring of zeros',
  );

  // Step buttons by keyboard.
  await tabTo(page, w.getByRole('button', { name: 'Step forward' }), { back: true });
  await page.keyboard.press('Enter');
  await checkSum(w);

  await axe(page);
});

test.describe('with reduced motion', () => {
  test.use({ reducedMotion: 'reduce' });

  test('nothing moves by itself, and playing starts slow', async ({ page, guard }) => {
    const w = await openPlayground(page, guard);
    await expect(w.getByLabel('Speed')).toHaveValue('slow');
    const pos = await w.locator('.cp-pos').textContent();
    await page.waitForTimeout(1500);
    await expect(w.locator('.cp-pos')).toHaveText(pos!);
    await expect(w.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'false');
  });
});

test.describe('on a 360 px phone with touch', () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

  test('tapping the feature map explains that number, and nothing scrolls sideways', async ({
    page,
    guard,
  }) => {
    test.setTimeout(180_000);
    const w = await openPlayground(page, guard);
    const map = w.locator('.cp-out-canvas');
    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    expect(box.width).toBeGreaterThan(250);
    await page.touchscreen.tap(box.x + 2, box.y + 2);
    await expect(w.locator('.cp-pos')).toHaveText(/row 1, column 1 of the feature map/);
    await checkSum(w);
    const inside = w.locator('.cp-canvas-wrap');
    await inside.scrollIntoViewIfNeeded();
    const b2 = (await inside.boundingBox())!;
    await page.touchscreen.tap(b2.x + b2.width - 2, b2.y + b2.height - 2);
    await expect(w.locator('.cp-pos')).toHaveText(/row 46, column 46 of the feature map/);
    expect(
      await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      ),
    ).toBeLessThanOrEqual(0);
    await axe(page);
  });
});

test('lesson 4: a filter of our model opens in the playground with its numbers (keyboard only)', async ({
  page,
  guard,
}) => {
  guard.allowConsoleError(MEDIAPIPE_INFO);
  const modelDir = join(DIST, 'models/emotion-cnn');
  const modelJson = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8'));
  const first = firstLayerFilters(
    modelJson,
    new Uint8Array(readFileSync(join(modelDir, 'weights.bin'))),
  );
  const filter = first.filters[4]!;
  const expected = playgroundFilter(filter, first);

  await page.goto(`${LESSON_4}#first-layer-filters`);
  const links = page.locator('#first-layer-filters a.mf-filter');
  await expect(links).toHaveCount(first.filters.length);
  const link = links.nth(4);
  await expect(link).toHaveAccessibleName(
    new RegExp(`^Filter ${filter.number}\\b.*row by row: ${formatNumber(filter.weights[0]!, 2)}, `),
  );
  await tabTo(page, link);
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/\/lessons\/sliding-windows-convolutions\/\?kernel=/);
  const w = page.locator('convolution-playground');
  await expect(w).toHaveAttribute('data-ready', 'true');
  for (const [i, weight] of expected.kernel.weights.entries()) {
    await expect(
      w.getByLabel(`Weight, row ${Math.floor(i / 3) + 1}, column ${(i % 3) + 1}`),
    ).toHaveValue(formatNumber(weight, 3));
  }
  await expect(w.getByLabel('then add (the offset)')).toHaveValue(
    formatNumber(expected.kernel.offset!, 3),
  );
  await expect(w.getByRole('radio', { name: `${first.stride} pixels` })).toBeChecked();
  await expect(w.getByRole('radio', { name: 'None' })).toBeChecked();
  await expect(w.locator('.cp-from')).toContainText(
    `Filter ${filter.number} of our emotion network’s layer ${first.layer}`,
  );
  await expect(w.locator('.cp-from')).toContainText(
    `its map is ${first.outputSide} × ${first.outputSide} where this one is ${first.outputSide - 1} × ${first.outputSide - 1}`,
  );
  await expect(w.locator('.cp-kernel-desc')).toHaveText(
    new RegExp(
      `^Filter ${filter.number} of our network: .*adds ${formatNumber(expected.kernel.offset!, 1)} to every sum`,
    ),
  );
  const sum = await checkSum(w);
  const added = /plus the offset (\S+): (\S+)\. /.exec((await w.locator('.cp-sum').textContent())!);
  expect(added, 'the step-through adds the offset').not.toBeNull();
  expect(num(added![1]!)).toBe(expected.kernel.offset);
  expect(Math.abs(num(added![2]!) - (sum + expected.kernel.offset!))).toBeLessThanOrEqual(0.11);

  // Changing a number makes it the reader's own filter; the way back to lesson 4 stays.
  const centre = w.getByLabel('Weight, row 2, column 2');
  await tabTo(page, centre);
  await page.keyboard.press('ArrowUp');
  await expect(w.locator('.cp-kernel-desc')).toHaveText(/^Your own filter: /);
  await expect(
    w.getByRole('link', { name: 'all the filters of that layer in lesson 4' }),
  ).toHaveAttribute('href', `${LESSON_4}#first-layer-filters`);
  await axe(page);
});
