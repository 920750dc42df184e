/**
 * Evaluates a TF.js emotion model on an image-folder split and prints JSON.
 *
 *   npm run evaluate -- --data ../shared/datasets/fer2013 [--split validation] [--model public/models/emotion-cnn] [--write-card]
 *
 * --write-card stores the figures (with the split, its size and today's date) in the model's card.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EmotionClassifier } from '../src/lib/ml/classifier.ts';
import { argmax } from '../src/lib/stats.ts';
import {
  accuracy,
  confusionMatrix,
  perClassMetrics,
  subsetAccuracy,
} from '../src/lib/ml/metrics.ts';
import { FOUR_CLASS_SUBSET, type EvaluationMetrics } from '../src/lib/ml/model-card.ts';
import { fileHandler, readModelCard } from '../src/lib/ml/node-io.ts';
import { DatasetError, listSplit, loadInputs } from './lib/image-folder.ts';
import { useWasmBackend } from './lib/tf-node.ts';

export interface EvaluationReport extends EvaluationMetrics {
  model: string;
  parameters: number;
  weightBytes: number;
  skipped: { path: string; reason: string }[];
}

export async function evaluateModel(
  modelDir: string,
  data: string,
  split: string,
  batch = 64,
): Promise<EvaluationReport> {
  const card = await readModelCard(modelDir);
  const listing = await listSplit(data, split, card.labels);
  const { inputs, labels } = await loadInputs(listing.files, card.input, listing.skipped);
  await useWasmBackend();
  const classifier = await EmotionClassifier.load(fileHandler(join(modelDir, 'model.json')), card);
  const scores: number[][] = [];
  for (let i = 0; i < inputs.length; i += batch)
    scores.push(...classifier.predict(inputs.slice(i, i + batch)));
  const confusion = confusionMatrix(labels, scores.map(argmax), card.labels.length);
  const subset = FOUR_CLASS_SUBSET.map((label) => card.labels.indexOf(label));
  const manifest = JSON.parse(await readFile(join(modelDir, 'model.json'), 'utf8'));
  let weightBytes = 0;
  for (const group of manifest.weightsManifest)
    for (const path of group.paths) weightBytes += (await stat(join(modelDir, path))).size;
  const report: EvaluationReport = {
    model: card.name,
    split,
    images: labels.length,
    accuracy: accuracy(confusion),
    accuracy4: subsetAccuracy(labels, scores, subset),
    per_class: perClassMetrics(confusion, card.labels),
    confusion,
    parameters: classifier.model.countParams(),
    weightBytes,
    skipped: listing.skipped,
  };
  classifier.dispose();
  return report;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      split: { type: 'string', default: 'validation' },
      model: { type: 'string', default: 'public/models/emotion-cnn' },
      'write-card': { type: 'boolean', default: false },
    },
  });
  if (!values.data) {
    console.error(
      'usage: npm run evaluate -- --data <folder with validation/<class>/*.jpg> [--split validation] [--model dir] [--write-card]',
    );
    return 2;
  }
  try {
    const report = await evaluateModel(values.model, values.data, values.split);
    console.log(JSON.stringify(report, null, 1));
    if (report.skipped.length)
      console.error(`${report.skipped.length} file(s) skipped (listed under "skipped")`);
    if (values['write-card']) {
      const cardPath = join(values.model, 'model-card.json');
      const card = JSON.parse(await readFile(cardPath, 'utf8'));
      const { model: _name, parameters: _p, weightBytes: _w, skipped: _s, ...metrics } = report;
      card.metrics = { ...metrics, date: new Date().toISOString().slice(0, 10) };
      await writeFile(cardPath, JSON.stringify(card, null, 1) + '\n');
    }
    return 0;
  } catch (error) {
    if (error instanceof DatasetError) {
      console.error(`error: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.main) process.exitCode = await main();
