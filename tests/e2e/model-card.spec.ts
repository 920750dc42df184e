/**
 * The model card page (/model/) against the built site: every figure on it must be the one the
 * training and evaluation scripts wrote into model-card.json and src/data/peers.json, every accuracy
 * carries its 95% interval, and the test set is named as readers know it (never "validation").
 */
import { existsSync, readFileSync } from 'node:fs';
import { accuracyWithInterval, intervalText, testSetName } from '../../src/lib/format.ts';
import { parseModelCard, trainedRun } from '../../src/lib/ml/model-card.ts';
import { gapCouldBeChance } from '../../src/lib/stats.ts';
import { expect, test } from './support/fixtures.ts';

const card = parseModelCard(
  JSON.parse(readFileSync('public/models/emotion-cnn/model-card.json', 'utf8')),
);
const peers = existsSync('src/data/peers.json')
  ? JSON.parse(readFileSync('src/data/peers.json', 'utf8'))
  : null;
const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

test('shows the measured accuracy and a confusion matrix that adds up to the test split', async ({
  page,
}) => {
  test.skip(!card.metrics, 'the shipped model has not been evaluated yet');
  const metrics = card.metrics!;
  await page.goto('/model/');
  await expect(
    page.getByText(`${percent(metrics.accuracy)} correct with all seven emotions`),
  ).toBeVisible();
  await expect(
    page.getByText(`${percent(metrics.accuracy4)} correct on the four emotions`),
  ).toBeVisible();
  const main = page.locator('main');
  await expect(main).toContainText(testSetName(metrics.images));
  await expect(main).toContainText(
    `95% interval ${intervalText(metrics.accuracy, metrics.images)}`,
  );
  await expect(main).not.toContainText(/validation/i);
  // Chance levels come from the number of classes and the commonest class's share of the test set.
  const commonest = Math.max(...card.labels.map((l) => metrics.per_class[l].support));
  await expect(main).toContainText(
    `Guessing at random would get about ${Math.round(100 / card.labels.length)}%`,
  );
  await expect(main).toContainText(`would get ${Math.round((100 * commonest) / metrics.images)}%`);
  await expect(main).toContainText('about 60–70%');
  await expect(main).toContainText(
    `It gets ${Math.round(100 * (1 - metrics.accuracy))}% of the test faces wrong`,
  );
  const cells = await page
    .getByRole('region', { name: 'Confusion matrix' })
    .locator('tbody td')
    .allTextContents();
  expect(cells).toHaveLength(card.labels.length ** 2);
  expect(cells.reduce((sum, cell) => sum + Number(cell), 0)).toBe(metrics.images);
});

test('per emotion: recall and precision with their intervals, on the faces each is measured on', async ({
  page,
}) => {
  test.skip(!card.metrics, 'the shipped model has not been evaluated yet');
  const metrics = card.metrics!;
  await page.goto('/model/');
  const table = page.getByRole('region', { name: 'Per-emotion figures' });
  for (const term of ['recall', 'precision', 'f1'])
    await expect(table.locator(`a[data-term="${term}"]`)).toHaveCount(1);
  for (const [p, label] of card.labels.entries()) {
    const { recall, precision, support } = metrics.per_class[label];
    const answers = metrics.confusion.reduce((sum, row) => sum + row[p], 0);
    const row = table.locator('tbody tr').nth(p);
    await expect(row.locator('th')).toHaveText(label);
    await expect(row.locator('td').nth(1)).toHaveText(
      new RegExp(`^${percent(recall)}\\s*${intervalText(recall, support)}$`),
    );
    await expect(row.locator('td').nth(2)).toHaveText(answers.toLocaleString('en-GB'));
    await expect(row.locator('td').nth(3)).toHaveText(
      new RegExp(`^${percent(precision)}\\s*${intervalText(precision, answers)}$`),
    );
  }
});

