/**
 * Every embeddable widget with touch alone, on a 360 px phone (Chromium's mobile emulation with a
 * touch screen), on its /embed/<widget>/ page: the widget's main interaction by tapping (and, for
 * sliders, dragging a finger) — never a mouse, a hover or the keyboard — changes what it shows; the
 * page does not scroll sideways; and every control a finger needs is at least 24 × 24 CSS px (WCAG 2.2,
 * 2.5.8). The desktop specs of each widget check the rest. The `guard` fixture fails any test that
 * sends a request off the machine, breaks the CSP, throws or logs an unexpected console error.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import sharp from 'sharp';
import { MEASURES } from '../../src/lib/landmarks/features.ts';
import { matrixChoices } from '../../src/widgets/confusion-matrix/choices.ts';
import { cellSentence } from '../../src/widgets/confusion-matrix/matrix.ts';
import { emotionWord } from '../../src/lib/format.ts';
import { parsePeers, parseZoo } from '../../src/lib/zoo/zoo-data.ts';
import { expect as baseExpect, test, type Guard } from './support/fixtures.ts';
import { dragSliderTo, sidewaysOverflow, smallTargets } from './support/touch.ts';
import { MEDIAPIPE_INFO, PIPELINE_TIMEOUT, waitForPrediction } from './live-demo-support.ts';

/** Waits on a model get the pipeline's time on a busy machine. */
const expect = baseExpect.configure({ timeout: 30_000 });

test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
test.describe.configure({ timeout: 180_000 });

/** Opens a widget's embed page and brings the widget into view (widgets start when seen). */
async function openEmbed(page: Page, guard: Guard, id: string, tag = id): Promise<Locator> {
  guard.allowConsoleError(MEDIAPIPE_INFO);
  await page.goto(`/embed/${id}/`);
  const widget = page.locator(tag).first();
  await widget.scrollIntoViewIfNeeded();
  return widget;
}

/** Nothing scrolls sideways, and no control of `scope` is too small for a finger. */
async function checkPhoneLayout(page: Page, scope: Locator): Promise<void> {
  expect(await sidewaysOverflow(page), 'the page scrolls sideways at 360 px').toBeLessThanOrEqual(
    0,
  );
  expect(await smallTargets(scope), 'controls smaller than 24 × 24 px').toEqual([]);
}

/** Taps "Use a sample photo", then the sample photo at `index`. */
async function tapSample(widget: Locator, index: number): Promise<void> {
  await widget.getByRole('button', { name: 'Use a sample photo' }).tap();
  await widget.locator('[data-sample-url]').nth(index).tap();
}

/** Taps a point of `target`, given as fractions of its box, with the touchscreen. */
async function tapAt(page: Page, target: Locator, fx: number, fy: number): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  const box = (await target.boundingBox())!;
  await page.touchscreen.tap(box.x + box.width * fx, box.y + box.height * fy);
}

test('live demo: a sample photo, a face picked by tapping, a feature map enlarged', async ({
  page,
  guard,
}) => {
  const demo = await openEmbed(page, guard, 'live-demo');
  await checkPhoneLayout(page, demo);
  // A phone has no drag-and-drop from a file manager and no Ctrl+V: the picker does not offer them.
  await expect(demo.getByText(/drop a photo onto this box/)).toBeHidden();
  await tapSample(demo, 0);
  await waitForPrediction(page, 2, PIPELINE_TIMEOUT);
  const face2 = demo.locator('[data-ld="faces"]').getByRole('button', { name: 'Face 2' });
  await face2.tap();
  await expect(face2).toHaveAttribute('aria-pressed', 'true');
  await expect(demo.locator('[data-ld="bars-title"]')).toHaveText('Scores for face 2');
  // The feature maps inside the demo are the feature-maps widget's own view: tapping a map enlarges it.
  await demo.getByText('Look inside the network').tap();
  // They are computed from a screen's height away: what the reader meets is the maps themselves.
  const layers = demo.locator('feature-maps .fm-layer');
  await expect(layers.nth(1)).toBeAttached({ timeout: PIPELINE_TIMEOUT });
  await expect(demo.getByText(/Start the demo to see/)).toBeHidden();
  await layers.nth(1).scrollIntoViewIfNeeded();
  await layers.nth(1).locator('.fm-cell').nth(3).tap();
  await expect(demo.locator('.fm-detail-caption')).toHaveText(/layer 2 \(\w+\), map 4 of/);
  await checkPhoneLayout(page, demo);
});

