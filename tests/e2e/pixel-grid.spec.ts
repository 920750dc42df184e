/**
 * The pixel grid (lesson 2) in Debian's Chromium against the built site:
 *  - it starts on a drawn face without downloading the face finder;
 *  - the fake webcam: the face in the camera becomes the model's 48 × 48 grid, and the exact array
 *    the model receives is 2,304 numbers between 0 and 1;
 *  - an upload through the file chooser (a group photo: several faces, "Next face");
 *  - keyboard only: a sample photo, reading squares with the arrow keys (announced politely), the
 *    size slider, opening and copying the array;
 *  - mouse and touch; 360 px wide without sideways scrolling; axe with the widget running.
 * The `guard` fixture fails any test that sends a request off the machine, breaks the CSP, throws or
 * logs an unexpected console error.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test, type Guard } from './support/fixtures.ts';
import { axeInBothThemes, tabTo } from './support/page-utils.ts';
import { SAMPLE_FACE_IMAGE } from './support/webcam.ts';

const LESSON_2 = '/lessons/a-picture-is-a-grid-of-numbers/';
/** MediaPipe's wasm prints this through console.error each time a face detector starts. Harmless. */
const MEDIAPIPE_INFO = /^INFO: Created TensorFlow Lite XNNPACK delegate for CPU\.$/;

async function openGrid(page: Page, guard: Guard): Promise<Locator> {
  guard.allowConsoleError(MEDIAPIPE_INFO);
  await page.goto(`${LESSON_2}#pixel-grid`);
  const widget = page.locator('pixel-grid');
  await expect(widget).toHaveAttribute('data-ready', 'true');
  return widget;
}

const sourceLine = (w: Locator) => w.locator('.wsrc-line');
const announcer = (w: Locator) => w.locator('[aria-live="polite"]').first();

/** The model's array from the widget's text box: rows of numbers. */
async function modelArray(w: Locator): Promise<number[][]> {
  const details = w.locator('details.pg-array');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open)))
    await details.locator('summary').click();
  const box = w.getByLabel(/All 2,304 numbers/);
  await expect(box).not.toHaveValue('');
  return JSON.parse(await box.inputValue()) as number[][];
}

function checkArray(rows: number[][]): void {
  expect(rows).toHaveLength(48);
  for (const r of rows) expect(r).toHaveLength(48);
  const flat = rows.flat();
  expect(flat.every((v) => typeof v === 'number' && v >= 0 && v <= 1)).toBe(true);
  expect(
    new Set(flat.map((v) => v.toFixed(2))).size,
    'a real picture, not a flat colour',
  ).toBeGreaterThan(40);
}

/** Presses Tab until `target` has the focus (keyboard only: no clicking, no .focus()). */
async function noSidewaysScroll(page: Page): Promise<void> {
  expect(
    await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    ),
  ).toBeLessThanOrEqual(0);
}

async function axe(page: Page): Promise<void> {
  expect(await axeInBothThemes(page, { include: 'main' })).toEqual([]);
}

test('starts on a drawn face, with nothing heavy downloaded', async ({ page, guard }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const w = await openGrid(page, guard);
  await expect(sourceLine(w)).toHaveText(/drawn smiley/);
  await expect(w.locator('.pg-summary')).toHaveText(/48 × 48 = 2,304 grey numbers/);
  await expect(w.locator('.pg-closeup .pg-cu')).toHaveCount(25);
  await page.waitForLoadState('networkidle');
  expect(requests.filter((u) => /tflite|\.wasm|tasks-vision|vision_wasm/.test(u))).toEqual([]);
  checkArray(await modelArray(w));
});

