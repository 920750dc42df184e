/**
 * The peer comparison's label mappings and model adapters, without FER2013: mappings must be
 * permutations onto FER2013's folder names, and each adapter must load from node_modules, give
 * 7 probabilities per face in FER2013 order, and give the same answer alone or in a batch.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadFaceApiExpression,
  loadHumanEmotion,
  type EmotionModel,
} from './lib/peers/adapters.ts';
import {
  FACE_API_LABELS,
  FACE_API_TO_FER,
  FER_LABELS,
  HUMAN_LABELS,
  HUMAN_TO_FER,
  labelIndexMap,
  remapScores,
} from './lib/peers/labels.ts';
import { formatTable } from './compare-peers.ts';
import { median } from '../src/lib/stats.ts';
import { useWasmBackend } from './lib/tf-node.ts';

describe('peer label mappings', () => {
  it("maps face-api's names and order onto FER2013's", () => {
    const groups = labelIndexMap(FACE_API_LABELS, FACE_API_TO_FER, FER_LABELS);
    // face-api order: neutral, happy, sad, angry, fearful, disgusted, surprised
    const scores = [0.1, 0.2, 0.3, 0.05, 0.15, 0.12, 0.08];
    // FER order: angry, disgust, fear, happy, neutral, sad, surprise
    expect(remapScores(scores, groups)).toEqual([0.05, 0.12, 0.15, 0.2, 0.1, 0.3, 0.08]);
  });

  it("reorders Human's FER2013 class numbers (…, sad, surprise, neutral) alphabetically", () => {
    const groups = labelIndexMap(HUMAN_LABELS, HUMAN_TO_FER, FER_LABELS);
    expect(remapScores([0, 1, 2, 3, 4, 5, 6], groups)).toEqual([0, 1, 2, 3, 6, 4, 5]);
  });

  it('uses every output once and reaches every FER2013 class (a permutation)', () => {
    for (const [labels, mapping] of [
      [FACE_API_LABELS, FACE_API_TO_FER],
      [HUMAN_LABELS, HUMAN_TO_FER],
    ] as const) {
      const groups = labelIndexMap(labels, mapping, FER_LABELS);
      expect(groups.map((g) => g.length)).toEqual(FER_LABELS.map(() => 1));
      expect(groups.flat().sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    }
  });

  it('sums outputs mapped together and rejects unknown or missing classes', () => {
    expect(
      remapScores(
        [0.2, 0.3, 0.5],
        labelIndexMap(['a', 'b', 'c'], { a: 'x', b: 'x', c: 'y' }, ['x', 'y']),
      ),
    ).toEqual([0.5, 0.5]);
    expect(() => labelIndexMap(['a', 'b'], { a: 'x' }, ['x'])).toThrow(
      /no FER2013 class given for output "b"/,
    );
    expect(() => labelIndexMap(['a'], { a: 'z' }, ['x'])).toThrow(/not one of x/);
    expect(() => labelIndexMap(['a'], { a: 'x' }, ['x', 'y'])).toThrow(/no output maps onto y/);
  });
});

describe('peer table helpers', () => {
  it('takes medians and prints one row per model', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const table = formatTable([
      {
        id: 'x',
        name: 'X',
        source: '',
        input: '',
        labels: [],
        labelMapping: {},
        parameters: 1,
        weightBytes: 1234567,
        accuracy: 0.5,
        accuracy4: 0.75,
        msPerFaceBatch1: 1.234,
        msPerFaceBatch32: 0.4567,
        cpuMsPerFaceBatch1: 1.1,
        cpuMsPerFaceBatch32: 0.4,
        per_class: {},
        confusion: [],
      },
    ]);
    expect(table.split('\n')).toHaveLength(3);
    expect(table).toContain('1,234,567');
    expect(table).toContain('75.0%');
  });
});

describe('the committed peer table (src/data/peers.json)', () => {
  // The site draws each accuracy's 95% interval from these counts: they must be the counts behind the accuracy.
  const peers = JSON.parse(readFileSync('src/data/peers.json', 'utf8'));

  it("gives each model's accuracy as the diagonal of its confusion matrix over the whole test split", () => {
    for (const m of peers.models) {
      const total = m.confusion.flat().reduce((a: number, b: number) => a + b, 0);
      const correct = m.confusion.reduce(
        (sum: number, row: number[], i: number) => sum + row[i]!,
        0,
      );
      expect(total, m.id).toBe(peers.images);
      expect(m.accuracy, m.id).toBeCloseTo(correct / total, 12);
    }
  });

  it('says nothing reader-visible about a "validation" split (readers know it as the test set)', () => {
    for (const note of peers.notes) expect(note).not.toMatch(/validation/i);
  });
});

describe('peer adapters', () => {
  const models: EmotionModel[] = [];
  // Two synthetic 48×48 gray faces (0–255): a gradient and a checkerboard.
  const faces = [
    Float32Array.from({ length: 48 * 48 }, (_, i) => (i % 48) * 5),
    Float32Array.from(
      { length: 48 * 48 },
      (_, i) => ((Math.floor(i / 48 / 6) + Math.floor((i % 48) / 6)) % 2) * 255,
    ),
  ];

  beforeAll(async () => {
    await useWasmBackend(); // the backend the comparison uses (and much faster than "cpu")
    models.push(await loadFaceApiExpression(), await loadHumanEmotion());
  }, 60_000);
  afterAll(() => models.forEach((m) => m.dispose()));

  it('give 7 probabilities per face, the same alone as in a batch', async () => {
    for (const model of models) {
      expect(model.weightBytes).toBeGreaterThan(100_000);
      expect(model.parameters).toBeGreaterThan(10_000);
      const batch = await model.predict(faces);
      expect(batch).toHaveLength(2);
      for (const [i, scores] of batch.entries()) {
        expect(scores).toHaveLength(7);
        expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
        const alone = (await model.predict([faces[i]!]))[0]!;
        alone.forEach((p, c) => expect(p).toBeCloseTo(scores[c]!, 5));
      }
    }
  });

  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    for (const model of models) await model.predict(faces);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a face of the wrong size', async () => {
    await expect(models[1]!.predict([new Float32Array(10)])).rejects.toThrow(/48×48/);
  });
});
