/**
 * The model comparison (lesson 7) in Debian's Chromium against the built site, from the real data
 * (src/data/zoo.json, src/data/peers.json when they exist, src/data/reported-figures.json):
 *  - the table (the text alternative) holds every model's figures; the reported capstone figure is
 *    labelled "reported, 128-image test set" and drawn hatched, beside ours, never as a measurement;
 *  - every accuracy bar draws its 95% interval (Wilson, on its face count) and writes it beside the value;
 *    the 128-image figure's interval is visibly wider than ours;
 *  - keyboard only: the "Compare by" radio buttons switch the chart; the speed button times every
 *    model with a file on this device, and no model is downloaded before it is pressed;
 *  - before the zoo exists: a sentence says so, and our shipped model can still be timed;
 *  - axe (light and dark) with the chart drawn and the speeds measured; 360 px without sideways scrolling.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import {
  accuracyCell,
  accuracyInterval,
  accuracyIntervalText,
  comparisonRows,
  rowsWith,
  speedTargets,
} from '../../src/widgets/model-comparison/comparison.ts';
import { parsePeers, parseReported, parseZoo, trainingCosts } from '../../src/lib/zoo/zoo-data.ts';
import { bytes, count, percent } from '../../src/lib/format.ts';
import { expect, test } from './support/fixtures.ts';
import { axeViolations, openWidget, tabTo } from './support/page-utils.ts';

const LESSON = '/lessons/comparing-models/';
const readJson = (path: string) =>
  existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
const labels = readJson('src/data/dataset-stats.json')?.labels;
const zoo = parseZoo(readJson('src/data/zoo.json'), labels);
const reported = parseReported(readJson('src/data/reported-figures.json'));
const cards = [
  'public/models/emotion-cnn',
  ...(existsSync('public/models/zoo')
    ? readdirSync('public/models/zoo').map((d) => `public/models/zoo/${d}`)
    : []),
]
  .map((dir) => readJson(`${dir}/model-card.json`))
  .filter(Boolean);
const rows = comparisonRows(
  zoo,
  parsePeers(readJson('src/data/peers.json')),
  reported,
  trainingCosts(cards),
);
const targets = speedTargets(zoo);
const measured = rowsWith(rows, 'accuracy').filter((r) => r.kind !== 'reported');

async function measure(page: Page, w: Locator): Promise<void> {
  const button = w.getByRole('button', { name: 'Measure speed on this device' });
  await page.locator('#model-comparison-title').evaluate((el) => {
    (el as HTMLElement).tabIndex = -1;
    (el as HTMLElement).focus();
  });
  await tabTo(page, button);
  await page.keyboard.press('Enter');
  await expect(w).toHaveAttribute('data-measured', /\d+/, { timeout: 150_000 });
}

test('the table has every figure, and the reported figure is labelled as reported', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const w = await openWidget(page, LESSON, 'model-comparison');
  await w.getByText('Show all the numbers as a table').click();
  const tableRows = w.locator('tbody tr');
  await expect(tableRows).toHaveCount(rows.length);
  for (const r of rows) {
    const tr = w.locator(`tr[data-row="${r.id}"]`);
    await expect(tr.locator('th')).toContainText(r.title);
    if (r.accuracy !== undefined) await expect(tr).toContainText(accuracyCell(r, 'accuracy')!);
    if (r.accuracy4 !== undefined) await expect(tr).toContainText(accuracyCell(r, 'accuracy4')!);
    if (r.weightBytes !== undefined) await expect(tr).toContainText(bytes(r.weightBytes));
    if (r.parameters !== undefined) await expect(tr).toContainText(count(r.parameters));
  }
  for (const f of reported) {
    const tr = w.locator(`tr[data-row="reported-${f.id}"]`);
    await expect(tr).toContainText(f.label);
    await expect(tr).toContainText(percent(f.value, 1));
    await expect(w.locator('.mc-notes')).toContainText('not measured by us');
  }
  if (measured.length === 0)
    await expect(w.locator('[data-empty-zoo]')).toContainText('once the models are trained');
  await expect(w).not.toContainText(/validation/i);
});

test('every accuracy bar draws its 95% interval, and the 128-image figure’s is visibly wider than ours', async ({
  page,
}) => {
  const w = await openWidget(page, LESSON, 'model-comparison');
  for (const metric of ['accuracy', 'accuracy4'] as const) {
    const shown = rowsWith(rows, metric);
    test.skip(shown.length === 0, 'no accuracy figures yet');
    await w
      .getByLabel(metric === 'accuracy' ? 'Accuracy, 7 emotions' : 'Accuracy, 4 emotions')
      .check();
    await expect(w.locator('.bc-row')).toHaveCount(shown.length);
    await expect(w.locator('.bc-interval:not([hidden])')).toHaveCount(shown.length);
    await expect(w.locator('[data-axis]')).toContainText('95% interval');
    for (const r of shown) {
      const bar = w.locator(`.bc-row[data-id="${r.id}"]`);
      const range = accuracyInterval(r, metric)!;
      // Drawn where Wilson puts it on the 0–100% track, and written beside the value for every reader.
      const [track, whisker] = await Promise.all([
        bar.locator('.bc-track').boundingBox(),
        bar.locator('.bc-interval').boundingBox(),
      ]);
      expect(
        Math.abs(whisker!.x - (track!.x + range.low * track!.width)),
        `${r.id} low end`,
      ).toBeLessThan(1.5);
      expect(
        Math.abs(whisker!.x + whisker!.width - (track!.x + range.high * track!.width)),
        `${r.id} high end`,
      ).toBeLessThan(1.5);
      await expect(bar.locator('.bc-range')).toHaveText(
        `, 95% interval ${accuracyIntervalText(r, metric)}`,
      );
    }
  }
  // The seed deck's 87% on 128 pictures beside ours on thousands: its error bar is several times as wide.
  const deck = rows.find((r) => r.kind === 'reported' && r.accuracy4 !== undefined);
  if (deck) {
    const widthOf = async (id: string) =>
      (await w.locator(`.bc-row[data-id="${id}"] .bc-interval`).boundingBox())!.width;
    const [theirs, ours] = [await widthOf(deck.id), await widthOf(rows.find((r) => r.shipped)!.id)];
    expect(theirs).toBeGreaterThan(3 * ours);
    await expect(w.locator('.mc-notes')).toContainText(
      `On only ${deck.images4} pictures, its 95% interval is`,
    );
  }
});

test('keyboard: the radio buttons switch the chart; the reported bar is hatched and labelled', async ({
  page,
}) => {
  const w = await openWidget(page, LESSON, 'model-comparison');
  const radios = w.locator('input[data-metric]');
  const checked = await radios.evaluateAll((els) =>
    els.findIndex((e) => (e as HTMLInputElement).checked),
  );
  await page.locator('#model-comparison-title').evaluate((el) => {
    (el as HTMLElement).tabIndex = -1;
    (el as HTMLElement).focus();
  });
  await tabTo(page, radios.nth(checked));
  // To "Accuracy, 4 emotions" with the arrow keys.
  const target = await radios.evaluateAll((els) =>
    els.findIndex((e) => (e as HTMLInputElement).value === 'accuracy4'),
  );
  for (let i = checked; i < target; i++) await page.keyboard.press('ArrowRight');
  for (let i = checked; i > target; i--) await page.keyboard.press('ArrowLeft');
  await expect(w.getByLabel('Accuracy, 4 emotions')).toBeChecked();
  await expect(w.locator('[data-axis]')).toContainText('Accuracy on 4 emotions');
  const bars = w.locator('.bc-row');
  await expect(bars).toHaveCount(rowsWith(rows, 'accuracy4').length);
  for (const f of reported.filter((x) => x.metric === 'accuracy4')) {
    const bar = w.locator(`.bc-row[data-id="reported-${f.id}"]`);
    await expect(bar).toHaveClass(/bc-reported/);
    await expect(bar).toContainText(f.label);
    await expect(bar).toContainText(percent(f.value, 1));
  }
  // 7 emotions: the reported figure (4 emotions) is not there.
  await page.keyboard.press('ArrowLeft');
  await expect(w.getByLabel('Accuracy, 7 emotions')).toBeChecked();
  if (measured.length) {
    await expect(bars).toHaveCount(measured.length);
    await expect(w.locator('.bc-reported')).toHaveCount(0);
    for (const r of measured)
      await expect(w.locator(`.bc-row[data-id="${r.id}"]`)).toContainText(percent(r.accuracy!, 1));
  } else {
    await expect(w.locator('.mc-none')).toContainText('once the models are trained');
  }
  // Sizes and training times.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(w.getByLabel('Download size')).toBeChecked();
  await expect(bars).toHaveCount(rowsWith(rows, 'weightBytes').length || 0);
});

test('speed on this device: nothing downloads until the button; then every model with a file is timed', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  const w = await openWidget(page, LESSON, 'model-comparison');
  await page.waitForLoadState('networkidle');
  expect(
    fetched.filter((p) => p.startsWith('/models/')),
    'no model before the button',
  ).toEqual([]);
  await measure(page, w);
  for (const t of targets) expect(fetched).toContain(t.modelUrl);
  await expect(w.getByLabel('Speed on your device')).toBeChecked();
  await w.getByText('Show all the numbers as a table').click();
  for (const t of targets) {
    const cell = w.locator(`[data-speed-cell="${t.id}"]`);
    await expect(cell).not.toHaveText('not measured yet');
    await expect(cell).toHaveText(/ms per face|not timed/);
  }
  const shipped = targets.find((t) => t.id === 'emotion-cnn') ?? targets[0];
  await expect(w.locator(`[data-speed-cell="${shipped.id}"]`)).toHaveText(
    /^\d+(\.\d+)? ms per face$/,
  );
  await expect(w.locator(`.bc-row[data-id="${shipped.id}"]`)).toContainText(' ms');
  await expect(w.locator('[data-status]')).toContainText(/^Done: \d+ of \d+/);
  await expect(w.getByRole('button', { name: 'Measure again' })).toBeEnabled();
});

test('axe: lesson 7 with the comparison drawn and measured, in the light and the dark theme', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.emulateMedia({ colorScheme: 'light' });
  const w = await openWidget(page, LESSON, 'model-comparison');
  await measure(page, w);
  await w.getByText('Show all the numbers as a table').click();
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await w.getByLabel('Accuracy, 7 emotions').check();
    const coloursOnly = theme === 'dark';
    expect(await axeViolations(page, { coloursOnly }), theme).toEqual([]);
    await w.getByLabel('Accuracy, 4 emotions').check();
    expect(await axeViolations(page, { coloursOnly }), `${theme}, 4 emotions`).toEqual([]);
  }
});

test('360 px wide: the comparison fits without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  const w = await openWidget(page, LESSON, 'model-comparison');
  await w.getByLabel('Accuracy, 4 emotions').check();
  const widths = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(widths[0]).toBeLessThanOrEqual(widths[1]);
  const box = (await w.boundingBox())!;
  for (const bar of await w.locator('.bc-row').all()) {
    const b = (await bar.boundingBox())!;
    expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width + 0.5);
  }
});
