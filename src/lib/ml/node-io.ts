/** Node-only helpers: read a model card and a TF.js LayersModel from disk. */
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { ModelCard } from './model-card.ts';
import { weightFilePaths } from './model-json.ts';
import { validateModelCard } from './validate-model-card.ts';

export async function readModelCard(modelDir: string): Promise<ModelCard> {
  const path = join(modelDir, 'model-card.json');
  return validateModelCard(JSON.parse(await readFile(path, 'utf8')), path);
}

/** Writes model-card.json only if the card matches the schema, so no script leaves one the site cannot read. */
export async function writeModelCard(modelDir: string, card: unknown): Promise<void> {
  const path = join(modelDir, 'model-card.json');
  validateModelCard(card, path);
  await writeFile(path, JSON.stringify(card, null, 1) + '\n');
}

/** A model folder's model.json, as parsed JSON (./model-json.ts reads what it describes). */
export function readModelJson(modelDir: string): tf.io.ModelJSON {
  return JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
}

/** The bytes of every weight file a model folder's model.json names, joined in the manifest's order. */
export function readWeightBytes(modelDir: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(
    Buffer.concat(
      weightFilePaths(readModelJson(modelDir)).map((path) => readFileSync(join(modelDir, path))),
    ),
  );
}

/** An IOHandler that tf.loadLayersModel accepts, reading model.json and its weight files. */
export function fileHandler(modelJsonPath: string): tf.io.IOHandler {
  return {
    async load() {
      const json = JSON.parse(await readFile(modelJsonPath, 'utf8'));
      const dir = dirname(modelJsonPath);
      const weightSpecs = json.weightsManifest.flatMap(
        (group: tf.io.WeightsManifestConfig[number]) => group.weights,
      );
      const buffers = [];
      for (const group of json.weightsManifest as tf.io.WeightsManifestConfig) {
        for (const path of group.paths) buffers.push(await readFile(join(dir, path)));
      }
      const all = Buffer.concat(buffers);
      const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
      return {
        modelTopology: json.modelTopology,
        weightSpecs,
        weightData,
        format: json.format,
        generatedBy: json.generatedBy,
      };
    },
  };
}
