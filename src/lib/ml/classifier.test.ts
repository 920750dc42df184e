/**
 * Trains one epoch of a model in PyTorch on a tiny generated dataset, exports it
 * to TF.js and checks both frameworks give the same probabilities. This is what
 * catches channel-order, padding and flatten bugs in the export.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmotionClassifier } from './classifier.ts';
import { fileHandler, readModelCard, readModelJson } from './node-io.ts';
import { parseModelJson } from './model-json.ts';

const python = '/usr/bin/python3';
const root = mkdtempSync(join(tmpdir(), 'parity-'));

beforeAll(async () => {
  await tf.setBackend('cpu');
  execFileSync(python, [
    '-m',
    'training.tests.tiny_dataset',
    join(root, 'data'),
    '--per-class',
    '6',
  ]);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.each([
  ['emotion-cnn', 'uint8'],
  ['fast-s', 'uint8'],
  ['emotion-cnn-v1', 'float16'],
  ['simple-cnn-rgb', 'float16'],
  ['capstone-cnn', 'float32'],
])('%s export (%s weights)', (arch, dtype) => {
  it('matches PyTorch within 1e-4 in TF.js', async () => {
    const run = join(root, arch);
    const out = join(root, `${arch}-tfjs`);
    const parity = join(out, 'parity.json');
    execFileSync(python, [
      '-m',
      'training.train',
      '--data',
      join(root, 'data'),
      '--model',
      arch,
      '--out',
      run,
      '--epochs',
      '1',
      '--batch',
      '16',
      '--threads',
      '1',
    ]);
    execFileSync(python, [
      '-m',
      'training.export_tfjs',
      '--run',
      run,
      '--out',
      out,
      '--parity',
      parity,
      '--dtype',
      dtype,
    ]);

    const card = await readModelCard(out);
    const classifier = await EmotionClassifier.load(fileHandler(join(out, 'model.json')), card);
    const vectors = JSON.parse(readFileSync(parity, 'utf8'));
    const predicted = classifier.predict(
      vectors.inputs_nhwc.map((values: number[]) => Float32Array.from(values)),
    );
    const diff = Math.max(
      ...predicted.flatMap((row, i) =>
        row.map((p, j) => Math.abs(p - vectors.probabilities[i][j])),
      ),
    );
    expect(predicted).toHaveLength(vectors.probabilities.length);
    expect(diff).toBeLessThan(1e-4);

    // Every conv layer's activations are reachable for the feature-map widget.
    const { maps, scores } = classifier.featureMaps(Float32Array.from(vectors.inputs_nhwc[0]));
    expect(maps.map((m) => m.layer)).toEqual(classifier.convLayers);
    expect(scores).toEqual(predicted[0]);
    classifier.dispose();

    // The anatomy diagram reads the same file without TF.js: same shapes and counts.
    const json = readModelJson(out);
    const model = await tf.models.modelFromJSON(json.modelTopology as never);
    const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
    expect(parseModelJson(json).layers.map((l) => [l.type, l.outputShape, l.parameters])).toEqual(
      layers.map((l) => [l.getClassName(), (l.outputShape as number[]).slice(1), l.countParams()]),
    );
    model.dispose();
  }, 120_000);
});