test('the same test faces through the face finder: how many it found and the accuracy on them, beside the direct figure', async ({
  page,
}) => {
  test.skip(!card.metrics, 'the shipped model has not been evaluated yet');
  // Written by `npm run evaluate:through-detector -- --write`; it must be re-run when the model changes.
  const measured = JSON.parse(readFileSync('src/data/through-detector.json', 'utf8'));
  expect(
    measured.images,
    'through-detector.json measured another test set: re-run the script',
  ).toBe(card.metrics!.images);
  expect(
    measured.direct.accuracy,
    'through-detector.json measured another model: re-run the script',
  ).toBeCloseTo(card.metrics!.accuracy, 9);
  await page.goto('/model/#through-the-face-finder');
  const section = page.locator('main');
  const found = measured.found / measured.images;
  await expect(section).toContainText(
    `found ${measured.found.toLocaleString('en-GB')} of the ${measured.images.toLocaleString('en-GB')} faces (${percent(found)}, 95% interval ${intervalText(found, measured.images)})`,
  );
  const { accuracy, images } = measured.throughDetector;
  await expect(section).toContainText(
    `right ${percent(accuracy)} of the time (95% interval ${intervalText(accuracy, images)})`,
  );
  await expect(section).toContainText(
    `against ${percent(measured.direct.accuracyOnFound)} on the same faces read from FER2013's own cut (95% interval ${intervalText(measured.direct.accuracyOnFound, images)})`,
  );
});

test('/about/ states our accuracy with its interval and test set', async ({ page }) => {
  test.skip(!card.metrics, 'the shipped model has not been evaluated yet');
  await page.goto('/about/');
  await expect(page.locator('main')).toContainText(
    `On the ${testSetName(card.metrics!.images)}, it gets ${accuracyWithInterval(card.metrics!.accuracy, card.metrics!.images)}`,
  );
});

test('marks the chosen candidate, the one with the best hold-out score, and says what shipped', async ({
  page,
}) => {
  test.skip(!card.selection?.chosen, 'the card records no model selection');
  const { candidates, chosen } = card.selection!;
  const best = candidates.reduce((a, b) => (b.holdout_accuracy > a.holdout_accuracy ? b : a));
  const winner = candidates.find((c) => c.run === chosen)!;
  // training/selection.py: the best score wins, unless a recipe that also learned the live demo's
  // cut is within chance of it.
  if (winner !== best) {
    expect(winner.holdout_accuracy_detector_cut).toBeDefined();
    const n = trainedRun(card)!.selected_run!.holdout_size;
    expect(gapCouldBeChance(best.holdout_accuracy, n, winner.holdout_accuracy, n)).toBe(true);
  }
  // A final fit ships the chosen run's recipe trained on all of train/, not the run itself.
  const finalFit = trainedRun(card)?.selected_run ?? null;
  const mark = finalFit?.run === chosen ? '(chosen)' : '(shipped)';
  await page.goto('/model/');
  const rows = page.getByRole('region', { name: 'Candidate models' }).locator('tbody tr');
  await expect(rows).toHaveCount(candidates.length);
  await expect(rows.filter({ hasText: mark })).toHaveCount(1);
  await expect(rows.filter({ hasText: mark }).locator('th')).toContainText(chosen!);
  await expect(rows.filter({ hasText: mark })).toContainText(percent(winner.holdout_accuracy));
  if (winner !== best)
    await expect(page.getByText('a gap small enough to be chance. We kept')).toBeVisible();
  if (finalFit) {
    const trainSize = trainedRun(card)!.train_size.toLocaleString('en');
    await expect(page.getByText(`learned the same way from all ${trainSize}`)).toBeVisible();
    await expect(
      page.getByText('that recipe trained again on all the training pictures'),
    ).toBeVisible();
  }
});

test('lists every model the peer comparison measured', async ({ page }) => {
  test.skip(!peers, 'no src/data/peers.json yet (npm run compare-peers)');
  await page.goto('/model/');
  const rows = page
    .getByRole('region', { name: 'Comparison with other models' })
    .locator('tbody tr');
  await expect(rows).toHaveCount(peers.models.length);
  for (const model of peers.models) {
    const row = rows.filter({ hasText: model.name });
    await expect(row.locator('td').first()).toHaveText(
      new RegExp(`^${percent(model.accuracy)}\\s*${intervalText(model.accuracy, peers.images)}$`),
    );
  }
});
