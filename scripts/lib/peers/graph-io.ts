/**
 * Node-only: reads a TF.js model (graph or layers) from disk as the IOHandler that
 * tf.loadGraphModel / tf.loadLayersModel accept, keeping the signature and metadata
 * (graph models name their outputs there). No network involved.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';

interface ModelJson {
  modelTopology: object;
  weightsManifest: tf.io.WeightsManifestConfig;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  signature?: object;
  userDefinedMetadata?: Record<string, object>;
  modelInitializer?: object;
}

export function modelFileHandler(modelJsonPath: string): tf.io.IOHandler {
  return {
    async load() {
      const json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as ModelJson;
      const dir = dirname(modelJsonPath);
      const buffers: Buffer[] = [];
      for (const group of json.weightsManifest)
        for (const path of group.paths) buffers.push(await readFile(join(dir, path)));
      const all = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy ?? undefined,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        modelInitializer: json.modelInitializer,
      };
    },
  };
}

/** Total size of the weight files a model.json (or a face-api *-weights_manifest.json) lists. */
export async function weightBytes(manifestPath: string): Promise<number> {
  const json = JSON.parse(await readFile(manifestPath, 'utf8'));
  const groups: tf.io.WeightsManifestConfig = Array.isArray(json) ? json : json.weightsManifest;
  let bytes = 0;
  for (const group of groups)
    for (const path of group.paths) bytes += (await stat(join(dirname(manifestPath), path))).size;
  return bytes;
}
