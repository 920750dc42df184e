/**
 * How fast would an architecture run in the browser? Times the shapes in training/models.py with
 * random weights in TF.js's WebAssembly backend in Node (the backend compare-peers uses), before
 * anything is trained: speed depends on the shape, not on the weights.
 *
 *   npm run bench:shapes -- [fast-c fast-s ...] [--width 0.5] [--runs 200]
 *
 * Prints parameters, multiply-adds per face and the median ms per call at batch 1 and batch 2 (a
 * face and its mirror image).
 * --width scales every layer's filter count (0.5 = half as wide), to size a shape before adding it.
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import type * as tfTypes from "@tensorflow/tfjs";
import { median } from "./lib/stats.ts";
import { useWasmBackend } from "./lib/tf-node.ts";

type Layer = [kind: string, argument: number | null];
interface Architecture {
  channels: number;
  layers: Layer[];
}

const SIZE = 48;

/** The architectures as training/models.py defines them (one source for both languages). */
export function readArchitectures(): Record<string, Architecture> {
  const code = "import json; from training.models import ARCHITECTURES as A; print(json.dumps({k: {'channels': v['channels'], 'layers': v['layers']} for k, v in A.items()}))";
  const result = spawnSync("/usr/bin/python3", ["-c", code], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`reading training/models.py failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** A Keras-style model of the same shape as the export writes (batch norm folded away), and its multiply-adds. */
export function build(tf: typeof tfTypes, arch: Architecture, width: number): { model: tfTypes.Sequential; macs: number } {
  const model = tf.sequential();
  let side = SIZE;
  let channels = arch.channels;
  let macs = 0;
  const first = () => (model.layers.length === 0 ? { inputShape: [SIZE, SIZE, arch.channels] } : {});
  arch.layers.forEach(([kind, argument], index) => {
    const last = index === arch.layers.length - 1;
    const filters = Math.max(1, Math.round((argument ?? 0) * width));
    if (kind === "conv" || kind === "downconv") {
      const strides = kind === "downconv" ? 2 : 1;
      model.add(tf.layers.conv2d({ ...first(), filters, kernelSize: 3, strides, padding: "same", activation: "relu" }));
      side /= strides;
      macs += side * side * 9 * channels * filters;
      channels = filters;
    } else if (kind === "sepconv") {
      model.add(tf.layers.depthwiseConv2d({ ...first(), kernelSize: 3, padding: "same", activation: "relu" }));
      model.add(tf.layers.conv2d({ filters, kernelSize: 1, activation: "relu" }));
      macs += side * side * (9 * channels + channels * filters);
      channels = filters;
    } else if (kind === "pool") {
      model.add(tf.layers.maxPooling2d({ ...first(), poolSize: 2 }));
      side /= 2;
    } else if (kind === "gap") {
      model.add(tf.layers.globalAveragePooling2d({ ...first() }));
      side = 1;
    } else if (kind === "flatten") {
      model.add(tf.layers.flatten({ ...first() }));
      channels *= side * side;
      side = 1;
    } else if (kind === "dropout") {
      model.add(tf.layers.dropout({ ...first(), rate: argument ?? 0 }));
    } else if (kind === "dense") {
      const units = last ? (argument ?? 7) : filters;
      model.add(tf.layers.dense({ ...first(), units, activation: last ? "softmax" : "relu" }));
      macs += channels * units;
      channels = units;
    } else {
      throw new Error(`unknown layer kind ${kind}`);
    }
  });
  return { model, macs };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { width: { type: "string", default: "1" }, runs: { type: "string", default: "200" } },
  });
  const width = Number(values.width);
  const runs = Number(values.runs);
  const architectures = readArchitectures();
  const names = positionals.length ? positionals : ["emotion-cnn", "fast-a", "fast-s"];
  const unknown = names.filter((n) => !architectures[n]);
  if (unknown.length || !(width > 0) || !(runs > 0)) {
    console.error(`usage: npm run bench:shapes -- [${Object.keys(architectures).join(" ")}] [--width 0.5] [--runs 200]`);
    return 2;
  }
  const tf = await useWasmBackend();
  const models = names.map((name) => ({ name, ...build(tf, architectures[name]!, width) }));
  const faces = [1, 2].map((n) => tf.randomUniform([n, SIZE, SIZE, 1]));
  const time = (model: tfTypes.Sequential, x: tfTypes.Tensor) => {
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
      "M multiply-adds": +(macs / 1e6).toFixed(1),
      "ms batch 1": +median(times[m]![0]!).toFixed(2),
      "ms batch 2 (with mirror)": +median(times[m]![1]!).toFixed(2),
    })),
  );
  return 0;
}

if (import.meta.main) process.exitCode = await main();
