/**
 * Peer comparison: face-api.js's emotion model, Human's emotion model and ours, on the same
 * FER2013 split, in the same run, with TF.js's WebAssembly backend in Node.
 *
 *   npm run compare-peers -- --data ../shared/datasets/fer2013 [--split validation]
 *       [--ours public/models/emotion-cnn] [--out src/data/peers.json] [--runs 40]
 *
 * Every model gets the same whole 48×48 FER2013 image (already a face crop) and does its own
 * library's preprocessing (see scripts/lib/peers/adapters.ts); its labels are mapped onto
 * FER2013's folder names (scripts/lib/peers/labels.ts: renaming and reordering only).
 * Prints a table — 7-class accuracy, 4-class accuracy (happy, sad, neutral, surprise; argmax
 * over those four), weight bytes, ms per face at batch 1 and batch 32 (warm-up first, then the
 * median of --runs timed calls, models interleaved so background load hits all alike; also the
 * CPU time per face, which other jobs on a shared machine inflate far less than wall time) — and
 * writes the figures as JSON for the site's comparison chart.
 */
import { writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import {
  accuracy,
  confusionMatrix,
  perClassMetrics,
  subsetAccuracy,
} from '../src/lib/ml/metrics.ts';
import { FOUR_CLASS_SUBSET, type ModelInputSpec } from '../src/lib/ml/model-card.ts';
import { DatasetError, listSplit, loadInputs } from './lib/image-folder.ts';
import {
  FACE_SIZE,
  loadFaceApiExpression,
  loadHumanEmotion,
  loadOurs,
  type EmotionModel,
} from './lib/peers/adapters.ts';
import { FER_LABELS } from './lib/peers/labels.ts';
import { argmax, median } from '../src/lib/stats.ts';
import { useWasmBackend } from './lib/tf-node.ts';

/** The raw face every model starts from: the whole image as 48×48 gray, 0–255. */
const RAW_FACE: ModelInputSpec = {
  width: FACE_SIZE,
  height: FACE_SIZE,
  channels: 1,
  scale: 1,
  offset: 0,
  grayscale: [0.299, 0.587, 0.114],
  face_margin: 0,
};

export interface PeerResult {
  id: string;
  name: string;
  source: string;
  input: string;
  labels: readonly string[];
  labelMapping: Record<string, string>;
  parameters: number;
  weightBytes: number;
  accuracy: number;
  accuracy4: number;
  msPerFaceBatch1: number;
  msPerFaceBatch32: number;
  /** CPU time (this process, user + system) per face: less sensitive than wall time to other jobs on the machine. */
  cpuMsPerFaceBatch1: number;
  cpuMsPerFaceBatch32: number;
  per_class: ReturnType<typeof perClassMetrics>;
  confusion: number[][];
}

export function formatTable(results: PeerResult[]): string {
  const header = [
    'model',
    '7-class acc',
    '4-class acc',
    'weight bytes',
    'ms/face b1',
    'ms/face b32',
    'CPU ms b1',
    'CPU ms b32',
  ];
  const body = results.map((r) => [
    r.name,
    `${(100 * r.accuracy).toFixed(1)}%`,
    `${(100 * r.accuracy4).toFixed(1)}%`,
    r.weightBytes.toLocaleString('en-US'),
    r.msPerFaceBatch1.toFixed(2),
    r.msPerFaceBatch32.toFixed(3),
    r.cpuMsPerFaceBatch1.toFixed(2),
    r.cpuMsPerFaceBatch32.toFixed(3),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      split: { type: 'string', default: 'validation' },
      ours: { type: 'string', default: 'public/models/emotion-cnn' },
      out: { type: 'string', default: 'src/data/peers.json' },
      runs: { type: 'string', default: '40' },
      batch: { type: 'string', default: '64' },
    },
  });
  if (!values.data) {
    console.error(
      'usage: npm run compare-peers -- --data <folder with validation/<class>/*.jpg> [--split validation] [--ours dir] [--out src/data/peers.json] [--runs 40]',
    );
    return 2;
  }
  if (!existsSync(join(values.ours, 'model.json'))) {
    console.error(
      `error: no TF.js model at ${join(values.ours, 'model.json')}; export one (/usr/bin/python3 -m training.export_tfjs) or pass --ours <dir>`,
    );
    return 2;
  }
  const runs = Math.max(3, Number(values.runs));
  const evalBatch = Math.max(1, Number(values.batch));

  let faces: Float32Array[];
  let truth: number[];
  let skipped: { path: string; reason: string }[];
  try {
    const listing = await listSplit(values.data, values.split, [...FER_LABELS]);
    skipped = listing.skipped;
    ({ inputs: faces, labels: truth } = await loadInputs(listing.files, RAW_FACE, skipped));
  } catch (error) {
    if (error instanceof DatasetError) {
      console.error(`error: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (faces.length < 32) {
    console.error(
      `error: ${values.split}/ has ${faces.length} readable images; the batch-32 timing needs at least 32`,
    );
    return 2;
  }
  console.error(
    `${values.split}: ${faces.length} faces${skipped.length ? `, ${skipped.length} file(s) skipped` : ''}`,
  );
  for (const s of skipped.slice(0, 10)) console.error(`  skipped ${s.path}: ${s.reason}`);

  await useWasmBackend();
  const models: EmotionModel[] = [
    await loadOurs(values.ours),
    await loadFaceApiExpression(),
    await loadHumanEmotion(),
  ];
  const subset = FOUR_CLASS_SUBSET.map((label) => FER_LABELS.indexOf(label));

  // Accuracy on the whole split.
  const scored = new Map<string, number[][]>();
  for (const model of models) {
    const started = performance.now();
    const scores: number[][] = [];
    for (let i = 0; i < faces.length; i += evalBatch)
      scores.push(...(await model.predict(faces.slice(i, i + evalBatch))));
    scored.set(model.id, scores);
    console.error(
      `${model.name}: scored ${scores.length} faces in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }

  // Speed: warm-up, then interleaved timed calls; median per model.
  const batch32 = faces.slice(0, 32);
  const times1 = new Map<string, number[]>(models.map((m) => [m.id, []]));
  const times32 = new Map<string, number[]>(models.map((m) => [m.id, []]));
  const cpu1 = new Map<string, number[]>(models.map((m) => [m.id, []]));
  const cpu32 = new Map<string, number[]>(models.map((m) => [m.id, []]));
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  for (const model of models) {
    for (let i = 0; i < 5; i++) await model.predict([faces[i]!]);
    for (let i = 0; i < 2; i++) await model.predict(batch32);
  }
  for (let r = 0; r < runs; r++) {
    for (const model of models) {
      let c = process.cpuUsage();
      let t = performance.now();
      await model.predict([faces[(r * 7) % faces.length]!]);
      times1.get(model.id)!.push(performance.now() - t);
      cpu1.get(model.id)!.push(cpuMs(c));
      if (r % 2 === 0) {
        c = process.cpuUsage();
        t = performance.now();
        await model.predict(batch32);
        times32.get(model.id)!.push((performance.now() - t) / 32);
        cpu32.get(model.id)!.push(cpuMs(c) / 32);
      }
    }
  }

  const results: PeerResult[] = models.map((model) => {
    const scores = scored.get(model.id)!;
    const confusion = confusionMatrix(truth, scores.map(argmax), FER_LABELS.length);
    return {
      id: model.id,
      name: model.name,
      source: model.source,
      input: model.input,
      labels: model.labels,
      labelMapping: model.toFer,
      parameters: model.parameters,
      weightBytes: model.weightBytes,
      accuracy: accuracy(confusion),
      accuracy4: subsetAccuracy(truth, scores, subset),
      msPerFaceBatch1: median(times1.get(model.id)!),
      msPerFaceBatch32: median(times32.get(model.id)!),
      cpuMsPerFaceBatch1: median(cpu1.get(model.id)!),
      cpuMsPerFaceBatch32: median(cpu32.get(model.id)!),
      per_class: perClassMetrics(confusion, [...FER_LABELS]),
      confusion,
    };
  });
  for (const model of models) model.dispose();

  const cpu = cpus();
  const report = {
    date: new Date().toISOString().slice(0, 10),
    dataset: 'FER2013',
    split: values.split,
    images: faces.length,
    skipped: skipped.length,
    labels: FER_LABELS,
    fourClassSubset: FOUR_CLASS_SUBSET,
    machine: {
      cpu: cpu[0]?.model ?? 'unknown',
      cores: cpu.length,
      loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
    },
    backend: tf.getBackend(),
    runtime: { tfjs: tf.version.tfjs, wasmThreads: getThreadsCount(), node: process.version },
    timing: `ms per face from a 48×48 gray face to probabilities (tensor creation, the model's own preprocessing, inference, reading the result); warm-up first, median of ${runs} calls at batch 1 and ${Math.ceil(runs / 2)} at batch 32, models interleaved; cpuMs*: the same calls' CPU time (user + system) of this process`,
    notes: [
      'Each model gets the whole 48×48 FER2013 image, resized to its own input as its library does.',
      "Labels: face-api's fearful, disgusted, surprised are FER2013's fear, disgust, surprise; Human's model uses FER2013's names in FER2013's original class order (angry, disgust, fear, happy, sad, surprise, neutral).",
      "Human's emotion model is oarriaga's mini-Xception, trained on FER2013's Training rows with PublicTest and PrivateTest as the pictures it was checked on while training, so our test set was seen during its model selection.",
      "face-api's training data for its expression model is not documented.",
    ],
    models: results,
  };
  await writeFile(values.out, JSON.stringify(report, null, 1) + '\n');
  console.log(formatTable(results));
  const { runtime } = report;
  console.log(
    `\n${values.split}: ${faces.length} images · ${report.backend} backend (${runtime.wasmThreads} thread${runtime.wasmThreads === 1 ? '' : 's'}), tfjs ${runtime.tfjs}, Node ${runtime.node} · ${report.machine.cpu} (${report.machine.cores} cores, load average ${report.machine.loadAverage.join(' / ')}) · ${report.date}`,
  );
  console.error(`wrote ${values.out}`);
  return 0;
}

if (import.meta.main) process.exitCode = await main();
