/**
 * The training story (lesson 5) in Debian's Chromium against the built site, from the real data:
 *  - class counts from src/data/dataset-stats.json: bars, the rarest emotion marked, the parts of the
 *    data set switched with the keyboard, every count in the table;
 *  - the average faces (public/data/average-faces), with text alternatives;
 *  - two training runs from their committed histories: the run made to overfit
 *    (src/data/overfitting-demo-history.json) and the shipped recipe's hold-out run
 *    (public/models/emotion-cnn/history.json): for each, two charts whose lines have one point per
 *    epoch and whose lowest held-out loss sits where the history says, the text that names that epoch,
 *    the epoch slider (keyboard), the table of every epoch; the final fit from the model card;
 *  - augmentation at the recipe's strength on a sample photo (keyboard only), an uploaded photo and
 *    the fake webcam;
 *  - axe with every part drawn (light and dark), 360 px without sideways scrolling.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { count, emotionWord, percent } from '../../src/lib/format.ts';
import { rangesAt } from '../../src/widgets/training-story/augment-math.ts';
import {
  analyseHistory,
  classBalance,
  parseDatasetStats,
  parseFinalFit,
  parseTrainingRun,
  type HistoryStory,
  type TrainingRun,
} from '../../src/widgets/training-story/story-data.ts';
import { expect, test, type Guard } from './support/fixtures.ts';
import { axeInBothThemes, tabTo } from './support/page-utils.ts';
import { DIST } from './support/pages.ts';

const LESSON = '/lessons/learning-by-nudging/';
/** MediaPipe's wasm prints this through console.error each time a face detector starts. Harmless. */
const MEDIAPIPE_INFO = /^INFO: Created TensorFlow Lite XNNPACK delegate for CPU\.$/;
const readJson = (path: string) =>
  existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
const stats = parseDatasetStats(readJson('src/data/dataset-stats.json'));
const card = readJson('public/models/emotion-cnn/model-card.json');
const finalFit = parseFinalFit(card.training);
/** The runs the history part charts, in page order, from the files the build reads. */
const runs = (
  [
    ['overfitting-demo', 'src/data/overfitting-demo-history.json'],
    ['recipe', 'public/models/emotion-cnn/history.json'],
  ] as const
).map(([key, file]) => {
  const run = parseTrainingRun(readJson(file)) as TrainingRun;
  return { key, run, story: analyseHistory(run.history, run.bestEpoch) as HistoryStory };
});
const n = (x: number) => x.toLocaleString('en-GB');
const part = (page: Page, name: string) => page.locator(`training-story[data-part="${name}"]`);

/** Puts the keyboard focus just before a widget frame, as if the reader had tabbed there. */
async function focusBefore(page: Page, frameTitleId: string): Promise<void> {
  await page.locator(`#${frameTitleId}`).evaluate((el) => {
    (el as HTMLElement).tabIndex = -1;
    (el as HTMLElement).focus();
  });
}

