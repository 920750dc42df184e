/** Helpers shared by the pipeline unit tests: a small model of the same kind, frames and a scripted detector. */
import * as tf from '@tensorflow/tfjs';
import { EmotionClassifier } from '../ml/classifier.ts';
import type { ModelCard } from '../ml/model-card.ts';
import type { Pixels } from '../ml/preprocess.ts';
import type { DetectorLike } from './pipeline.ts';
import type { DetectedFace, RelativeBox } from '../vision/types.ts';

/**
 * A tiny CNN with the same kinds of layers as ours (Conv2D + ReLU, max pooling, global average pooling,
 * dense softmax) and the card's input and labels, loaded through EmotionClassifier.load like the real
 * one: fast enough to push 10,000 frames through the pipeline in a unit test.
 */
export async function tinyClassifier(card: ModelCard): Promise<EmotionClassifier> {
  const { width, height, channels } = card.input;
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [height, width, channels],
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        name: 'conv1',
      }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }),
      tf.layers.conv2d({
        filters: 6,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        name: 'conv2',
      }),
      tf.layers.globalAveragePooling2d({ name: 'gap' }),
      tf.layers.dense({ units: card.labels.length, activation: 'softmax', name: 'dense' }),
    ],
  });
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  return EmotionClassifier.load(tf.io.fromMemory(artifacts!), card);
}

/** An RGBA frame with a smooth pattern (different per `seed`), like a camera picture. */
export function makeFrame(width: number, height: number, seed = 0): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = (x * 3 + seed * 7) & 255;
      data[i + 1] = (y * 5 + x + seed) & 255;
      data[i + 2] = ((x ^ y) + seed * 13) & 255;
      data[i + 3] = 255;
    }
  }
  return { data, width, height, channels: 4 };
}

export const face = (box: RelativeBox, score = 0.9): DetectedFace => ({
  box,
  score,
  keypoints: [],
});

/** A detector that returns the faces `script(frameIndex)` says, and counts its calls. */
export function scriptedDetector<F>(
  script: (call: number) => DetectedFace[],
): DetectorLike<F> & { calls: number } {
  const d = {
    calls: 0,
    detect(_frame: F) {
      return script(d.calls++);
    },
  };
  return d;
}
