/**
 * Transfer learning in the browser: a FROZEN trunk and a small NEW head.
 *
 *   48×48 face ─► trunk (our emotion CNN up to its global-average-pooling layer, never changed)
 *             ─► features (one number per filter of the last convolution)
 *             ─► head (a tiny network of its own, trained here on the reader's examples)
 *             ─► one probability per class the reader named
 *
 * `featureExtractor(model)` cuts the trunk out of the loaded LayersModel with tf.model (it shares the
 * model's layers and weights, so it costs no memory, and must NOT be disposed: that would dispose the
 * emotion model's weights too). `trainHead()` fits the head on plain Float32Array features with a
 * callback per epoch (for the live loss chart); the trained head standardises features with the
 * training set's mean and spread, so no feature drowns the others.
 *
 * Tensors: everything made here is released inside tf.tidy, or disposed right after fit();
 * `TrainedHead.dispose()` releases the head's own weights. A unit test checks tf.memory().numTensors.
 * Pure TF.js, no DOM: it runs in Node (vitest, cpu backend) as in the browser.
 */
import * as tf from '@tensorflow/tfjs';
import { labText as t } from './text.ts';

/** Finds the layer whose output is the trunk's features: by name, or the global-average-pooling layer. */
export function featureLayer(model: tf.LayersModel, layerName?: string): tf.layers.Layer {
  if (layerName) return model.getLayer(layerName);
  const gap = model.layers.find((l) => /^GlobalAveragePooling2D$/.test(l.getClassName()));
  if (!gap) throw new Error('The model has no GlobalAveragePooling2D layer to take features from');
  return gap;
}

/**
 * The frozen trunk: a model from the classifier's input to its feature layer. It shares the layers
 * (and weights) of `model`: never dispose it, and never train it.
 */
export function featureExtractor(model: tf.LayersModel, layerName?: string): tf.LayersModel {
  const layer = featureLayer(model, layerName);
  return tf.model({
    inputs: model.inputs,
    outputs: layer.output as tf.SymbolicTensor,
    name: 'frozen_trunk',
  });
}

/** How many numbers the trunk gives per face. */
export function featureSize(extractor: tf.LayersModel): number {
  const shape = extractor.outputs[0]!.shape;
  return shape[shape.length - 1]!;
}

/**
 * Runs the trunk on model inputs (each height × width × channels values, already normalised by the
 * model card, e.g. from preprocess.ts) and returns one feature vector per input.
 */
export function extractFeatures(extractor: tf.LayersModel, inputs: Float32Array[]): Float32Array[] {
  if (inputs.length === 0) return [];
  const [, height, width, channels] = extractor.inputs[0]!.shape as number[];
  const size = height! * width! * channels!;
  const n = featureSize(extractor);
  // Read inside tidy, not returned from it: tidy walks every element of a returned array.
  let flat: Float32Array = new Float32Array(0);
  tf.tidy(() => {
    const batch = new Float32Array(inputs.length * size);
    inputs.forEach((x, i) => batch.set(x, i * size));
    const out = extractor.predict(
      tf.tensor4d(batch, [inputs.length, height!, width!, channels!]),
    ) as tf.Tensor;
    flat = out.dataSync() as Float32Array;
  });
  return inputs.map((_, i) => flat.slice(i * n, (i + 1) * n));
}

export interface HeadOptions {
  /** Units of the head's hidden layer; 0 = a single softmax layer. Default 32. */
  hidden?: number;
  /** Share of the hidden units switched off at random during training (against overfitting). Default 0.2. */
  dropout?: number;
  /** Adam's step size. Default 0.01. */
  learningRate?: number;
  /** Passes over all examples. Default 40. */
  epochs?: number;
  /** Examples per nudge. Default 8. */
  batchSize?: number;
  /** Seed for the starting weights (tests); random by default. */
  seed?: number;
}

export const DEFAULT_HEAD: Required<Omit<HeadOptions, 'seed'>> = {
  hidden: 32,
  dropout: 0.2,
  learningRate: 0.01,
  epochs: 40,
  batchSize: 8,
};

export interface Example {
  features: Float32Array;
  /** Index of the class, 0-based. */
  label: number;
}

export interface EpochReport {
  /** 1-based. */
  epoch: number;
  epochs: number;
  /** Average cross-entropy over the epoch's batches (lower is better). */
  loss: number;
  /** Share of the training examples the head got right in this epoch, 0–1. */
  accuracy: number;
}

