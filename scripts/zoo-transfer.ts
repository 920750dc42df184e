/**
 * The zoo's transfer-learning model: a face-landmark network trained on another task
 * (MediaPipe FaceMesh: 468 3-D face landmarks, shipped as a TF.js graph model in
 * @vladmandic/human), frozen, with a new head trained on FER2013. One command does it all:
 *
 *   PATH=$PWD/node_modules/.bin:$PATH node scripts/zoo-transfer.ts --data ../shared/datasets/fer2013
 *
 * (Node 22 from the node devDependency; inside an npm script it is first on PATH already.)
 *
 * 1. Extract (TF.js wasm in Node, one thread). Every train/ and validation/ image goes through
 *    the shared preprocessing (src/lib/ml/preprocess.ts via scripts/lib/image-folder.ts) to a
 *    48×48 grayscale face with values 0–1, is resized bilinearly to FaceMesh's 192×192 and copied
 *    into 3 channels (what Human feeds FaceMesh: an RGB face crop divided by 255), and FaceMesh
 *    runs up to an intermediate node fetched by name. Features are written as raw little-endian
 *    float32 (N × D, NHWC order) under training/runs/transfer-facemesh/, with features.json
 *    describing them. train/ images are also extracted mirrored left–right (the only augmentation
 *    frozen features allow). A split whose file list is unchanged is not extracted again.
 * 2. Train the head: `/usr/bin/python3 -m training.transfer_head` on train/ features only, model
 *    selection on the same stratified 10% hold-out of train/ (seed 0) as training/train.py. It
 *    writes history.json and exports the head as a TF.js LayersModel into the zoo folder.
 * 3. Evaluate: the exported head runs in TF.js on validation/'s features (so base + head run in
 *    TF.js end to end); the metrics come from src/lib/ml/metrics.ts, in the shape
 *    scripts/evaluate.ts prints, and go into public/models/zoo/transfer-facemesh/model-card.json.
 *
 * Options: --feature trunk|mesh|landmarks (which FaceMesh node feeds the head; default trunk),
 * --run <dir>, --out <zoo dir>, --limit N (first N images per class and split: smoke runs),
 * --extract-only, --evaluate-only (reuse the head already trained and exported by an earlier run),
 * --head-arg <arg> (repeatable, passed on to training/transfer_head.py),
 * --fresh (extract again even if cached), --no-flip (skip the mirrored train/ copies).
 *
 * In a browser the model is: the same 48×48 crop → resizeBilinear to 192 → 3 channels → FaceMesh
 * graph model (facemesh.json + .bin from @vladmandic/human, executed up to the feature node)
 * → flatten → this folder's head (tf.loadLayersModel). baseInput() below is that glue.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { argmax } from '../src/lib/stats.ts';
import {
  accuracy,
  confusionMatrix,
  perClassMetrics,
  subsetAccuracy,
} from '../src/lib/ml/metrics.ts';
import {
  FOUR_CLASS_SUBSET,
  type EvaluationMetrics,
  type ModelInputSpec,
} from '../src/lib/ml/model-card.ts';
import { readModelCard, writeModelCard } from '../src/lib/ml/node-io.ts';
import { DatasetError, listSplit, loadInputs, type LabelledFile } from './lib/image-folder.ts';
import { modelFileHandler, weightBytes } from './lib/peers/graph-io.ts';
import { useWasmBackend } from './lib/tf-node.ts';

export const BASE = {
  name: 'facemesh',
  description:
    'MediaPipe FaceMesh (468 face landmarks), from @vladmandic/human/models/facemesh.json',
  modelJson: 'node_modules/@vladmandic/human/models/facemesh.json',
  inputSize: 192,
  /** FaceMesh nodes a head can be trained on; shapes per image, NHWC. */
  features: {
    // The trunk's last layer before FaceMesh splits into its mesh, contour and face-flag branches.
    trunk: { node: 'StatefulPartitionedCall/model_1/p_re_lu_15/Relu', shape: [6, 6, 128] },
    // The mesh branch's last feature map, from which FaceMesh regresses the landmarks.
    mesh: { node: 'StatefulPartitionedCall/model_1/p_re_lu_20/Relu', shape: [3, 3, 32] },
    // The 468 (x, y, z) landmarks themselves, in 192-pixel units.
    landmarks: { node: 'Identity_2:0', shape: [1404] },
  },
} as const;

export type FeatureName = keyof typeof BASE.features;