test('fake webcam: the face in the camera becomes the grid the model receives', async ({
  webcamPage: page,
  guard,
}) => {
  test.setTimeout(240_000);
  const w = await openGrid(page, guard);
  await w.getByRole('button', { name: 'Start camera' }).click();
  // The fake webcam films a photo of three friends: the largest face is shown first.
  await expect(sourceLine(w)).toHaveText(/^Showing the face in your camera\./, { timeout: 60_000 });
  // One camera on this device: no camera choice to make.
  await expect(w.getByRole('combobox', { name: 'Camera', exact: true })).toBeHidden();
  await expect(w.locator('.pg-summary')).toHaveText(
    /in your camera, as 48 × 48 = 2,304 grey numbers/,
    { timeout: 10_000 },
  );
  // The webcam is live: the grid follows it until frozen.
  const freeze = w.getByRole('button', { name: 'Freeze the picture' });
  await expect(freeze).toHaveAttribute('aria-pressed', 'false');
  await freeze.click();
  await expect(freeze).toHaveAttribute('aria-pressed', 'true');
  checkArray(await modelArray(w));
  // The red, green and blue values of the square are shown beside the grey one.
  await expect(w.locator('.pg-read-channels')).toHaveText(/^Red \d+, green \d+, blue \d+\.$/);
  // The sum the reader sees adds up: the grey value (unrounded when it is not whole) ÷ 255.
  const sum = (await w.locator('.pg-read-model').textContent())!;
  const m =
    /^The model gets (\d+(?:\.\d+)?) ÷ 255 = (\d\.\d{3})(?: \(the grey value before rounding\))?\.$/.exec(
      sum,
    );
  expect(m, sum).not.toBeNull();
  expect(Math.abs(Number(m![1]) / 255 - Number(m![2])), sum).toBeLessThanOrEqual(0.0005);
  await w.getByRole('button', { name: 'Stop camera' }).click();
  await expect(sourceLine(w)).toHaveText(/camera is off/);
});

test('upload through the file chooser: a group photo, every face in turn', async ({
  page,
  guard,
}) => {
  test.setTimeout(240_000);
  const w = await openGrid(page, guard);
  const chooser = page.waitForEvent('filechooser');
  await w.getByText('Upload a photo').click();
  await (await chooser).setFiles(SAMPLE_FACE_IMAGE);
  await expect(sourceLine(w)).toHaveText(
    /^Showing face 1 of 3 in “sample1\.jpg”|^Showing the face in “sample1\.jpg”\. 3 faces were found; this is face 1\./,
    { timeout: 60_000 },
  );
  const first = await modelArray(w);
  checkArray(first);
  const next = w.getByRole('button', { name: /Next face \(1 of 3\)/ });
  await next.click();
  await expect(w.getByRole('button', { name: /Next face \(2 of 3\)/ })).toBeVisible();
  await expect(sourceLine(w)).toHaveText(/this is face 2/);
  const second = await modelArray(w);
  checkArray(second);
  expect(second).not.toEqual(first);
});

test('if the face finder cannot load, the reader is told and the middle of the photo is shown', async ({
  page,
  guard,
}) => {
  test.setTimeout(240_000);
  guard.allowConsoleError(/Failed to load resource|status of 404/);
  await page.route('**/vendor/mediapipe/**', (route) =>
    route.fulfill({ status: 404, body: 'missing' }),
  );
  const w = await openGrid(page, guard);
  await w.locator('input[type="file"]').setInputFiles(SAMPLE_FACE_IMAGE);
  await expect(w.getByRole('alert')).toContainText('face finder', { timeout: 60_000 });
  await expect(w.getByRole('alert')).toContainText('Meanwhile the middle of the picture is shown.');
  await expect(sourceLine(w)).toHaveText(
    'Showing the middle of “sample1.jpg” (the face finder could not start).',
  );
  checkArray(await modelArray(w));
});