test.describe('class counts and average faces', () => {
  const train = classBalance('train', stats.splits.train ?? {}, stats.labels);
  test.skip(!train, 'no class counts in src/data/dataset-stats.json');

  test('bars and table hold the real counts; the rarest emotion is marked; keyboard switches the split', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto(`${LESSON}#class-counts`);
    const w = part(page, 'classes');
    await expect(w).toHaveAttribute('data-ready', 'true');
    const rows = w.locator('.bc-row');
    await expect(rows).toHaveCount(train!.rows.length);
    const texts = await rows.allTextContents();
    train!.rows.forEach((r, i) => expect(texts[i]).toContain(n(r.count)));
    await expect(w.locator('.bc-low')).toContainText(
      new RegExp(emotionWord(train!.smallest.label), 'i'),
    );
    await expect(w.locator('.bc-low')).toContainText(`${train!.ratio.toFixed(1)} × fewer`);
    await expect(w.locator('.ts-lead')).toContainText(`${train!.ratio.toFixed(1)} times fewer`);

    // Keyboard: into the radio group, then the arrow keys pick another part of the data set.
    const splits = Object.keys(stats.splits);
    if (splits.length > 1) {
      await focusBefore(page, 'class-counts-title');
      const radios = w.locator('input[data-split]');
      await tabTo(page, radios.first());
      await page.keyboard.press('ArrowRight');
      const second = await radios.nth(1).getAttribute('value');
      await expect(radios.nth(1)).toBeChecked();
      const b = classBalance(second!, stats.splits[second!], stats.labels)!;
      await expect(rows.first()).toContainText(n(b.largest.count));
      await expect(w.locator('.bc-low')).toContainText(n(b.smallest.count));
    }

    // The text alternative: every count of every split.
    await w.getByText('Show the numbers as a table').click();
    const table = (await w.locator('table').textContent()) ?? '';
    for (const split of splits)
      for (const label of stats.labels) expect(table).toContain(n(stats.splits[split][label]));
  });

  test('the average faces load, each with a text alternative', async ({ page }) => {
    await page.goto(`${LESSON}#average-faces`);
    const imgs = part(page, 'faces').locator('img');
    await expect(imgs).toHaveCount(Object.keys(stats.averageFaces).length);
    for (const [i, label] of stats.labels.filter((l) => stats.averageFaces[l]).entries()) {
      const img = imgs.nth(i);
      await img.scrollIntoViewIfNeeded();
      await expect(img).toHaveAttribute(
        'alt',
        new RegExp(`average of ${n(stats.splits.train[label])} ${emotionWord(label)}`),
      );
      await expect
        .poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth))
        .toBeGreaterThan(0);
      expect(existsSync(join(DIST, stats.averageFaces[label]))).toBe(true);
    }
  });
});

