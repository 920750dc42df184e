/**
 * The three emotion models the comparison runs, behind one interface: each takes the same
 * 48×48 grayscale face (0–255, what FER2013 stores) and returns probabilities in FER2013's
 * folder order, doing internally exactly the preprocessing its own library does:
 *
 * - face-api.js (@vladmandic/face-api FaceExpressionNet, model/face_expression_model): face-api's own
 *   network code. The face goes in as an RGB tensor (gray copied into R, G and B, 0–255);
 *   NetInput.toBatchTensor(112, true) pads it to a square (a no-op here) and resizes it
 *   bilinearly to 112×112; FaceFeatureExtractor subtracts the mean RGB (122.782, 117.001,
 *   104.298) and divides by 255; four dense blocks, an average pool, a dense layer and a softmax.
 * - Human (@vladmandic/human models/emotion.json, oarriaga's mini-Xception): as src/gear/emotion.ts
 *   does for a 1-channel model: the RGB face in 0–1 is resized bilinearly to 64×64, turned to gray
 *   with weights (0.2989, 0.5870, 0.1140), then x = (gray − 0.5) × 2; the graph ends in a softmax.
 * - Ours (a TF.js LayersModel with its model card): src/lib/ml/classifier.ts on the card's
 *   normalisation (x = pixel × scale + offset), averaging with the mirrored face when the card's
 *   test_time_mirror says so — exactly what the site runs.
 *
 * Weights are read from disk through IOHandlers / tf.io.decodeWeights: no network.
 */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { EmotionClassifier } from '../../../src/lib/ml/classifier.ts';
import { normalise } from '../../../src/lib/ml/preprocess.ts';
import { fileHandler, readModelCard } from '../../../src/lib/ml/node-io.ts';
import { modelFileHandler, weightBytes } from './graph-io.ts';
import {
  FACE_API_LABELS,
  FACE_API_TO_FER,
  FER_LABELS,
  HUMAN_LABELS,
  HUMAN_TO_FER,
  labelIndexMap,
  remapScores,
} from './labels.ts';

export const FACE_SIZE = 48;

export interface EmotionModel {
  id: string;
  name: string;
  source: string;
  /** The preprocessing it applies to the 48×48 face, in words. */
  input: string;
  /** The model's own output labels, in its order. */
  labels: readonly string[];
  /** Its label → FER2013 folder name. */
  toFer: Record<string, string>;
  weightBytes: number;
  parameters: number;
  /** 48×48 gray faces, 0–255, row-major → probabilities in FER_LABELS order. */
  predict(faces: Float32Array[]): Promise<number[][]>;
  dispose(): void;
}

const HUMAN_MODEL = 'node_modules/@vladmandic/human/models/emotion.json';
const FACE_API_MANIFEST =
  'node_modules/@vladmandic/face-api/model/face_expression_model-weights_manifest.json';

function stackFaces(faces: Float32Array[]): tf.Tensor4D {
  const batch = new Float32Array(faces.length * FACE_SIZE * FACE_SIZE);
  faces.forEach((face, i) => {
    if (face.length !== FACE_SIZE * FACE_SIZE)
      throw new Error(`expected a ${FACE_SIZE}×${FACE_SIZE} gray face, got ${face.length} values`);
    batch.set(face, i * FACE_SIZE * FACE_SIZE);
  });
  return tf.tensor4d(batch, [faces.length, FACE_SIZE, FACE_SIZE, 1]);
}

function rows(values: ArrayLike<number>, n: number, groups: number[][]): number[][] {
  const classes = values.length / n;
  const out: number[][] = [];
  for (let i = 0; i < n; i++)
    out.push(
      remapScores(Array.prototype.slice.call(values, i * classes, (i + 1) * classes), groups),
    );
  return out;
}

/** Learned values: float tensors only (a graph's int32 constants, e.g. reshape targets, are not parameters). */
function countParameters(specs: { shape: number[]; dtype?: string }[]): number {
  return specs
    .filter((w) => (w.dtype ?? 'float32') === 'float32')
    .reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
}

/** Human's emotion model, preprocessed as @vladmandic/human src/gear/emotion.ts does. */
export async function loadHumanEmotion(modelJson = HUMAN_MODEL): Promise<EmotionModel> {
  const model = await tf.loadGraphModel(modelFileHandler(modelJson));
  const shape = model.inputs[0]?.shape ?? [];
  if (shape[3] !== 1)
    throw new Error(
      `${modelJson}: expected Human's grayscale emotion model, input shape is ${JSON.stringify(shape)}`,
    );
  const size = shape[2]!;
  const rgb = tf.tensor1d([0.2989, 0.587, 0.114]);
  const groups = labelIndexMap(HUMAN_LABELS, HUMAN_TO_FER, FER_LABELS);
  const manifest = JSON.parse(await readFile(modelJson, 'utf8'));
  return {
    id: 'human',
    name: 'Human emotion (mini-Xception)',
    source: '@vladmandic/human/models/emotion.json',
    input: `RGB 0–1 → resizeBilinear ${size}×${size} → gray (0.2989 R + 0.5870 G + 0.1140 B) → (x − 0.5) × 2`,
    labels: HUMAN_LABELS,
    toFer: HUMAN_TO_FER,
    weightBytes: await weightBytes(modelJson),
    parameters: countParameters(
      manifest.weightsManifest.flatMap(
        (g: { weights: { shape: number[]; dtype: string }[] }) => g.weights,
      ),
    ),
    async predict(faces) {
      const probabilities = tf.tidy(() => {
        const face = tf.tile(tf.div(stackFaces(faces), 255), [1, 1, 1, 3]); // Human's face crops are RGB in 0–1
        const resized = tf.image.resizeBilinear(face as tf.Tensor4D, [size, size], false);
        const gray = tf.sum(tf.mul(resized, rgb), 3, true);
        return model.execute(tf.mul(tf.sub(gray, 0.5), 2)) as tf.Tensor;
      });
      const values = await probabilities.data();
      probabilities.dispose();
      return rows(values, faces.length, groups);
    },
    dispose() {
      model.dispose();
      rgb.dispose();
    },
  };
}

