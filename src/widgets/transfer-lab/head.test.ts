/**
 * The transfer-learning lab's head: trained in Node on TF.js's cpu backend, on synthetic features that
 * a small head can separate, and on a real trunk (a tiny CNN with a global-average-pooling layer, built
 * like ours), checking that the trunk stays frozen and that no tensor outlives its use.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileHandler } from '../../lib/ml/node-io.ts';
import {
  accuracyOn,
  buildHead,
  checkExamples,
  extractFeatures,
  featureExtractor,
  featureSize,
  featureStats,
  headParameterCount,
  trainHead,
  type EpochReport,
  type Example,
} from './head.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** A seeded random number generator (mulberry32), so the synthetic data are the same every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `perClass` examples of each of `classes` classes in `dims` dimensions: every class has its own
 * centre, and every example is that centre plus noise — like features of 'wink' vs 'neutral' faces.
 * Features are non-negative, like the ReLU activations our trunk gives.
 */
function clusters(classes: number, perClass: number, dims = 160, seed = 1, noise = 0.6): Example[] {
  const rnd = random(seed);
  const centres = Array.from({ length: classes }, () =>
    Float32Array.from({ length: dims }, () => rnd() * 2),
  );
  const out: Example[] = [];
  for (let i = 0; i < perClass; i++) {
    for (let c = 0; c < classes; c++) {
      const features = Float32Array.from(centres[c]!, (v) =>
        Math.max(0, v + (rnd() - 0.5) * 2 * noise),
      );
      out.push({ features, label: c });
    }
  }
  return out;
}