test('keyboard only: a sample photo, the squares, the slider and the array', async ({
  page,
  guard,
  context,
}) => {
  test.setTimeout(240_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const w = await openGrid(page, guard);
  await tabTo(page, w.getByRole('button', { name: 'Use a sample photo' }));
  await page.keyboard.press('Enter');
  await tabTo(page, w.locator('[data-sample-url]').first());
  await page.keyboard.press('Enter');
  await expect(sourceLine(w)).toHaveText(/Three friends in party costumes/, { timeout: 60_000 });

  // Tab to the grid, then read squares with the arrow keys.
  const grid = w.getByRole('application', { name: /Grid of 48 by 48 grey numbers/ });
  await tabTo(page, grid);
  await expect(announcer(w)).toHaveText(
    /^Row 25, column 25: grey \d+\. Red \d+, green \d+, blue \d+\.$/,
  );
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowLeft');
  await expect(announcer(w)).toHaveText(/^Row 24, column 24: grey \d+/);
  await page.keyboard.press('ControlOrMeta+Home');
  await expect(announcer(w)).toHaveText(/^Row 1, column 1: grey/);
  await expect(w.locator('.pg-read-cell')).toHaveText(/^Row 1, column 1: grey \d+$/);
  // The close-up follows: the current square is in the top-left corner, the rest is outside.
  await expect(w.locator('.pg-cu-out')).toHaveCount(16);

  // The slider: 8 to 96 squares a side.
  const slider = w.getByRole('slider', { name: 'Grid size' });
  await tabTo(page, slider);
  await page.keyboard.press('ArrowRight');
  await expect(w.locator('.pg-size-out')).toHaveText('49 × 49 = 2,401 numbers');
  await page.keyboard.press('Home');
  await expect(w.locator('.pg-size-out')).toHaveText('8 × 8 = 64 numbers');
  await expect(slider).toHaveAttribute('aria-valuetext', '8 by 8 squares');
  await page.keyboard.press('End');
  await expect(w.locator('.pg-size-out')).toHaveText('96 × 96 = 9,216 numbers');
  await page.keyboard.press('Tab');
  const back = w.getByRole('button', { name: 'Back to 48 × 48' });
  await expect(back).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(w.locator('.pg-size-out')).toHaveText(
    '48 × 48 = 2,304 numbers — the size the model uses',
  );

  // The array: open it and copy it, by keyboard.
  await tabTo(page, w.locator('details.pg-array summary'));
  await page.keyboard.press('Enter');
  await expect(w.locator('details.pg-array')).toHaveAttribute('open', '');
  await page.keyboard.press('Tab');
  await expect(w.getByRole('button', { name: 'Copy the array' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(w.locator('.pg-copy-status')).toHaveText(/Copied 2,304 numbers|press Ctrl\+C/);
  checkArray(await modelArray(w));

  await axe(page);
});

test('mouse: pointing at a square reads it', async ({ page, guard }) => {
  const w = await openGrid(page, guard);
  const canvas = w.locator('.pg-canvas');
  // hover() finds the canvas when it moves the mouse (the page may still be settling under load).
  await canvas.hover({ position: { x: 2, y: 2 } });
  await expect(w.locator('.pg-read-cell')).toHaveText(/^Row 1, column 1: grey \d+$/);
  const box = (await canvas.boundingBox())!;
  await canvas.hover({ position: { x: box.width - 2, y: box.height - 2 } });
  await expect(w.locator('.pg-read-cell')).toHaveText(/^Row 48, column 48: grey \d+$/);
  await expect(announcer(w)).toHaveText(/^Row 48, column 48/);
});

test.describe('on a 360 px phone with touch', () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

  test('tapping a square reads it, and nothing scrolls sideways', async ({ page, guard }) => {
    test.setTimeout(180_000);
    const w = await openGrid(page, guard);
    const canvas = w.locator('.pg-canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    expect(box.width).toBeGreaterThan(250);
    await page.touchscreen.tap(box.x + box.width / 2 + 1, box.y + 3);
    await expect(w.locator('.pg-read-cell')).toHaveText(/^Row 1, column 25: grey \d+$/);
    await noSidewaysScroll(page);
    await axe(page);
  });
});
