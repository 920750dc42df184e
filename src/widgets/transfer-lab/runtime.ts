/**
 * The lab's heavy part, imported when the reader picks a picture: TF.js, the shared live pipeline
 * (face finder + our emotion CNN, src/lib/pipeline) and the frozen trunk cut out of the CNN.
 *
 * Every frame goes through the usual pipeline (so the old 7-emotion head still answers), and the lab
 * runs the trunk once more on the face crops it needs features for: examples being recorded, and the
 * faces the new head reads. All tensors are released in tf.tidy (head.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { normalise } from '../../lib/ml/preprocess.ts';
import { loadPipeline, type LoadProgress, type LoadedPipeline } from '../../lib/pipeline/load.ts';
import { PipelineRunner, type RunnerOptions } from '../../lib/pipeline/runner.ts';
import {
  extractFeatures,
  featureExtractor,
  featureSize,
  trainHead,
  type Example,
  type TrainOptions,
  type TrainedHead,
} from './head.ts';

export interface LabRuntime {
  loaded: LoadedPipeline;
  runner: PipelineRunner;
  /** Numbers per face the trunk gives (160 for our model). */
  featureCount: number;
  /** Trunk features of face crops as the pipeline gives them (48×48, values 0–255). */
  featuresOfCrops(crops: Float32Array[]): Float32Array[];
  train(examples: Example[], classes: number, options: TrainOptions): Promise<TrainedHead>;
  /** tf.memory().numTensors (tests check that it stays flat). */
  tensors(): number;
  dispose(): void;
}

export async function createRuntime(options: {
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
  runner: RunnerOptions;
}): Promise<LabRuntime> {
  const loaded = await loadPipeline({ onProgress: options.onProgress, signal: options.signal });
  const { card } = loaded.classifier;
  // Shares the CNN's layers and weights: never disposed (that would break the emotion model).
  const extractor = featureExtractor(loaded.classifier.model);
  const runner = new PipelineRunner(loaded.pipeline, loaded.detector, options.runner);
  return {
    loaded,
    runner,
    featureCount: featureSize(extractor),
    featuresOfCrops(crops) {
      return extractFeatures(
        extractor,
        crops.map((c) => normalise(Float32Array.from(c), card.input)),
      );
    },
    train: (examples, classes, opts) => trainHead(examples, classes, opts),
    tensors: () => tf.memory().numTensors,
    dispose() {
      runner.stop();
      loaded.close();
    },
  };
}

/** The same face seen in a mirror: a width × height crop flipped left to right. */
export function mirrorCrop(crop: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(crop.length);
  const channels = crop.length / (width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++)
        out[(y * width + x) * channels + c] = crop[(y * width + (width - 1 - x)) * channels + c]!;
    }
  }
  return out;
}

/**
 * Lets the page handle input and draw between two epochs. A task (setTimeout), not an animation
 * frame: waiting for frames made training 20 times slower in a busy page.
 */
export const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
