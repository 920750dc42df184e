/**
 * Node-only helpers for running the face mesh on image files (scripts/measure-fer2013.ts and the
 * face-mesh unit test): the model read from disk, and a grey picture cut out as the model's input.
 */
import type * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FACEMESH_INPUT } from './facemesh.ts';
import { toFrame, type Roi } from './roi.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Loads public/vendor/human/facemesh.json (or the npm package's copy) from disk. */
export function faceMeshFileHandler(
  dir = join(ROOT, 'node_modules/@vladmandic/human/models'),
): tf.io.IOHandler {
  return {
    async load() {
      const json = JSON.parse(readFileSync(join(dir, 'facemesh.json'), 'utf8'));
      const bin = readFileSync(join(dir, 'facemesh.bin'));
      return {
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap(
          (g: { weights: tf.io.WeightsManifestEntry[] }) => g.weights,
        ),
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
        signature: json.signature,
        format: json.format,
      };
    },
  };
}

/** Gray pixels (one byte each) cut out of an image, upright, as the mesh model's RGBA input (bilinear). */
export function cutGray(gray: Uint8Array, width: number, height: number, roi: Roi) {
  const S = FACEMESH_INPUT;
  const data = new Uint8ClampedArray(S * S * 4);
  const at = (x: number, y: number) =>
    x < 0 || y < 0 || x >= width || y >= height ? 0 : gray[y * width + x]!;
  for (let v = 0; v < S; v++) {
    for (let u = 0; u < S; u++) {
      const [x, y] = toFrame(roi, S, u + 0.5, v + 0.5);
      const fx = x - 0.5;
      const fy = y - 0.5;
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const ax = fx - x0;
      const ay = fy - y0;
      const g =
        (1 - ax) * (1 - ay) * at(x0, y0) +
        ax * (1 - ay) * at(x0 + 1, y0) +
        (1 - ax) * ay * at(x0, y0 + 1) +
        ax * ay * at(x0 + 1, y0 + 1);
      const o = (v * S + u) * 4;
      data[o] = data[o + 1] = data[o + 2] = g;
      data[o + 3] = 255;
    }
  }
  return { data, width: S, height: S };
}