test('pixel grid: tapping squares reads them; the size slider follows a finger', async ({
  page,
  guard,
}) => {
  const w = await openEmbed(page, guard, 'pixel-grid');
  await expect(w).toHaveAttribute('data-ready', 'true');
  const canvas = w.locator('.pg-canvas');
  await tapAt(page, canvas, 0.01, 0.01);
  await expect(w.locator('.pg-read-cell')).toHaveText(/^Row 1, column 1: grey \d+$/);
  await tapAt(page, canvas, 0.99, 0.99);
  await expect(w.locator('.pg-read-cell')).toHaveText(/^Row 48, column 48: grey \d+$/);
  const slider = w.getByRole('slider', { name: 'Grid size' });
  await dragSliderTo(page, slider, 'min');
  await expect(w.locator('.pg-size-out')).toHaveText('8 × 8 = 64 numbers');
  await w.getByRole('button', { name: 'Back to 48 × 48' }).tap();
  await expect(w.locator('.pg-size-out')).toHaveText(
    '48 × 48 = 2,304 numbers — the size the model uses',
  );
  await w.locator('details.pg-array summary').tap();
  await expect(w.locator('details.pg-array')).toHaveAttribute('open', '');
  await checkPhoneLayout(page, w);
});

test('convolution playground: a preset, and taps on the picture and on the map', async ({
  page,
  guard,
}) => {
  const w = await openEmbed(page, guard, 'convolution-playground');
  await expect(w).toHaveAttribute('data-ready', 'true');
  const blur = w.getByRole('button', { name: 'Blur', exact: true });
  await blur.tap();
  await expect(blur).toHaveAttribute('aria-pressed', 'true');
  await expect(w.locator('.cp-sum')).toContainText('divided by 9');
  await tapAt(page, w.locator('.cp-out-canvas'), 0.005, 0.005);
  await expect(w.locator('.cp-pos')).toHaveText(/row 1, column 1 of the feature map/);
  await tapAt(page, w.locator('.cp-canvas-wrap'), 0.995, 0.995);
  await expect(w.locator('.cp-pos')).toHaveText(/row 46, column 46 of the feature map/);
  await checkPhoneLayout(page, w);
});

// Its maps are tapped inside the live demo above (one model load fewer): here, its picture picker.
test('feature maps: the sample photos open by tapping', async ({ page, guard }) => {
  const w = await openEmbed(page, guard, 'feature-maps', 'feature-maps[standalone]');
  const samples = w.getByRole('button', { name: 'Use a sample photo' });
  await samples.tap();
  await expect(samples).toHaveAttribute('aria-expanded', 'true');
  await expect(w.locator('[data-sample-url]').first()).toBeVisible();
  await checkPhoneLayout(page, w);
});

test('CNN anatomy: tapping a layer opens its explanation; the table opens', async ({
  page,
  guard,
}) => {
  const w = await openEmbed(page, guard, 'cnn-anatomy');
  await expect(w).toHaveAttribute('data-ready', 'true');
  const layer = w.locator('.an-layer').nth(1);
  await layer.tap();
  await expect(layer).toHaveAttribute('aria-expanded', 'true');
  await expect(w.locator('#anatomy-detail-1')).toContainText('small filters');
  await w.getByText('Show every layer as a table').tap();
  await expect(w.locator('table.an-table')).toBeVisible();
  await checkPhoneLayout(page, w);
});

test('training story: a tap on the chart and a finger on the slider pick epochs; the split switches', async ({
  page,
  guard,
}) => {
  await openEmbed(page, guard, 'training-story', 'training-story[data-part="history"]');
  const history = page.locator('training-story[data-part="history"]');
  const run = history.locator('[data-run]').first();
  const slider = run.locator('input[data-epoch]');
  const readout = run.locator('[data-readout]');
  await expect(readout).toContainText('(lowest held-out loss)');
  const before = await slider.inputValue();
  await tapAt(page, run.locator('svg[role="img"]').first(), 0.9, 0.5);
  await expect(slider).not.toHaveValue(before);
  await dragSliderTo(page, slider, 'min');
  await expect(slider).toHaveValue('1');
  await expect(readout).toContainText(/^Epoch 1: training loss \d\.\d\d, held-out loss/);

  const classes = page.locator('training-story[data-part="classes"]');
  const splits = classes.locator('input[data-split]');
  if ((await splits.count()) > 1) {
    const bars = await classes.locator('.bc-row').allTextContents();
    await splits.nth(1).tap();
    await expect(splits.nth(1)).toBeChecked();
    await expect.poll(() => classes.locator('.bc-row').allTextContents()).not.toEqual(bars);
  }
  await checkPhoneLayout(page, page.locator('main'));
});

test('transfer lab: a sample photo recorded into a class by tapping; a class removed', async ({
  page,
  guard,
}) => {
  const lab = await openEmbed(page, guard, 'transfer-lab');
  await tapSample(lab, 4);
  await expect(lab.locator('[data-tl="stage-note"]')).toHaveText(/faces? found in the photo/, {
    timeout: PIPELINE_TIMEOUT,
  });
  const row = lab.locator('.tl-class').nth(1);
  const record = row.locator('[data-tl="record"]');
  await expect(record).toHaveAccessibleName(/Add faces from this photo: wink/);
  await record.tap();
  await expect(row.locator('[data-tl="count"]')).toHaveText(/^[1-9]\d* /);
  await lab
    .locator('.tl-class')
    .nth(2)
    .getByRole('button', { name: /Remove/ })
    .tap();
  await expect(lab.locator('.tl-class')).toHaveCount(2);
  await checkPhoneLayout(page, lab);
});

