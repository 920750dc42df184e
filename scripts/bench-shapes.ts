/**
 * How fast would an architecture run in the browser? Times the shapes in training/models.py with
 * random weights in TF.js's WebAssembly backend in Node (the backend compare-peers uses), before
 * anything is trained: speed depends on the shape, not on the weights. The models are written by
 * the shipped model's own export (training/untrained.py), so what is timed is what would ship.
 *
 *   npm run bench:shapes -- [fast-c fast-s ...] [--width 0.5] [--runs 200]
 *
 * Prints parameters, multiply-adds per face and the median ms per call at batch 1 and batch 2 (a
 * face and its mirror image).
 * --width scales every layer's filter count (0.5 = half as wide), to size a shape before adding it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type * as tfTypes from '@tensorflow/tfjs';
import { fileHandler } from '../src/lib/ml/node-io.ts';
import { median } from '../src/lib/stats.ts';
import { useWasmBackend } from './lib/tf-node.ts';

const SIZE = 48;
const PYTHON = '/usr/bin/python3';

/** Untrained models written by the same export as the shipped one (training/untrained.py). */
function exportUntrained(
  names: string[],
  width: number,
  out: string,
): Record<string, { path: string; multiply_adds: number }> {
  const result = spawnSync(
    PYTHON,
    ['-m', 'training.untrained', '--out', out, '--width', String(width), ...names],
    { encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(result.stderr.trim().split('\n').at(-1) ?? 'training.untrained failed');
  return JSON.parse(result.stdout);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { width: { type: 'string', default: '1' }, runs: { type: 'string', default: '200' } },
  });
  const width = Number(values.width);
  const runs = Number(values.runs);
  const names = positionals.length ? positionals : ['emotion-cnn', 'fast-a', 'fast-s'];
  if (!(width > 0) || !(runs > 0)) {
    console.error(
      'usage: npm run bench:shapes -- [names from training/models.py] [--width 0.5] [--runs 200]',
    );
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-shapes-'));
  try {
    let exported: ReturnType<typeof exportUntrained>;
    try {
      exported = exportUntrained(names, width, dir);
    } catch (error) {
      console.error((error as Error).message);
      return 2;
    }
    const tf = await useWasmBackend();
    const models = await Promise.all(
      names.map(async (name) => ({
        name,
        macs: exported[name]!.multiply_adds,
        model: await tf.loadLayersModel(fileHandler(exported[name]!.path)),
      })),
    );
    const faces = [1, 2].map((n) => tf.randomUniform([n, SIZE, SIZE, 1]));
    const time = (model: tfTypes.LayersModel, x: tfTypes.Tensor) => {
      const started = performance.now();
      const y = model.predict(x) as tfTypes.Tensor;
      y.dataSync();
      y.dispose();
      return performance.now() - started;
    };
    // Each model runs in blocks (warm-up first): calls interleaved one by one with a bigger model ran
    // up to twice as slow here, the caches holding the other model's weights. Five rounds of blocks
    // still spread background load over all models alike.
    const times = models.map(() => [[] as number[], [] as number[]]);
    const rounds = 5;
    for (let r = 0; r < rounds; r++) {
      models.forEach(({ model }, m) =>
        faces.forEach((x, b) => {
          for (let i = 0; i < 5; i++) time(model, x);
          for (let i = 0; i < Math.ceil(runs / rounds); i++) times[m]![b]!.push(time(model, x));
        }),
      );
    }
    console.table(
      models.map(({ name, model, macs }, m) => ({
        shape: width === 1 ? name : `${name} ×${width} width`,
        parameters: model.countParams(),
        'M multiply-adds': +(macs / 1e6).toFixed(1),
        'ms batch 1': +median(times[m]![0]!).toFixed(2),
        'ms batch 2 (with mirror)': +median(times[m]![1]!).toFixed(2),
      })),
    );
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) process.exitCode = await main();