type FaceApi = typeof import('@vladmandic/face-api/dist/face-api.node-wasm.js');

/** face-api.js's FaceExpressionNet, run by face-api's own code (its Node build that uses tfjs + wasm). */
export async function loadFaceApiExpression(
  manifestPath = FACE_API_MANIFEST,
): Promise<EmotionModel> {
  const faceapi = createRequire(import.meta.url)(
    '@vladmandic/face-api/dist/face-api.node-wasm.js',
  ) as FaceApi;
  const groups: tf.io.WeightsManifestConfig = JSON.parse(await readFile(manifestPath, 'utf8'));
  const specs = groups.flatMap((g) => g.weights);
  const buffers: Buffer[] = [];
  for (const group of groups)
    for (const path of group.paths) buffers.push(await readFile(join(dirname(manifestPath), path)));
  const all = Buffer.concat(buffers);
  const weightMap = tf.io.decodeWeights(
    all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
    specs,
  );
  const net = new faceapi.FaceExpressionNet();
  // face-api's typings name its own bundled copy of the tfjs types; at run time it is the same tfjs.
  net.loadFromWeightMap(weightMap as unknown as Parameters<typeof net.loadFromWeightMap>[0]);
  const labelGroups = labelIndexMap(FACE_API_LABELS, FACE_API_TO_FER, FER_LABELS);
  return {
    id: 'face-api',
    name: 'face-api.js FaceExpressionNet',
    source: '@vladmandic/face-api/model/face_expression_model',
    input:
      'RGB 0–255 → pad to square → resizeBilinear 112×112 → minus mean RGB (122.782, 117.001, 104.298) → ÷ 255',
    labels: FACE_API_LABELS,
    toFer: FACE_API_TO_FER,
    weightBytes: await weightBytes(manifestPath),
    parameters: countParameters(specs),
    async predict(faces) {
      const images = tf.tidy(() =>
        tf.unstack(tf.tile(stackFaces(faces), [1, 1, 1, 3])),
      ) as tf.Tensor3D[];
      const probabilities = (await net.forward(
        images as unknown as Parameters<typeof net.forward>[0],
      )) as unknown as tf.Tensor2D;
      const values = await probabilities.data();
      probabilities.dispose();
      tf.dispose(images);
      return rows(values, faces.length, labelGroups);
    },
    dispose() {
      net.dispose();
      tf.dispose(Object.values(weightMap));
    },
  };
}

/** Our model through the site's own classifier and its model card. */
export async function loadOurs(modelDir: string): Promise<EmotionModel> {
  const card = await readModelCard(modelDir);
  const { width, height, channels } = card.input;
  if (width !== FACE_SIZE || height !== FACE_SIZE)
    throw new Error(
      `${modelDir}: the comparison feeds ${FACE_SIZE}×${FACE_SIZE} faces, the card asks for ${width}×${height}`,
    );
  const classifier = await EmotionClassifier.load(fileHandler(join(modelDir, 'model.json')), card);
  const identity = Object.fromEntries(card.labels.map((l) => [l, l]));
  const groups = labelIndexMap(card.labels, identity, FER_LABELS);
  const manifest = JSON.parse(await readFile(join(modelDir, 'model.json'), 'utf8'));
  return {
    id: 'ours',
    name: `Ours (${card.name})`,
    source: modelDir,
    input: `gray ${width}×${height}${channels === 3 ? ' copied to RGB' : ''}, x = pixel × ${card.input.scale.toPrecision(6)} + ${card.input.offset}${card.test_time_mirror ? '; scores averaged with the mirrored face (two passes)' : ''}`,
    labels: card.labels,
    toFer: identity,
    weightBytes: await weightBytes(join(modelDir, 'model.json')),
    parameters: countParameters(
      manifest.weightsManifest.flatMap(
        (g: { weights: { shape: number[]; dtype: string }[] }) => g.weights,
      ),
    ),
    async predict(faces) {
      const inputs = faces.map((face) => {
        const x = normalise(Float32Array.from(face), card.input);
        if (channels === 1) return x;
        const rgb = new Float32Array(x.length * 3);
        x.forEach((v, i) => rgb.fill(v, 3 * i, 3 * i + 3));
        return rgb;
      });
      return classifier.predict(inputs).map((scores) => remapScores(scores, groups));
    },
    dispose() {
      classifier.dispose();
    },
  };
}