const readJson = (path: string) =>
  existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;

test('model comparison: tapping a measure switches the chart; the table opens', async ({
  page,
  guard,
}) => {
  const w = await openEmbed(page, guard, 'model-comparison');
  await expect(w).toHaveAttribute('data-ready', 'true');
  const four = w.getByLabel('Accuracy, 4 emotions');
  await four.tap();
  await expect(four).toBeChecked();
  await expect(w.locator('[data-axis]')).toContainText('Accuracy on 4 emotions');
  await w.getByText('Show all the numbers as a table').tap();
  await expect(w.locator('table')).toBeVisible();
  await checkPhoneLayout(page, w);
});

test('confusion matrix: a tapped cell explains itself; percentages by tapping', async ({
  page,
  guard,
}) => {
  const labels = readJson('src/data/dataset-stats.json')?.labels;
  const first = matrixChoices(
    parseZoo(readJson('src/data/zoo.json'), labels),
    parsePeers(readJson('src/data/peers.json')),
  )[0];
  test.skip(!first, 'no confusion matrix in this build yet');
  const w = await openEmbed(page, guard, 'confusion-matrix');
  await expect(w).toHaveAttribute('data-ready', 'true');
  await w.locator('td[data-row="1"][data-col="2"]').tap();
  await expect(w.locator('[data-explain]')).toHaveText(
    cellSentence(first!.confusion, first!.labels, 1, 2, emotionWord),
  );
  const percent = w.getByLabel('percent of the row');
  await percent.tap();
  await expect(percent).toBeChecked();
  await expect(w.locator('td[data-row="0"][data-col="0"]')).toHaveText(/%$/);
  await checkPhoneLayout(page, w);
});

test('face mesh: a sample photo; a tapped measurement shows what it measures; neutral by tapping', async ({
  page,
  guard,
}) => {
  const fm = await openEmbed(page, guard, 'face-mesh');
  await tapSample(fm, 4);
  await expect(fm.locator('[data-fm="note"]')).toHaveText(/468 points on/, {
    timeout: PIPELINE_TIMEOUT,
  });
  const width = MEASURES.find((m) => m.name === 'Mouth width')!;
  const name = fm.getByRole('button', { name: width.name });
  await expect(fm.getByText(width.how)).toBeHidden();
  await name.tap();
  await expect(name).toHaveAttribute('aria-pressed', 'true');
  // Its explanation is on the screen, not in a tooltip, and is the button's description.
  await expect(fm.getByText(width.how)).toBeVisible();
  await expect(name).toHaveAccessibleDescription(width.how);
  const lines = fm.getByRole('checkbox', { name: 'Mesh lines' });
  await lines.tap();
  await expect(lines).not.toBeChecked();
  await fm.getByRole('button', { name: 'Use this face as neutral' }).tap();
  await expect(fm.locator('[data-fm="verdict"]')).toHaveText('The rules say: neutral.');
  await checkPhoneLayout(page, fm);
});

test('fool the model: a challenge picked by tapping, answered by tapping, the game reset', async ({
  page,
  guard,
}) => {
  const game = await openEmbed(page, guard, 'fool-the-model');
  await expect(game).toHaveAttribute('data-mounted', '');
  await game.locator('summary', { hasText: 'All challenges' }).tap();
  const hide = game.getByRole('button', { name: 'Hide in plain sight' });
  await hide.tap();
  await expect(hide).toHaveAttribute('aria-current', 'step');
  // A picture with no face in it, a smooth colour gradient (the file chooser is the phone's own).
  mkdirSync('test-results', { recursive: true });
  const noFace = 'test-results/touch-no-face.png';
  const [width, height] = [320, 240];
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([x % 256, y % 256, 128], (y * width + x) * 3);
  await sharp(data, { raw: { width, height, channels: 3 } })
    .png()
    .toFile(noFace);
  await game.locator('input[type="file"]').setInputFiles(noFace);
  await expect(game.locator('[data-ftm="ask-text"]')).toHaveText(
    'The face finder lost the face! Was a whole face still in the picture?',
    { timeout: PIPELINE_TIMEOUT },
  );
  await checkPhoneLayout(page, game);
  await game.getByRole('button', { name: 'Yes, I kept the rule' }).tap();
  await expect(game.locator('[data-ftm="score"]')).toHaveText('Score: 1 of 6');
  await game.getByRole('button', { name: 'Reset the game' }).tap();
  await expect(game.locator('[data-ftm="score"]')).toHaveText('Score: 0 of 6');
});