/** The card's input for the transfer model: the shipped crop, but always 0–1 (what FaceMesh wants). */
export function transferInputSpec(shipped: ModelInputSpec): ModelInputSpec {
  if (shipped.channels !== 1)
    throw new Error('the transfer model expects the 48×48 grayscale crop');
  return { ...shipped, scale: 1 / 255, offset: 0 };
}

/** [N, 48, 48, 1] in 0–1 → FaceMesh's input [N, 192, 192, 3] in 0–1. Browser glue too. */
export function baseInput(faces: tf.Tensor4D, size: number = BASE.inputSize): tf.Tensor4D {
  return tf.tidy(() => tf.tile(tf.image.resizeBilinear(faces, [size, size], false), [1, 1, 1, 3]));
}

interface SplitMeta {
  count: number;
  filesSha1: string;
  /** CPU time of the extraction (decoding, preprocessing, FaceMesh): its cost even on a shared machine. */
  cpuSeconds?: number;
  /** train/ only: mirrored copies were extracted too (`train-flip-<feature>.f32`), for augmentation */
  flipped?: boolean;
  seconds: number;
  msPerImage: number;
  skipped: { path: string; reason: string }[];
  classCounts: number[];
}

interface FeaturesManifest {
  base: string;
  source: string;
  labels: string[];
  input: ModelInputSpec;
  features: Record<string, { node: string; shape: number[]; dim: number; file: string }>;
  splits: Record<string, SplitMeta>;
}

function listingHash(files: LabelledFile[], limit: number): string {
  const hash = createHash('sha1');
  for (const f of files) hash.update(`${f.path}:${f.label}\n`);
  hash.update(`limit=${limit}`);
  return hash.digest('hex');
}

function perClassLimit(files: LabelledFile[], limit: number): LabelledFile[] {
  if (!limit) return files;
  const seen = new Map<number, number>();
  return files.filter((f) => {
    const n = seen.get(f.label) ?? 0;
    seen.set(f.label, n + 1);
    return n < limit;
  });
}

async function extractSplit(
  model: tf.GraphModel,
  data: string,
  split: string,
  labels: string[],
  spec: ModelInputSpec,
  run: string,
  manifest: FeaturesManifest,
  limit: number,
  fresh: boolean,
  flip: boolean,
  batch = 32,
): Promise<void> {
  const listing = await listSplit(data, split, labels);
  const files = perClassLimit(listing.files, limit);
  const filesSha1 = listingHash(files, limit);
  const names = Object.keys(BASE.features) as FeatureName[];
  const cached = manifest.splits[split];
  const outputsFor = flip ? [split, `${split}-flip`] : [split];
  if (
    !fresh &&
    cached?.filesSha1 === filesSha1 &&
    (cached.flipped ?? false) === flip &&
    outputsFor.every((prefix) => names.every((n) => existsSync(join(run, `${prefix}-${n}.f32`))))
  ) {
    console.error(
      `${split}: features cached (${cached.count} images, extracted in ${cached.seconds.toFixed(0)} s)`,
    );
    return;
  }
  // handles[v][k]: view v (0 = as is, 1 = mirrored), feature k
  const handles = await Promise.all(
    outputsFor.map((prefix) =>
      Promise.all(names.map((n) => open(join(run, `${prefix}-${n}.f32`), 'w'))),
    ),
  );
  const labelOut: number[] = [];
  const skipped = [...listing.skipped];
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let baseMs = 0;
  for (let i = 0; i < files.length; i += batch) {
    const chunk = files.slice(i, i + batch);
    const { inputs, labels: chunkLabels } = await loadInputs(chunk, spec, skipped);
    if (!inputs.length) continue;
    const t0 = performance.now();
    const outputs = tf.tidy(() => {
      let faces = tf.tensor4d(concat(inputs), [inputs.length, spec.height, spec.width, 1]);
      if (flip) faces = tf.concat([faces, tf.reverse(faces, 2)]); // mirrored copies, for training-time augmentation
      const result = model.execute(
        baseInput(faces),
        names.map((n) => BASE.features[n].node),
      ) as tf.Tensor[];
      return result.map((t) => t.dataSync() as Float32Array);
    });
    baseMs += performance.now() - t0;
    for (const [k, values] of outputs.entries()) {
      const perView = values.length / outputsFor.length;
      for (let v = 0; v < outputsFor.length; v++) {
        const part = values.subarray(v * perView, (v + 1) * perView);
        await handles[v]![k]!.write(Buffer.from(part.buffer, part.byteOffset, part.byteLength));
      }
    }
    labelOut.push(...chunkLabels);
    if ((i / batch) % 50 === 0) {
      const done = i + chunk.length;
      const elapsed = (performance.now() - started) / 1000;
      console.error(
        `${split}: ${done}/${files.length} images, ${elapsed.toFixed(0)} s, ~${(((files.length - done) * elapsed) / done).toFixed(0)} s left`,
      );
    }
  }
  await Promise.all(handles.flat().map((h) => h.close()));
  await writeFile(join(run, `${split}-labels.u8`), Uint8Array.from(labelOut));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const classCounts = labels.map((_, c) => labelOut.filter((l) => l === c).length);
  const forwardPasses = labelOut.length * outputsFor.length;
  manifest.splits[split] = {
    count: labelOut.length,
    filesSha1,
    flipped: flip,
    seconds,
    cpuSeconds,
    msPerImage: baseMs / forwardPasses,
    skipped,
    classCounts,
  };
  await writeFile(join(run, 'features.json'), JSON.stringify(manifest, null, 1) + '\n');
  console.error(
    `${split}: ${labelOut.length} images${flip ? ' (+ mirrored copies)' : ''} in ${seconds.toFixed(0)} s (${cpuSeconds.toFixed(0)} s CPU; FaceMesh ${(baseMs / forwardPasses).toFixed(1)} ms/image at batch ${batch * outputsFor.length})${skipped.length ? `, ${skipped.length} skipped` : ''}`,
  );
}

