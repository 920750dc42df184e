/**
 * The confusion matrix (lesson 7) in Debian's Chromium against the built site.
 *
 * It reads the matrices the build found in src/data/zoo.json (and src/data/peers.json). When neither
 * exists yet, the widget must say that the figures come once the models are trained — that is tested
 * instead. With data:
 *  - every cell holds the real count (or row percentage), and explains itself in words on focus or click;
 *    the summary gives the accuracy with its 95% interval on the test set's faces;
 *  - keyboard only: Tab into the grid, arrow keys, Home/End, Ctrl+Home/End; the radio buttons switch
 *    counts and percentages; the model list switches models;
 *  - axe (light and dark) with the grid drawn; 360 px without sideways scrolling.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Locator } from '@playwright/test';
import { matrixChoices } from '../../src/widgets/confusion-matrix/choices.ts';
import { accuracyWithInterval, emotionWord, percent } from '../../src/lib/format.ts';
import { cellSentence, rowShares, summarise } from '../../src/widgets/confusion-matrix/matrix.ts';
import { parsePeers, parseZoo } from '../../src/lib/zoo/zoo-data.ts';
import { expect, test } from './support/fixtures.ts';
import { axeInBothThemes, axeViolations, openWidget, tabTo } from './support/page-utils.ts';

const LESSON = '/lessons/comparing-models/';
const readJson = (path: string) =>
  existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
const labels = readJson('src/data/dataset-stats.json')?.labels;
const choices = matrixChoices(
  parseZoo(readJson('src/data/zoo.json'), labels),
  parsePeers(readJson('src/data/peers.json')),
);

const cell = (w: Locator, r: number, c: number) =>
  w.locator(`td[data-row="${r}"][data-col="${c}"]`);

test.describe('without measured models', () => {
  test.skip(choices.length > 0, 'the zoo has confusion matrices: see the tests below');

  test('says the matrices come once the models are trained', async ({ page }) => {
    const w = await openWidget(page, LESSON, 'confusion-matrix', { ready: choices.length > 0 });
    await expect(w.locator('[data-empty]')).toContainText('once the models are trained');
    expect(await axeViolations(page)).toEqual([]);
  });
});

test.describe('with the zoo', () => {
  test.skip(choices.length === 0, 'no zoo.json or peers.json in this build yet');

  test('shows the real counts and explains a clicked cell in words', async ({ page }) => {
    const w = await openWidget(page, LESSON, 'confusion-matrix', { ready: choices.length > 0 });
    const first = choices[0];
    const n = first.labels.length;
    await expect(w.locator('td.cm-cell')).toHaveCount(n * n);
    // Row by row, column by column: the real counts.
    expect(await w.locator('td.cm-cell').allTextContents()).toEqual(
      first.confusion.flat().map((v) => v.toLocaleString('en-GB')),
    );
    // The most common mistake in the first row, as a sentence.
    const row = first.confusion[0];
    const c = row
      .map((v, i) => (i === 0 ? -1 : v))
      .indexOf(Math.max(...row.filter((_, i) => i !== 0)));
    await cell(w, 0, c).click();
    await expect(w.locator('[data-explain]')).toHaveText(
      cellSentence(first.confusion, first.labels, 0, c, emotionWord),
    );
    await expect(w.locator('[data-summary]')).toContainText(first.title);
    await expect(w.locator('[data-summary]')).toContainText(first.measuredOn);
    // The accuracy with its 95% interval, and the number of faces behind the best and hardest emotions.
    const summary = summarise(first.confusion, first.labels);
    await expect(w.locator('[data-summary]')).toContainText(
      `right ${accuracyWithInterval(summary.accuracy, summary.total)} of the time`,
    );
    await expect(w.locator('[data-summary]')).toContainText(
      `of ${summary.worst.faces.toLocaleString('en-GB')} faces`,
    );
    await expect(w).not.toContainText(/validation/i);
  });

  test('keyboard: Tab into the grid, arrows move, every cell reads itself, percentages and models switch', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const w = await openWidget(page, LESSON, 'confusion-matrix', { ready: choices.length > 0 });
    const first = choices[0];
    const n = first.labels.length;
    const select = w.locator('[data-model]');
    await page.locator('#confusion-matrix-title').evaluate((el) => {
      (el as HTMLElement).tabIndex = -1;
      (el as HTMLElement).focus();
    });
    await tabTo(page, select);
    await tabTo(page, w.getByLabel('how many faces'));
    // Radio group: the arrow key moves to "percent of the row" and selects it.
    await page.keyboard.press('ArrowRight');
    await expect(w.getByLabel('percent of the row')).toBeChecked();
    const shares = rowShares(first.confusion);
    await expect(cell(w, 0, 0)).toHaveText(percent(shares[0][0]));

    // Only one cell is in the tab order: Tab lands on [0][0].
    await page.keyboard.press('Tab');
    await expect(cell(w, 0, 0)).toBeFocused();
    const explain = w.locator('[data-explain]');
    await expect(explain).toHaveText(
      cellSentence(first.confusion, first.labels, 0, 0, emotionWord),
    );
    await expect(explain).toContainText('correctly called');

    await page.keyboard.press('ArrowRight');
    await expect(cell(w, 0, 1)).toBeFocused();
    await expect(explain).toHaveText(
      cellSentence(first.confusion, first.labels, 0, 1, emotionWord),
    );
    await page.keyboard.press('ArrowDown');
    await expect(cell(w, 1, 1)).toBeFocused();
    await page.keyboard.press('End');
    await expect(cell(w, 1, n - 1)).toBeFocused();
    await page.keyboard.press('Home');
    await expect(cell(w, 1, 0)).toBeFocused();
    await page.keyboard.press('Control+End');
    await expect(cell(w, n - 1, n - 1)).toBeFocused();
    await expect(explain).toHaveText(
      cellSentence(first.confusion, first.labels, n - 1, n - 1, emotionWord),
    );
    await page.keyboard.press('ArrowDown');
    await expect(cell(w, n - 1, n - 1)).toBeFocused();
    await page.keyboard.press('Control+Home');
    await expect(cell(w, 0, 0)).toBeFocused();
    await expect(w.locator('td.cm-cell[tabindex="0"]')).toHaveCount(1);

    if (choices.length > 1) {
      // Another model: pick it from the list with the keyboard.
      await select.focus();
      await page.keyboard.press('ArrowDown');
      await expect(select).toHaveValue(choices[1].id);
      await expect(w.locator('[data-summary]')).toContainText(choices[1].title);
      await expect(cell(w, 0, 0)).toHaveText(percent(rowShares(choices[1].confusion)[0][0]));
      await w.getByLabel('how many faces').check();
      await expect(cell(w, 0, 1)).toHaveText(choices[1].confusion[0][1].toLocaleString('en-GB'));
    }
  });

  test('axe: lesson 7 with the matrix drawn, in the light and the dark theme', async ({ page }) => {
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: 'light' });
    const w = await openWidget(page, LESSON, 'confusion-matrix', { ready: choices.length > 0 });
    await cell(w, 1, 2).click();
    await w.getByLabel('percent of the row').check();
    expect(await axeInBothThemes(page)).toEqual([]);
  });

  test('360 px wide: the whole grid fits', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 780 });
    const w = await openWidget(page, LESSON, 'confusion-matrix', { ready: choices.length > 0 });
    const widths = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
    ]);
    expect(widths[0]).toBeLessThanOrEqual(widths[1]);
    const table = (await w.locator('table.cm-table').boundingBox())!;
    const box = (await w.boundingBox())!;
    expect(table.x).toBeGreaterThanOrEqual(box.x);
    expect(
      table.x + table.width,
      'no sideways scrolling inside the widget either',
    ).toBeLessThanOrEqual(box.x + box.width + 0.5);
    const select = (await w.locator('[data-model]').boundingBox())!;
    expect(select.x + select.width).toBeLessThanOrEqual(box.x + box.width + 0.5);
    await cell(w, 3, 3)
      .tap()
      .catch(() => cell(w, 3, 3).click());
    await expect(w.locator('[data-explain]')).not.toBeEmpty();
  });
});
