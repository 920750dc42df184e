/**
 * Facts about the face-mesh model, read from the model's own files (@vladmandic/human's
 * models/facemesh.json and its weights, which scripts/prepare-assets.ts copies unchanged into
 * public/vendor/human/): the square it reads, how many points it gives back, and how many bytes the
 * browser downloads. Lesson 8 and the face-mesh widget's shell quote these instead of typing them.
 *
 * Build time only (Node: it reads files from disk); browser code uses MESH_POINTS from features.ts,
 * which mesh-model.test.ts keeps equal to the model's output.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface MeshModelFacts {
  /** Side of the square picture the model reads, pixels (192). */
  inputSize: number;
  /** Landmarks it gives back: its mesh output holds x, y and z for each. */
  points: number;
  /** The model file and its weights, as the browser downloads them. */
  downloadBytes: number;
}

interface TensorShape {
  tensorShape: { dim: { size: string }[] };
}

interface GraphModelJson {
  signature: { inputs: Record<string, TensorShape>; outputs: Record<string, TensorShape> };
  weightsManifest: { paths: string[] }[];
}

const MODEL_DIR = join(process.cwd(), 'node_modules/@vladmandic/human/models');

const dims = (t: TensorShape | undefined) => (t?.tensorShape.dim ?? []).map((d) => Number(d.size));

export function readMeshModelFacts(dir = MODEL_DIR): MeshModelFacts {
  const json = JSON.parse(readFileSync(join(dir, 'facemesh.json'), 'utf8')) as GraphModelJson;
  const input = dims(Object.values(json.signature.inputs)[0]); // [batch, height, width, channels]
  const mesh = dims(json.signature.outputs.output_mesh).at(-1) ?? 0; // x, y, z per point
  if (!(input[1]! > 0) || input[1] !== input[2] || mesh % 3 !== 0 || mesh === 0) {
    throw new Error(
      `Unexpected face-mesh signature: input ${JSON.stringify(input)}, mesh output ${mesh}`,
    );
  }
  const files = ['facemesh.json', ...json.weightsManifest.flatMap((group) => group.paths)];
  return {
    inputSize: input[1]!,
    points: mesh / 3,
    downloadBytes: files.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0),
  };
}

export const meshModel: MeshModelFacts = readMeshModelFacts();
