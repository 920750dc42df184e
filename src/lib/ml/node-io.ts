/** Node-only helpers: read a model card and a TF.js LayersModel from disk. */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type * as tf from "@tensorflow/tfjs";
import { parseModelCard, type ModelCard } from "./model-card.ts";
import { weightFilePaths } from "./model-json.ts";

export async function readModelCard(modelDir: string): Promise<ModelCard> {
  return parseModelCard(JSON.parse(await readFile(join(modelDir, "model-card.json"), "utf8")));
}

/** A model folder's model.json, as parsed JSON (./model-json.ts reads what it describes). */
export function readModelJson(modelDir: string): tf.io.ModelJSON {
  return JSON.parse(readFileSync(join(modelDir, "model.json"), "utf8")) as tf.io.ModelJSON;
}

/** The bytes of every weight file a model folder's model.json names, joined in the manifest's order. */
export function readWeightBytes(modelDir: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.concat(weightFilePaths(readModelJson(modelDir)).map((path) => readFileSync(join(modelDir, path)))));
}

/** An IOHandler that tf.loadLayersModel accepts, reading model.json and its weight files. */
export function fileHandler(modelJsonPath: string): tf.io.IOHandler {
  return {
    async load() {
      const json = JSON.parse(await readFile(modelJsonPath, "utf8"));
      const dir = dirname(modelJsonPath);
      const weightSpecs = json.weightsManifest.flatMap((group: tf.io.WeightsManifestConfig[number]) => group.weights);
      const buffers = [];
      for (const group of json.weightsManifest as tf.io.WeightsManifestConfig) {
        for (const path of group.paths) buffers.push(await readFile(join(dir, path)));
      }
      const all = Buffer.concat(buffers);
      const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
      return { modelTopology: json.modelTopology, weightSpecs, weightData, format: json.format, generatedBy: json.generatedBy };
    },
  };
}