function concat(arrays: Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  return out;
}

/** Reads a raw little-endian float32 N × dim file, or only the given rows of it. */
export async function readFeatures(
  path: string,
  dim: number,
  rows?: number[],
): Promise<Float32Array> {
  const size = (await stat(path)).size;
  if (size % (4 * dim))
    throw new Error(`${path}: size ${size} is not a multiple of ${dim} float32 values`);
  const wanted = rows ?? Array.from({ length: size / (4 * dim) }, (_, i) => i);
  const out = new Float32Array(wanted.length * dim);
  const bytes = new Uint8Array(out.buffer);
  const handle = await open(path, 'r');
  try {
    if (!rows) await handle.read(bytes, 0, size, 0);
    else
      for (const [i, row] of rows.entries())
        await handle.read(bytes, i * dim * 4, dim * 4, row * dim * 4);
  } finally {
    await handle.close();
  }
  return out;
}

/** Head probabilities for N feature rows, in batches. */
function predictHead(
  head: tf.LayersModel,
  features: Float32Array,
  shape: readonly number[],
  batch = 256,
): number[][] {
  const dim = shape.reduce((a, b) => a * b, 1);
  const n = features.length / dim;
  const scores: number[][] = [];
  for (let i = 0; i < n; i += batch) {
    const rows = Math.min(batch, n - i);
    const probs = tf.tidy(() =>
      (
        head.predict(
          tf.tensor(features.subarray(i * dim, (i + rows) * dim), [rows, ...shape]),
        ) as tf.Tensor
      ).dataSync(),
    );
    const classes = probs.length / rows;
    for (let r = 0; r < rows; r++)
      scores.push(Array.from(probs.subarray(r * classes, (r + 1) * classes)));
  }
  return scores;
}