/** The points of an SVG path drawn by d3.line (straight segments): [x, y] per vertex. */
function pathPoints(d: string): [number, number][] {
  return [...d.matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
}

test.describe('training history', () => {
  for (const { key, run, story: s } of runs) {
    test(`${key}: charted from its committed history; the slider reads any epoch with the keyboard; the table has every epoch`, async ({
      page,
    }) => {
      test.setTimeout(120_000);
      await page.goto(`${LESSON}#training-history`);
      const w = part(page, 'history');
      await expect(w).toHaveAttribute('data-ready', 'true');
      const section = w.locator(`[data-run="${key}"]`);
      const svgs = section.locator('svg[role="img"]');
      await expect(svgs).toHaveCount(2);
      await expect(svgs.first()).toHaveAttribute(
        'aria-label',
        new RegExp(`lowest at epoch ${s.lowestHoldoutLossEpoch} \\(`),
      );

      // One point per epoch, and the lowest held-out loss drawn (lowest on screen = largest y) where the history has it.
      const holdoutLoss = section.locator('[data-chart="loss"] path.ts-holdout');
      const points = pathPoints((await holdoutLoss.getAttribute('d'))!);
      expect(points).toHaveLength(s.history.length);
      const lowestIndex = s.history.findIndex((e) => e.epoch === s.lowestHoldoutLossEpoch);
      expect(Math.max(...points.map((p) => p[1]))).toBeCloseTo(points[lowestIndex][1], 3);
      const marker = Number(
        await section.locator('[data-chart="loss"] line.ts-best').getAttribute('x1'),
      );
      expect(marker).toBeCloseTo(points[lowestIndex][0], 3);
      expect(
        pathPoints(
          (await section.locator('[data-chart="accuracy"] path.ts-train').getAttribute('d'))!,
        ),
      ).toHaveLength(s.history.length);
      await expect(section.locator('path.ts-band')).toHaveCount(1);

      // The text says what the chart shows.
      const finding = section.locator('[data-finding]');
      await expect(finding).toContainText(`lowest at epoch ${s.lowestHoldoutLossEpoch}`);
      const last = s.history[s.history.length - 1];
      if (s.clearOverfitting) {
        await expect(section.locator('rect.ts-overfit')).toHaveCount(2);
        await expect(finding).toContainText(
          `climbed, with wobbles, to ${last.holdout_loss.toFixed(2)} at the end`,
        );
        await expect(finding).toContainText('overfitting');
      } else {
        await expect(section.locator('rect.ts-overfit')).toHaveCount(0);
        await expect(finding).toContainText('shows no overfitting');
      }
      await expect(section).toContainText(`${count(run.trainSize)} pictures to learn from`);

      const slider = section.locator('input[data-epoch]');
      const readout = section.locator('[data-readout]');
      await expect(readout).toContainText(
        `Epoch ${s.lowestHoldoutLossEpoch} (lowest held-out loss)`,
      );
      await focusBefore(page, 'training-history-title');
      await tabTo(page, slider);
      await page.keyboard.press('Home');
      const first = s.history[0];
      await expect(readout).toContainText(
        `Epoch ${first.epoch}: training loss ${first.train_loss.toFixed(2)}, held-out loss ${first.holdout_loss.toFixed(2)}`,
      );
      await page.keyboard.press('ArrowRight');
      await expect(readout).toContainText(`Epoch ${s.history[1].epoch}`);
      await page.keyboard.press('End');
      await expect(readout).toContainText(
        `held-out accuracy ${percent(last.holdout_accuracy)} (95% interval`,
      );

      // Pointing at the chart moves the cursor too.
      await svgs.first().scrollIntoViewIfNeeded();
      const box = (await svgs.first().boundingBox())!;
      await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
      await expect(slider).not.toHaveValue(String(last.epoch));

      await section.getByText('Show the numbers as a table').click();
      const rows = section.locator('tbody tr');
      await expect(rows).toHaveCount(s.history.length);
      const texts = await rows.allTextContents();
      s.history.forEach((e, i) => {
        expect(texts[i]).toContain(e.holdout_loss.toFixed(2));
        expect(texts[i]).toContain(percent(e.holdout_accuracy, 1));
      });
      expect(texts[lowestIndex]).toContain('(lowest held-out loss)');
    });
  }

  test('the runs share their scales, and the final fit is told from the model card', async ({
    page,
  }) => {
    test.skip(!finalFit, 'the shipped model is not a final fit');
    await page.goto(`${LESSON}#training-history`);
    const w = part(page, 'history');
    await expect(w).toHaveAttribute('data-ready', 'true');
    const ticks = await w.locator('[data-chart="loss"] .ts-axis').nth(1).allTextContents();
    const recipeTicks = await w
      .locator('[data-run="recipe"] [data-chart="loss"] .ts-axis')
      .nth(1)
      .allTextContents();
    expect(recipeTicks).toEqual(ticks);
    const fit = w.locator('[data-final-fit]');
    await expect(fit).toContainText(`all ${count(finalFit!.trainSize)} training pictures`);
    await expect(fit).toContainText(`epoch ${finalFit!.keptEpoch}`);
  });
});

async function variantsShown(w: Locator): Promise<void> {
  await expect(w).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const canvases = w.locator('[data-variants] canvas');
  await expect(canvases).toHaveCount(11);
  await expect(canvases.first()).toHaveAttribute('aria-label', /original/i);
  await expect(w.locator('[data-variants]')).toContainText('Mirrored');
  // At the shipped recipe's strength (the model card), as training/augment.py scales it.
  const turn = rangesAt(finalFit?.settings.augmentStrength ?? 1).angle;
  await expect(w.locator('[data-variants]')).toContainText(`Turned ${Math.round(turn * 10) / 10}°`);
  await expect(w.locator('.ts-lead')).toContainText(
    `turned by up to ${Math.round(turn * 10) / 10}°`,
  );
  await expect(w.locator('[data-status]')).toContainText('48 × 48 grey face');
  // The pictures are drawn: not a blank canvas.
  const distinct = await canvases.first().evaluate((c) => {
    const d = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 48, 48).data;
    return new Set(Array.from(d.filter((_, i) => i % 4 === 0))).size;
  });
  expect(distinct).toBeGreaterThan(20);
}