export interface TrainOptions extends HeadOptions {
  /** Called after every epoch; may return a promise (e.g. to let the page draw the chart). */
  onEpoch?(report: EpochReport): void | Promise<void>;
  /** Stops training after the current batch. */
  signal?: AbortSignal;
}

/** Mean and standard deviation of every feature over the examples (a std of 0 becomes 1). */
export function featureStats(features: Float32Array[]): { mean: Float32Array; std: Float32Array } {
  const n = features[0]!.length;
  const mean = new Float32Array(n);
  const std = new Float32Array(n);
  for (const f of features) for (let i = 0; i < n; i++) mean[i] += f[i]!;
  for (let i = 0; i < n; i++) mean[i] /= features.length;
  for (const f of features) for (let i = 0; i < n; i++) std[i] += (f[i]! - mean[i]!) ** 2;
  for (let i = 0; i < n; i++) {
    const s = Math.sqrt(std[i]! / features.length);
    std[i] = s > 1e-6 ? s : 1;
  }
  return { mean, std };
}

/** Layers with weights in a head: a hidden layer and the output layer, or the output layer alone. */
export function headLayerCount(hidden = DEFAULT_HEAD.hidden): number {
  return hidden > 0 ? 2 : 1;
}

/** Number of weights (learnable numbers) of a head for `inputs` features and `classes` classes. */
export function headParameterCount(
  inputs: number,
  classes: number,
  hidden = DEFAULT_HEAD.hidden,
): number {
  return hidden > 0
    ? inputs * hidden + hidden + hidden * classes + classes
    : inputs * classes + classes;
}

