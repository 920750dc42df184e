/**
 * The face-mesh widget (lesson 8) in Debian's Chromium against the built site: the self-hosted
 * face-mesh model puts 468 points on the fake webcam's face and on uploaded and sample photos; the
 * six measurements and the rules update; "use this face as neutral" makes the same face read as
 * neutral; keyboard only; axe with the widget running; the six-keypoint fallback when the mesh model
 * is missing. The `guard` fixture fails any test that sends a request off the machine, breaks the CSP,
 * throws or logs an unexpected console error.
 */
import type { Locator, Page } from '@playwright/test';
import { statSync } from 'node:fs';
import { expect, test, type Guard } from './support/fixtures.ts';
import { axeInBothThemes } from './support/page-utils.ts';
import { SAMPLE_FACE_IMAGE } from './support/webcam.ts';

const LESSON_8 = '/lessons/face-mesh/';
const MEDIAPIPE_INFO = /^INFO: Created TensorFlow Lite XNNPACK delegate for CPU\.$/;

async function openMesh(page: Page, guard: Guard): Promise<Locator> {
  guard.allowConsoleError(MEDIAPIPE_INFO);
  await page.goto(`${LESSON_8}#mesh`);
  const fm = page.locator('face-mesh');
  await expect(fm).toBeVisible();
  return fm;
}

const tensors = (page: Page) =>
  page.evaluate(() =>
    (document.querySelector('face-mesh') as unknown as { tensorCount(): number }).tensorCount(),
  );
const measureValues = (fm: Locator) => fm.locator('[data-fm="now"]').allTextContents();

test('nothing heavy loads until a picture is chosen', async ({ page, guard }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const fm = await openMesh(page, guard);
  await page.waitForLoadState('networkidle');
  expect(
    requests.filter((u) => /tflite|\.wasm|model\.json|weights\.bin|facemesh|vision_bundle/.test(u)),
  ).toEqual([]);
  await expect(fm.locator('tr[data-measure]')).toHaveCount(6);
  await expect(fm.locator('li[data-rule]')).toHaveCount(4);
  await expect(fm.locator('[data-fm="verdict"]')).toHaveText('Choose a picture to start.');
});

test('the widget announces the mesh model’s download as the size of its files, and the lesson quotes its point count', async ({
  page,
  guard,
}) => {
  const fm = await openMesh(page, guard);
  const bytes =
    statSync('public/vendor/human/facemesh.json').size +
    statSync('public/vendor/human/facemesh.bin').size;
  await expect(fm).toHaveAttribute('data-mesh-bytes', String(bytes));
  await expect(page.getByRole('heading', { name: 'Six measurements' })).toBeVisible();
  await expect(page.locator('main')).toContainText('468 points on your face');
});

test('webcam: 468 points, measurements and rules; the same face as neutral reads neutral; no tensor leaks', async ({
  webcamPage: page,
  guard,
}) => {
  test.setTimeout(240_000);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const fm = await openMesh(page, guard);
  await fm.getByRole('button', { name: 'Start camera' }).click();
  await expect(fm.locator('[data-fm="note"]')).toHaveText('468 points on 1 face.', {
    timeout: 120_000,
  });
  expect(requests.some((u) => u.endsWith('/vendor/human/facemesh.json'))).toBe(true);
  expect(requests.some((u) => u.endsWith('/vendor/human/facemesh.bin'))).toBe(true);
  const values = await measureValues(fm);
  expect(values).toHaveLength(6);
  for (const v of values) expect(v).toMatch(/^-?\d+\.\d\d$/);
  // Plausible numbers for a face, in eye spans.
  const [mouthOpen, mouthWidth, , browHeight, eyeOpen, browGap] = values.map(Number);
  expect(mouthWidth).toBeGreaterThan(0.3);
  expect(mouthWidth).toBeLessThan(0.9);
  expect(mouthOpen).toBeLessThan(0.5);
  expect(browHeight).toBeGreaterThan(0.1);
  expect(eyeOpen).toBeGreaterThan(0.02);
  expect(browGap).toBeGreaterThan(0.1);
  await expect(fm.locator('[data-fm="verdict"]')).toHaveText(
    /^The rules say: (happy|surprise|sad|angry|neutral)\.$/,
  );
  await expect(fm.locator('[data-fm="cnn"]')).toHaveText(/CNN.*says: \w+ \(\d+%\)/);
  await expect(fm.locator('canvas[data-fm="canvas"]')).toHaveJSProperty('width', 480); // zoomed to the face

  // The fake webcam shows a still picture: recorded as neutral, the same face reads as neutral.
  await fm.getByRole('button', { name: 'Use my face now as neutral' }).click();
  await expect(fm.locator('[data-fm="neutral-source"]')).toHaveText(/your own face/, {
    timeout: 60_000,
  });
  await expect(fm.locator('[data-fm="verdict"]')).toHaveText('The rules say: neutral.');
  for (const state of await fm.locator('[data-fm="rule-state"]').allTextContents())
    expect(state).not.toBe('fires');
  await fm.getByRole('button', { name: 'Back to the typical face' }).click();
  await expect(fm.locator('[data-fm="neutral-source"]')).toHaveText(/FER2013/);

  const t1 = await tensors(page);
  await page.waitForTimeout(2000);
  expect(await tensors(page), 'no tensor outlives its frame').toBe(t1);
});