describe('trainHead', () => {
  it('separates 3 classes of 20 examples each, with the loss going down epoch by epoch', async () => {
    const before = tf.memory().numTensors;
    const train = clusters(3, 20, 160, 1);
    const test = clusters(3, 10, 160, 1).map((e, i) => ({
      ...e,
      features: e.features.map((v, k) => v + ((i * 7 + k) % 5) * 0.02),
    }));
    const reports: EpochReport[] = [];
    const head = await trainHead(train, 3, {
      epochs: 30,
      seed: 7,
      onEpoch: (r) => void reports.push(r),
    });

    expect(reports.map((r) => r.epoch)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(head.complete).toBe(true);
    expect(head.history).toEqual(reports);
    expect(reports.at(-1)!.loss).toBeLessThan(reports[0]!.loss / 3);
    expect(reports.at(-1)!.accuracy).toBe(1);
    expect(accuracyOn(head, train)).toBe(1);
    expect(accuracyOn(head, test)).toBeGreaterThanOrEqual(0.95);

    const p = head.predict([train[0]!.features, train[1]!.features]);
    expect(p).toHaveLength(2);
    for (const row of p) {
      expect(row).toHaveLength(3);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    expect(head.parameters).toBe(headParameterCount(160, 3));

    head.dispose();
    head.dispose(); // twice is harmless
    expect(tf.memory().numTensors).toBe(before);
  });

  it('learns 2 and 4 classes, and without a hidden layer', async () => {
    const before = tf.memory().numTensors;
    for (const [classes, hidden] of [
      [2, 32],
      [4, 32],
      [4, 0],
    ] as const) {
      const data = clusters(classes, 12, 160, 10 + classes);
      const head = await trainHead(data, classes, { epochs: 40, hidden, seed: 3 });
      expect(accuracyOn(head, data), `${classes} classes, hidden ${hidden}`).toBe(1);
      expect(head.parameters).toBe(headParameterCount(160, classes, hidden));
      head.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('learns a class with few examples next to one with many (each class counts the same)', async () => {
    const many = clusters(2, 30, 160, 21).filter((e) => e.label === 0);
    const few = clusters(2, 4, 160, 21).filter((e) => e.label === 1);
    const head = await trainHead([...many, ...few], 2, { epochs: 40, seed: 9 });
    expect(accuracyOn(head, few)).toBe(1);
    expect(accuracyOn(head, many)).toBe(1);
    head.dispose();
  });

  it('stops early when aborted, and keeps what it learned so far', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const head = await trainHead(clusters(2, 10), 2, {
      epochs: 50,
      onEpoch: (r) => {
        if (r.epoch === 5) controller.abort();
      },
      signal: controller.signal,
    });
    expect(head.history.length).toBeLessThanOrEqual(6);
    expect(head.complete).toBe(false);
    head.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a class without examples, and releases nothing it did not make', async () => {
    const before = tf.memory().numTensors;
    const data = clusters(2, 5);
    expect(checkExamples(data, 3)).toMatch(/Class 3 has no examples/);
    expect(checkExamples(data, 1)).toMatch(/at least two/);
    await expect(trainHead(data, 3)).rejects.toThrow(/Class 3/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('standardises features: a feature that never changes does not break training', async () => {
    const data = clusters(2, 10, 8).map((e) => ({
      ...e,
      features: Float32Array.from([...e.features, 5]),
    }));
    const stats = featureStats(data.map((e) => e.features));
    expect(stats.std[8]).toBe(1);
    expect(stats.mean[8]).toBeCloseTo(5);
    const head = await trainHead(data, 2, { epochs: 30, seed: 1 });
    expect(accuracyOn(head, data)).toBe(1);
    for (const row of head.predict([data[0]!.features]))
      for (const v of row) expect(Number.isFinite(v)).toBe(true);
    head.dispose();
  });

  it('builds the head the diagram describes', () => {
    const head = buildHead(160, 3);
    expect(head.layers.map((l) => l.getClassName())).toEqual(['Dense', 'Dropout', 'Dense']);
    expect(head.outputs[0]!.shape).toEqual([null, 3]);
    head.dispose();
  });
});

describe('the frozen trunk', () => {
  /** A small CNN shaped like ours: conv → pool → conv → global average pooling → dropout → dense softmax. */
  function tinyCnn(): tf.Sequential {
    return tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [48, 48, 1],
          filters: 4,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
          name: 'conv1',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
        }),
        tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }),
        tf.layers.conv2d({
          filters: 12,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
          name: 'conv2',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
        }),
        tf.layers.globalAveragePooling2d({ name: 'gap1' }),
        tf.layers.dropout({ rate: 0.3, name: 'dropout1' }),
        tf.layers.dense({ units: 7, activation: 'softmax', name: 'dense1' }),
      ],
    });
  }

  /** A 48×48 picture: a bright square whose place depends on the class, plus noise. */
  function picture(label: number, i: number): Float32Array {
    const rnd = random(100 + i * 4 + label);
    const px = new Float32Array(48 * 48);
    const ox = label === 0 ? 4 : label === 1 ? 26 : 14;
    for (let y = 0; y < 48; y++) {
      for (let x = 0; x < 48; x++) {
        const inside =
          x >= ox && x < ox + 16 && y >= (label === 2 ? 28 : 6) && y < (label === 2 ? 44 : 22);
        px[y * 48 + x] = (inside ? 0.8 : 0.2) + (rnd() - 0.5) * 0.1;
      }
    }
    return px;
  }

  it('takes features from the global-average-pooling layer and never changes the trunk', async () => {
    const cnn = tinyCnn();
    const extractor = featureExtractor(cnn);
    expect(featureSize(extractor)).toBe(12);
    expect(extractor.layers.at(-1)!.name).toBe('gap1');

    const trunkBefore = cnn.getWeights().map((w) => w.dataSync().slice());
    const before = tf.memory().numTensors;

    const inputs = [0, 1, 2].flatMap((label) =>
      Array.from({ length: 8 }, (_, i) => ({ label, px: picture(label, i) })),
    );
    const features = extractFeatures(
      extractor,
      inputs.map((x) => x.px),
    );
    expect(features).toHaveLength(inputs.length);
    expect(features[0]).toHaveLength(12);
    // Same numbers as running the CNN up to that layer, one picture at a time.
    const single = extractFeatures(extractor, [inputs[5]!.px])[0]!;
    single.forEach((v, k) => expect(v).toBeCloseTo(features[5]![k]!, 5));

    const examples = inputs.map((x, i) => ({ features: features[i]!, label: x.label }));
    const head = await trainHead(examples, 3, { epochs: 60, seed: 5, learningRate: 0.02 });
    expect(accuracyOn(head, examples)).toBeGreaterThanOrEqual(0.95);
    head.dispose();

    expect(tf.memory().numTensors).toBe(before);
    cnn.getWeights().forEach((w, i) => expect(w.dataSync()).toEqual(trunkBefore[i]));
    // The trunk shares the CNN's weights: the CNN still works after the lab.
    const out = tf.tidy(() => (cnn.predict(tf.zeros([1, 48, 48, 1])) as tf.Tensor).dataSync());
    expect(out).toHaveLength(7);
    cnn.dispose();
  });

  it('can use a named layer instead', () => {
    const cnn = tinyCnn();
    expect(featureSize(featureExtractor(cnn, 'conv2'))).toBe(12);
    expect(() =>
      featureExtractor(tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2 })] })),
    ).toThrow(/GlobalAveragePooling2D/);
    cnn.dispose();
  });
});

describe("the shipped model's trunk", () => {
  const dir = 'public/models/emotion-cnn';
  it.skipIf(!existsSync(`${dir}/model.json`))(
    'gives one feature per filter of the last convolution, from gap1',
    async () => {
      const model = await tf.loadLayersModel(fileHandler(`${dir}/model.json`));
      const extractor = featureExtractor(model);
      expect(extractor.layers.at(-1)!.getClassName()).toBe('GlobalAveragePooling2D');
      const lastConv = model.layers.filter((l) => l.getClassName() === 'Conv2D').at(-1)!;
      expect(featureSize(extractor)).toBe((lastConv.outputShape as number[]).at(-1));
      const before = tf.memory().numTensors;
      const [f] = extractFeatures(extractor, [new Float32Array(48 * 48).fill(0.5)]);
      expect(f!.every((v) => v >= 0 && Number.isFinite(v))).toBe(true); // ReLU features
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    },
  );
});