/** Builds an untrained head: [dense(hidden, relu) → dropout →] dense(classes, softmax). */
export function buildHead(
  inputs: number,
  classes: number,
  options: HeadOptions = {},
): tf.Sequential {
  const { hidden, dropout, learningRate } = { ...DEFAULT_HEAD, ...options };
  const init = (k: number) =>
    tf.initializers.glorotUniform({
      seed: options.seed === undefined ? undefined : options.seed + k,
    });
  const layers: tf.layers.Layer[] = [];
  if (hidden > 0) {
    layers.push(
      tf.layers.dense({
        inputShape: [inputs],
        units: hidden,
        activation: 'relu',
        kernelInitializer: init(0),
        name: 'head_hidden',
      }),
    );
    if (dropout > 0)
      layers.push(tf.layers.dropout({ rate: dropout, seed: options.seed, name: 'head_dropout' }));
  }
  layers.push(
    tf.layers.dense({
      ...(hidden > 0 ? {} : { inputShape: [inputs] }),
      units: classes,
      activation: 'softmax',
      kernelInitializer: init(1),
      name: 'head_output',
    }),
  );
  const head = tf.sequential({ layers, name: 'new_head' });
  head.compile({
    optimizer: tf.train.adam(learningRate),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return head;
}

/** A head trained on the reader's examples: predicts class probabilities from trunk features. */
export class TrainedHead {
  readonly model: tf.Sequential;
  readonly classes: number;
  readonly mean: Float32Array;
  readonly std: Float32Array;
  /** Loss and accuracy after every epoch of the training that made it. */
  readonly history: EpochReport[];
  /** False if training was stopped before the last epoch. */
  readonly complete: boolean;
  private disposed = false;

  constructor(
    model: tf.Sequential,
    classes: number,
    stats: { mean: Float32Array; std: Float32Array },
    history: EpochReport[],
    complete: boolean,
  ) {
    this.model = model;
    this.classes = classes;
    this.mean = stats.mean;
    this.std = stats.std;
    this.history = history;
    this.complete = complete;
  }

  /** Learnable numbers in the head. */
  get parameters(): number {
    return this.model.countParams();
  }

  /** Probabilities per input (each adds up to 1), in class order. */
  predict(features: Float32Array[]): number[][] {
    if (features.length === 0) return [];
    if (this.disposed) throw new Error('This head was disposed');
    const n = this.mean.length;
    let flat: Float32Array = new Float32Array(0);
    tf.tidy(() => {
      const batch = new Float32Array(features.length * n);
      features.forEach((f, i) => batch.set(f, i * n));
      const x = standardise(tf.tensor2d(batch, [features.length, n]), this.mean, this.std);
      flat = (this.model.predict(x) as tf.Tensor).dataSync() as Float32Array;
    });
    return features.map((_, i) =>
      Array.from(flat.subarray(i * this.classes, (i + 1) * this.classes)),
    );
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.model.dispose();
  }
}

function standardise(x: tf.Tensor2D, mean: Float32Array, std: Float32Array): tf.Tensor2D {
  return tf.tidy(() => x.sub(tf.tensor1d(mean)).div(tf.tensor1d(std)));
}

/** Checks the examples: at least two classes with examples, features all the same length. */
export function checkExamples(examples: Example[], classes: number): string | null {
  if (classes < 2) return t('check.twoClasses');
  const counts = new Array<number>(classes).fill(0);
  for (const e of examples) {
    if (e.label < 0 || e.label >= classes)
      return t('check.badLabel', { number: e.label + 1, classes });
    counts[e.label]!++;
  }
  const empty = counts.findIndex((c) => c === 0);
  if (empty >= 0) return t('check.emptyClass', { number: empty + 1 });
  const n = examples[0]!.features.length;
  if (examples.some((e) => e.features.length !== n)) return t('check.featureSizes');
  return null;
}

/**
 * Trains a new head on trunk features. Returns when all epochs ran (or `signal` stopped it); the
 * caller owns the TrainedHead and must dispose it when replacing it.
 */
export async function trainHead(
  examples: Example[],
  classes: number,
  options: TrainOptions = {},
): Promise<TrainedHead> {
  const problem = checkExamples(examples, classes);
  if (problem) throw new Error(problem);
  const opts = { ...DEFAULT_HEAD, ...options };
  const n = examples[0]!.features.length;
  const stats = featureStats(examples.map((e) => e.features));
  const head = buildHead(n, classes, options);

  const flat = new Float32Array(examples.length * n);
  examples.forEach((e, i) => flat.set(e.features, i * n));
  const xs = tf.tidy(() =>
    standardise(tf.tensor2d(flat, [examples.length, n]), stats.mean, stats.std),
  );
  const ys = tf.tidy(() =>
    tf
      .oneHot(
        tf.tensor1d(
          examples.map((e) => e.label),
          'int32',
        ),
        classes,
      )
      .toFloat(),
  );

  // Every class counts the same in the loss, however many examples it has (30 of one, 6 of another).
  const counts = new Array<number>(classes).fill(0);
  for (const e of examples) counts[e.label]!++;
  const classWeight = Object.fromEntries(
    counts.map((c, k) => [k, examples.length / (classes * c)]),
  );

  const history: EpochReport[] = [];
  let stopped = false;
  const onAbort = () => {
    stopped = true;
    head.stopTraining = true;
  };
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) onAbort();
  try {
    if (!stopped) {
      await head.fit(xs, ys, {
        epochs: opts.epochs,
        batchSize: Math.min(opts.batchSize, examples.length),
        shuffle: true,
        classWeight,
        verbose: 0,
        // Never wait for an animation frame between batches (TF.js's default in browsers): on a busy
        // page each frame can take a long time. The caller yields once per epoch in onEpoch instead.
        yieldEvery: 'never',
        callbacks: {
          onBatchEnd: async () => {
            if (options.signal?.aborted) head.stopTraining = true;
          },
          onEpochEnd: async (epoch, logs) => {
            const report: EpochReport = {
              epoch: epoch + 1,
              epochs: opts.epochs,
              loss: Number(logs?.loss ?? NaN),
              accuracy: Number(logs?.acc ?? logs?.accuracy ?? NaN),
            };
            history.push(report);
            await options.onEpoch?.(report);
            if (options.signal?.aborted) head.stopTraining = true;
          },
        },
      });
    }
  } catch (e) {
    head.dispose();
    throw e;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    xs.dispose();
    ys.dispose();
    // The optimizer keeps its own variables (Adam's running averages); the model does not own it.
    head.optimizer.dispose();
  }
  return new TrainedHead(head, classes, stats, history, history.length === opts.epochs);
}

/** Share of examples whose most likely class is their own label, 0–1. */
export function accuracyOn(head: TrainedHead, examples: Example[]): number {
  if (examples.length === 0) return 0;
  const probs = head.predict(examples.map((e) => e.features));
  let right = 0;
  probs.forEach((p, i) => {
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    if (best === examples[i]!.label) right++;
  });
  return right / examples.length;
}