test('keyboard only with an uploaded photo and a sample photo; axe passes with the mesh running', async ({
  page,
  guard,
}) => {
  test.setTimeout(240_000);
  const fm = await openMesh(page, guard);
  await fm.locator('input[type="file"]').setInputFiles(SAMPLE_FACE_IMAGE);
  await expect(fm.locator('[data-fm="note"]')).toHaveText(
    /468 points on each of \d faces; measuring face 1 of \d/,
    { timeout: 120_000 },
  );
  const before = await measureValues(fm);

  const next = fm.getByRole('button', { name: 'Next face' });
  await next.focus();
  await page.keyboard.press('Enter');
  await expect(fm.locator('[data-fm="note"]')).toHaveText(/measuring face 2 of \d/);
  expect(await measureValues(fm)).not.toEqual(before);

  // Drawing options are checkboxes; the measurement names highlight their points.
  const lines = fm.getByRole('checkbox', { name: 'Mesh lines' });
  await lines.focus();
  await page.keyboard.press('Space');
  await expect(lines).not.toBeChecked();
  await page.keyboard.press('Space');
  const width = fm.getByRole('button', { name: 'Mouth width' });
  await width.focus();
  await page.keyboard.press('Enter');
  await expect(width).toHaveAttribute('aria-pressed', 'true');

  // This face as neutral: it reads as neutral.
  await fm.getByRole('button', { name: 'Use this face as neutral' }).focus();
  await page.keyboard.press('Enter');
  await expect(fm.locator('[data-fm="neutral-source"]')).toHaveText(/face 2 of this photo/);
  await expect(fm.locator('[data-fm="verdict"]')).toHaveText('The rules say: neutral.');
  await expect(fm.locator('[data-fm="change"]').first()).toHaveText(/^[+−]0(\.00|%)$/);

  // A sample photo, by keyboard.
  await fm.getByRole('button', { name: 'Use a sample photo' }).focus();
  await page.keyboard.press('Enter');
  await fm.locator('[data-sample-url]').nth(4).focus();
  await page.keyboard.press('Enter');
  await expect(fm.locator('[data-fm="note"]')).toHaveText(/468 points on/, { timeout: 60_000 });

  expect(await axeInBothThemes(page)).toEqual([]);
});

test('without the mesh model it shows the face finder’s six points and says why', async ({
  page,
  guard,
}) => {
  test.setTimeout(180_000);
  guard.allowConsoleError(/Failed to load resource: the server responded with a status of 404/);
  await page.route('**/vendor/human/facemesh.json', (r) =>
    r.fulfill({ status: 404, body: 'missing' }),
  );
  const fm = await openMesh(page, guard);
  await fm.getByRole('button', { name: 'Use a sample photo' }).click();
  await fm.locator('[data-sample-url]').first().click();
  await expect(fm.locator('[data-fm="fallback"]')).toBeVisible({ timeout: 120_000 });
  await expect(fm.locator('[data-fm="fallback"]')).toHaveText(
    /could not be loaded.*the 6 points our face finder gives.*468 points/,
  );
  await expect(fm.locator('[data-fm="note"]')).toHaveText(/showing the face finder's 6 points/);
  await expect(fm.locator('[data-fm="verdict"]')).toHaveText('The rules need the 468-point mesh.');
});

test('embedded with a starting photo and the rules hidden, the mesh reads the photo at once', async ({
  page,
  guard,
}) => {
  test.setTimeout(180_000);
  guard.allowConsoleError(MEDIAPIPE_INFO);
  await page.goto('/embed/face-mesh/?photo=sample1&hide=rules');
  const fm = page.locator('face-mesh');
  await expect(fm.locator('[data-fm="note"]')).toHaveText(/468 points on/, { timeout: 120_000 });
  await expect(fm.locator('[data-control="rules"]')).toBeHidden();
  await expect(fm.locator('[data-control="neutral"]')).toBeVisible();
});