test.describe('augmentation', () => {
  test.beforeEach(({ guard }: { guard: Guard }) => guard.allowConsoleError(MEDIAPIPE_INFO));

  test('keyboard only: a sample photo, then new random mixes', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`${LESSON}#augmentation`);
    const w = part(page, 'augment');
    await focusBefore(page, 'augmentation-title');
    const picker = w.locator('face-source');
    if ((await picker.count()) > 0) {
      await tabTo(page, w.getByRole('button', { name: 'Use a sample photo' }));
      await page.keyboard.press('Enter');
      const sample = w.locator('[data-sample-url]').first();
      await tabTo(page, sample);
      await page.keyboard.press('Enter');
    } else {
      await tabTo(page, w.getByRole('button', { name: 'Show the changes on a sample photo' }));
      await page.keyboard.press('Enter');
    }
    await variantsShown(w);
    const before = await w.locator('[data-variants] li').nth(8).textContent();
    const again = w.getByRole('button', { name: 'New random mixes' });
    await tabTo(page, again);
    await page.keyboard.press('Enter');
    await expect.poll(() => w.locator('[data-variants] li').nth(8).textContent()).not.toBe(before);
  });

  test('an uploaded photo', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`${LESSON}#augmentation`);
    const w = part(page, 'augment');
    const photo = join(
      DIST,
      'vendor/samples',
      readJson(join(DIST, 'vendor/samples/samples.json')).samples[0].file,
    );
    if ((await w.locator('face-source').count()) === 0)
      await w.getByRole('button', { name: 'Show the changes on a sample photo' }).click();
    await w.locator('input[type="file"]').setInputFiles(photo);
    await variantsShown(w);
  });

  test('the fake webcam', async ({ webcamPage, guard }) => {
    test.setTimeout(120_000);
    guard.allowConsoleError(MEDIAPIPE_INFO);
    await webcamPage.goto(`${LESSON}#augmentation`);
    const w = part(webcamPage, 'augment');
    test.skip(
      (await w.locator('face-source').count()) === 0,
      'the camera comes with the shared picture picker',
    );
    await w.getByRole('button', { name: 'Start camera' }).click();
    await variantsShown(w);
    await w.getByRole('button', { name: /Stop camera/ }).click();
  });
});

test('axe: lesson 5 with every part drawn, in the light and the dark theme', async ({
  page,
  guard,
}) => {
  test.setTimeout(240_000);
  guard.allowConsoleError(MEDIAPIPE_INFO);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(LESSON);
  for (const name of ['classes', 'faces', 'history', 'augment'])
    await part(page, name).scrollIntoViewIfNeeded();
  await expect(part(page, 'classes')).toHaveAttribute('data-ready', 'true');
  await expect(part(page, 'history')).toHaveAttribute('data-ready', 'true');
  const w = part(page, 'augment');
  if ((await w.locator('face-source').count()) > 0) {
    await w.getByRole('button', { name: 'Use a sample photo' }).click();
    await w.locator('[data-sample-url]').first().click();
  } else await w.getByRole('button', { name: 'Show the changes on a sample photo' }).click();
  await expect(w).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  for (const summary of await page.locator('training-story details summary').all())
    await summary.click();
  expect(await axeInBothThemes(page)).toEqual([]);
});

test('360 px wide: every part fits without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto(LESSON);
  for (const name of ['classes', 'faces', 'history', 'augment']) {
    const w = part(page, name);
    await w.scrollIntoViewIfNeeded();
    if (name === 'classes' || name === 'history')
      await expect(w).toHaveAttribute('data-ready', 'true');
    const box = (await w.boundingBox())!;
    expect(box.x, name).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, name).toBeLessThanOrEqual(360);
  }
  const widths = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(widths[0]).toBeLessThanOrEqual(widths[1]);
});
