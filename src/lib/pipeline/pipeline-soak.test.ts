/**
 * Soak test: no tensor outlives its frame.
 *
 * Runs the real EmotionPipeline (crop → EmotionClassifier, the same code the browser runs, with
 * feature maps every few frames and 0–3 faces per frame) for 10,000 frames and checks that
 * tf.memory().numTensors is the same before, during and after.
 *
 * Where: Node, TF.js "wasm" backend (the one most browsers without a graphics card use), with a tiny
 * CNN of the same kinds of layers as ours (loaded through EmotionClassifier.load), so that 10,000
 * frames take about 10 s; the face detector is scripted and the frames are pixels in memory (MediaPipe
 * keeps its own memory in wasm, outside TF.js). A second test runs the real model for 150 frames. The browser side is checked too:
 * tests/e2e/live-demo-privacy.spec.ts reads numTensors from the running demo after more than 60 s.
 */
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { EmotionClassifier } from '../ml/classifier.ts';
import { fileHandler, readModelCard } from '../ml/node-io.ts';
import { pixelsReader } from './crop.ts';
import { EmotionPipeline } from './pipeline.ts';
import { face, makeFrame, scriptedDetector, tinyClassifier } from './pipeline-test-helpers.ts';

const MODEL_DIR = 'public/models/emotion-cnn';
/** The committed model (its card is always there; the weights come with the model's own commit). */
const HAS_MODEL = existsSync(`${MODEL_DIR}/model.json`);

/** 0, 1, 2 or 3 faces, moving a little from frame to frame (so tracks come, go and get matched). */
function facesFor(call: number) {
  const n = [1, 2, 3, 0, 2, 1][Math.floor(call / 50) % 6]!;
  const dx = (call % 10) * 0.004;
  return Array.from({ length: n }, (_, i) =>
    face({ x: 0.05 + i * 0.3 + dx, y: 0.2, width: 0.25, height: 0.35 }),
  );
}

async function soak(
  pipeline: EmotionPipeline<ReturnType<typeof makeFrame>>,
  frames: number,
  every: number,
) {
  const frameSet = [makeFrame(160, 120, 1), makeFrame(160, 120, 2), makeFrame(160, 120, 3)];
  // One frame first: the model's own lazily made tensors (if any) exist from then on.
  pipeline.process(frameSet[0]!, { width: 160, height: 120, time: 0, featureMaps: true });
  const before = tf.memory().numTensors;
  const samples: number[] = [];
  let predictions = 0;
  for (let i = 1; i <= frames; i++) {
    const p = pipeline.process(frameSet[i % 3]!, {
      width: 160,
      height: 120,
      time: i * 33,
      featureMaps: i % 7 === 0,
    });
    predictions += p.faces.length;
    if (i % every === 0) samples.push(tf.memory().numTensors);
  }
  return { before, after: tf.memory().numTensors, samples, predictions };
}

describe('soak: tf.memory().numTensors stays flat', () => {
  it('over 10,000 frames (tiny model of the same layer kinds, wasm backend)', async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    const card = await readModelCard(MODEL_DIR);
    const classifier = await tinyClassifier(card);
    const pipeline = new EmotionPipeline(scriptedDetector(facesFor), classifier, pixelsReader);
    const r = await soak(pipeline, 10_000, 1000);
    expect(r.predictions).toBeGreaterThan(10_000); // faces were really read
    expect(r.samples).toHaveLength(10);
    expect(
      r.samples.every((n) => n === r.before),
      `numTensors every 1000 frames: ${r.samples.join(', ')} (started at ${r.before})`,
    ).toBe(true);
    expect(r.after).toBe(r.before);
    classifier.dispose();
  }, 180_000);

  it.skipIf(!HAS_MODEL)(
    'over 150 frames of the real model (wasm backend)',
    async () => {
      await tf.setBackend('wasm');
      await tf.ready();
      const card = await readModelCard(MODEL_DIR);
      const classifier = await EmotionClassifier.load(fileHandler(`${MODEL_DIR}/model.json`), card);
      const pipeline = new EmotionPipeline(scriptedDetector(facesFor), classifier, pixelsReader);
      const r = await soak(pipeline, 150, 50);
      expect(
        r.samples.every((n) => n === r.before),
        `numTensors: ${r.samples.join(', ')} (started at ${r.before})`,
      ).toBe(true);
      expect(r.after).toBe(r.before);
      classifier.dispose();
      await tf.setBackend('cpu');
    },
    180_000,
  );
});