/** Learned values of a graph model (float tensors; int32 constants such as reshape targets are not parameters) and how they are stored. */
function graphWeights(modelJson: { weightsManifest: tf.io.WeightsManifestConfig }): {
  parameters: number;
  storedAs: string;
} {
  const floats = modelJson.weightsManifest
    .flatMap((g) => g.weights)
    .filter((w) => w.dtype === 'float32');
  const parameters = floats.reduce(
    (n, w) => n + w.shape.reduce((a: number, b: number) => a * b, 1),
    0,
  );
  const stored = [...new Set(floats.map((w) => w.quantization?.dtype ?? 'float32'))];
  return { parameters, storedAs: stored.join('/') };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      run: { type: 'string', default: 'training/runs/transfer-facemesh' },
      out: { type: 'string', default: 'public/models/zoo/transfer-facemesh' },
      feature: { type: 'string', default: 'trunk' },
      limit: { type: 'string', default: '0' },
      'extract-only': { type: 'boolean', default: false },
      'evaluate-only': { type: 'boolean', default: false },
      fresh: { type: 'boolean', default: false },
      'no-flip': { type: 'boolean', default: false },
      'head-arg': { type: 'string', multiple: true, default: [] },
    },
  });
  if (!values.data) {
    console.error(
      'usage: node scripts/zoo-transfer.ts --data <folder with train/ and validation/> [--feature trunk|mesh|landmarks] [--limit N] [--extract-only] [--head-arg ARG ...]',
    );
    return 2;
  }
  const feature = values.feature as FeatureName;
  if (!(feature in BASE.features)) {
    console.error(`error: --feature must be one of ${Object.keys(BASE.features).join(', ')}`);
    return 2;
  }
  const limit = Number(values.limit);
  const run = values.run;
  const out = values.out;
  await mkdir(run, { recursive: true });
  const shipped = await readModelCard('public/models/emotion-cnn');
  const spec = transferInputSpec(shipped.input);
  const labels = shipped.labels;

  // 1. Frozen features.
  const manifestPath = join(run, 'features.json');
  let manifest: FeaturesManifest = {
    base: BASE.name,
    source: BASE.modelJson,
    labels,
    input: spec,
    features: Object.fromEntries(
      Object.entries(BASE.features).map(([name, f]) => [
        name,
        {
          node: f.node,
          shape: [...f.shape],
          dim: f.shape.reduce((a: number, b: number) => a * b, 1),
          file: `<split>-${name}.f32`,
        },
      ]),
    ),
    splits: {},
  };
  if (existsSync(manifestPath) && !values.fresh) {
    const previous = JSON.parse(await readFile(manifestPath, 'utf8')) as FeaturesManifest;
    if (
      JSON.stringify(previous.features) === JSON.stringify(manifest.features) &&
      JSON.stringify(previous.input) === JSON.stringify(spec)
    )
      manifest = previous;
  }
  await useWasmBackend();
  const base = await tf.loadGraphModel(modelFileHandler(BASE.modelJson));
  try {
    for (const split of ['train', 'validation']) {
      await extractSplit(
        base,
        values.data,
        split,
        labels,
        spec,
        run,
        manifest,
        limit,
        values.fresh,
        split === 'train' && !values['no-flip'],
      );
    }
  } catch (error) {
    if (error instanceof DatasetError) {
      console.error(`error: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (values['extract-only']) return 0;

  // 2. The head, in PyTorch (train/ features only; hold-out of train/ for model selection).
  if (!values['evaluate-only']) {
    const headArgs = [
      '-m',
      'training.transfer_head',
      '--run',
      run,
      '--feature',
      feature,
      '--out',
      out,
      ...values['head-arg']!,
    ];
    console.error(`$ /usr/bin/python3 ${headArgs.join(' ')}`);
    execFileSync('/usr/bin/python3', headArgs, { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  const summary = JSON.parse(await readFile(join(run, 'head-summary.json'), 'utf8'));
  if (summary.feature !== feature)
    throw new Error(
      `${run}/head-summary.json is for the ${summary.feature} feature, not ${feature}; train the head again`,
    );

  // 3. Evaluate the exported TF.js head on validation/ features, and check it against PyTorch.
  const shape = BASE.features[feature].shape;
  const dim = shape.reduce((a: number, b: number) => a * b, 1);
  const head = await tf.loadLayersModel(modelFileHandler(join(out, 'model.json')));
  const parity = JSON.parse(await readFile(join(run, 'head-parity.json'), 'utf8')) as {
    rows: number[];
    probabilities: number[][];
  };
  const parityScores = predictHead(
    head,
    await readFeatures(join(run, `train-${feature}.f32`), dim, parity.rows),
    shape,
  );
  const parityDiff = Math.max(
    ...parityScores.flatMap((row, i) =>
      row.map((p, j) => Math.abs(p - parity.probabilities[i]![j]!)),
    ),
  );
  console.error(
    `TF.js head vs PyTorch: max abs difference ${parityDiff.toExponential(2)} over ${parity.rows.length} rows`,
  );
  if (!(parityDiff < 1e-4))
    throw new Error(`the exported head disagrees with PyTorch (max abs difference ${parityDiff})`);

  const valFeatures = await readFeatures(join(run, `validation-${feature}.f32`), dim);
  const truth = Array.from(await readFile(join(run, 'validation-labels.u8')));
  const t0 = performance.now();
  const scores = predictHead(head, valFeatures, shape);
  const headMs = (performance.now() - t0) / truth.length;
  const confusion = confusionMatrix(truth, scores.map(argmax), labels.length);
  const subset = FOUR_CLASS_SUBSET.map((label) => labels.indexOf(label));
  const metrics: EvaluationMetrics = {
    split: 'validation',
    images: truth.length,
    accuracy: accuracy(confusion),
    accuracy4: subsetAccuracy(truth, scores, subset),
    per_class: perClassMetrics(confusion, labels),
    confusion,
  };

  const baseJson = JSON.parse(await readFile(BASE.modelJson, 'utf8'));
  const { parameters: baseParameters, storedAs: baseDtype } = graphWeights(baseJson);
  const baseBytes = await weightBytes(BASE.modelJson);
  const headBytes = await weightBytes(join(out, 'model.json'));
  const headParameters = head.countParams();
  const trainMeta = manifest.splits.train!;
  const valMeta = manifest.splits.validation!;
  const extractionSeconds = trainMeta.seconds + valMeta.seconds;
  const today = new Date().toISOString().slice(0, 10);
  const card = {
    name: `transfer-${BASE.name}`,
    description: `Frozen ${BASE.description}; a new head trained on FER2013 (${feature} features)`,
    labels,
    input: spec,
    parameters: baseParameters + headParameters,
    parameter_split: { frozen_base: baseParameters, trained_head: headParameters },
    weights: {
      weight_bytes: baseBytes + headBytes,
      weight_dtype: `${baseDtype} (base, as shipped by @vladmandic/human) + ${summary.weight_dtype} (head)`,
      base_bytes: baseBytes,
      head_bytes: headBytes,
    },
    base: {
      source: BASE.modelJson.replace(/^node_modules\//, ''),
      task: 'face landmarks (468 points, MediaPipe FaceMesh)',
      frozen: true,
      feature_node: BASE.features[feature].node,
      feature_shape: shape,
      input: `48×48 grayscale crop (0–1) → resizeBilinear to ${BASE.inputSize}×${BASE.inputSize} → copied into 3 channels`,
      browser:
        "load facemesh.json with tf.loadGraphModel, execute(input, feature_node), then this folder's model.json (tf.loadLayersModel) on its output",
    },
    training: {
      feature,
      epochs: summary.epochs,
      best_epoch: summary.best_epoch,
      train_size: summary.train_size,
      holdout_size: summary.holdout_size,
      extraction_seconds: Math.round(extractionSeconds),
      extraction_cpu_seconds:
        trainMeta.cpuSeconds !== undefined && valMeta.cpuSeconds !== undefined
          ? Math.round(trainMeta.cpuSeconds + valMeta.cpuSeconds)
          : null,
      extraction_base_ms_per_forward_pass: Number(
        (
          (trainMeta.msPerImage * trainMeta.count * (trainMeta.flipped ? 2 : 1) +
            valMeta.msPerImage * valMeta.count) /
          (trainMeta.count * (trainMeta.flipped ? 2 : 1) + valMeta.count)
        ).toFixed(2),
      ),
      mirrored_train_copies: trainMeta.flipped ?? false,
      head_train_seconds: summary.train_seconds,
      head_cpu_seconds: summary.cpu_seconds,
      train_seconds: Math.round(trainMeta.seconds + summary.train_seconds),
      cpu_seconds:
        trainMeta.cpuSeconds !== undefined
          ? Math.round(trainMeta.cpuSeconds + summary.cpu_seconds)
          : null,
      train_seconds_note:
        "wall-clock (cpu_seconds: CPU time) of the train/ feature extraction + the head's training; the validation/ extraction, used only to evaluate, is not included",
      config: summary.config,
    },
    metrics: { ...metrics, date: today },
  };
  await writeModelCard(out, card);
  const report = {
    model: card.name,
    ...metrics,
    parameters: card.parameters,
    weightBytes: card.weights.weight_bytes,
    skipped: valMeta.skipped,
  };
  console.log(JSON.stringify(report, null, 1));
  console.error(
    `extraction ${extractionSeconds.toFixed(0)} s (train ${trainMeta.seconds.toFixed(0)} s, validation ${valMeta.seconds.toFixed(0)} s), head ${summary.train_seconds} s; head inference ${headMs.toFixed(3)} ms/face`,
  );
  const stats = await stat(join(out, 'model-card.json'));
  console.error(
    `wrote ${join(out, 'model-card.json')} (${stats.size} bytes) and ${join(out, 'history.json')}`,
  );
  return 0;
}

if (import.meta.main) process.exitCode = await main();
