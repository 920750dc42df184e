/** Node-only helpers: read a model card and a TF.js LayersModel from disk. */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type * as tf from "@tensorflow/tfjs";
import { parseModelCard, type ModelCard } from "./model-card.ts";

export async function readModelCard(modelDir: string): Promise<ModelCard> {
  return parseModelCard(JSON.parse(await readFile(join(modelDir, "model-card.json"), "utf8")));
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
