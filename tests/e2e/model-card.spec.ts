/**
 * The model card page (/model/) against the built site: every figure on it must be the one the
 * training and evaluation scripts wrote into model-card.json and src/data/peers.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseModelCard } from '../../src/lib/ml/model-card.ts';
import { expect, test } from './support/fixtures.ts';

const card = parseModelCard(JSON.parse(readFileSync('public/models/emotion-cnn/model-card.json', 'utf8')));
const peers = existsSync('src/data/peers.json') ? JSON.parse(readFileSync('src/data/peers.json', 'utf8')) : null;
const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

test('shows the measured accuracy and a confusion matrix that adds up to the test split', async ({ page }) => {
  test.skip(!card.metrics, 'the shipped model has not been evaluated yet');
  const metrics = card.metrics!;
  await page.goto('/model/');
  await expect(page.getByText(`${percent(metrics.accuracy)} correct with all seven emotions`)).toBeVisible();
  await expect(page.getByText(`${percent(metrics.accuracy4)} correct on the four emotions`)).toBeVisible();
  const cells = await page.getByRole('region', { name: 'Confusion matrix' }).locator('tbody td').allTextContents();
  expect(cells).toHaveLength(card.labels.length ** 2);
  expect(cells.reduce((sum, cell) => sum + Number(cell), 0)).toBe(metrics.images);
});

test('marks the chosen candidate, the one with the best hold-out score, and says what shipped', async ({ page }) => {
  test.skip(!card.selection?.chosen, 'the card records no model selection');
  const { candidates, chosen } = card.selection!;
  const best = candidates.reduce((a, b) => (b.holdout_accuracy > a.holdout_accuracy ? b : a));
  expect(chosen).toBe(best.run);
  // A final fit ships the chosen run's recipe trained on all of train/, not the run itself.
  const finalFit = (card.training?.selected_run as { run: string; train_size: number } | null | undefined) ?? null;
  const mark = finalFit?.run === chosen ? '(chosen)' : '(shipped)';
  await page.goto('/model/');
  const rows = page.getByRole('region', { name: 'Candidate models' }).locator('tbody tr');
  await expect(rows).toHaveCount(candidates.length);
  await expect(rows.filter({ hasText: mark })).toHaveCount(1);
  await expect(rows.filter({ hasText: mark }).locator('th')).toContainText(chosen!);
  await expect(rows.filter({ hasText: mark })).toContainText(percent(best.holdout_accuracy));
  if (finalFit) {
    const trainSize = (card.training!.train_size as number).toLocaleString('en');
    await expect(page.getByText(`learned the same way from all ${trainSize}`)).toBeVisible();
    await expect(page.getByText('that recipe trained again on all the training pictures')).toBeVisible();
  }
});

test('lists every model the peer comparison measured', async ({ page }) => {
  test.skip(!peers, 'no src/data/peers.json yet (npm run compare-peers)');
  await page.goto('/model/');
  const rows = page.getByRole('region', { name: 'Comparison with other models' }).locator('tbody tr');
  await expect(rows).toHaveCount(peers.models.length);
  for (const model of peers.models) await expect(rows.filter({ hasText: model.name })).toContainText(percent(model.accuracy));
});
