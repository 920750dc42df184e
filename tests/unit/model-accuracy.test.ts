/**
 * Re-evaluates the committed model on FER2013 validation/ and holds it to the
 * accuracy its card claims. Skipped, with a message, where the data is absent.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readModelCard } from '../../src/lib/ml/node-io.ts';
import { evaluateModel } from '../../scripts/evaluate.ts';

const data = process.env.FER2013_DIR ?? '../shared/datasets/fer2013';
const modelDir = 'public/models/emotion-cnn';
const available = existsSync(`${data}/validation`);
if (!available)
  console.warn(
    `FER2013 not found at ${data}/validation: skipping the committed model's accuracy check (set FER2013_DIR).`,
  );

describe.skipIf(!available)('committed emotion model', () => {
  it('scores within 0.5 points of its model card on validation/', async () => {
    const card = await readModelCard(modelDir);
    expect(card.metrics?.split).toBe('validation');
    const report = await evaluateModel(modelDir, data, 'validation');
    expect(report.images).toBe(card.metrics!.images);
    expect(report.accuracy).toBeGreaterThanOrEqual(card.metrics!.accuracy - 0.005);
    expect(report.accuracy4).toBeGreaterThanOrEqual(card.metrics!.accuracy4 - 0.005);
  }, 300_000);
});
