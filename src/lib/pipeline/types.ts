/** What the pipeline gives for every frame, and the small message it becomes for embedders. */
import type { FeatureMap } from '../ml/classifier.ts';
import type { RelativeBox } from '../vision/types.ts';

/** Milliseconds spent in each stage of one frame. Stages that did not run are absent. */
export interface StageTimings {
  /** MediaPipe face detector. */
  detect: number;
  /** Reading the face regions' pixels and making the 48×48 model inputs (src/lib/ml/preprocess.ts). */
  crop: number;
  /** The emotion CNN, all faces in one batch. */
  classify: number;
  /** Every convolution layer's activations for one face (only in frames that asked for them). */
  featureMaps?: number;
  /** The whole frame in the pipeline (detect + crop + classify + feature maps). */
  total: number;
}

export interface FacePrediction {
  /** Stable while the face stays in view (1, 2, 3…); a still photo numbers its faces from 1. */
  id: number;
  /** Where the face is, relative to the (unmirrored) frame, 0–1. */
  box: RelativeBox;
  /** The square region (face box plus the model card's margin) that was cut out for the model, 0–1. */
  cropBox: RelativeBox;
  /** How sure the face detector is that this is a face, 0–1. */
  detectorScore: number;
  /** Probability of each label (smoothed over time for a webcam), adding up to 1. */
  scores: Record<string, number>;
  /** The same probabilities in the model card's label order. */
  probabilities: number[];
  /** This frame's probabilities before smoothing, label order. */
  rawProbabilities: number[];
  /** The most likely label, and its probability. */
  top: string;
  topScore: number;
  /** The model's view of the face before normalisation: width × height × channels values 0–255 (48×48 gray). */
  crop: Float32Array;
}

export interface Prediction {
  /** Faces found, largest first (at most `maxFaces`). */
  faces: FacePrediction[];
  /** Faces the detector found in all, including those beyond `maxFaces`. */
  facesFound: number;
  /** Frames per second of the whole pipeline, smoothed (0 for a still photo). */
  fps: number;
  timings: StageTimings;
  /** Size of the frame in pixels. */
  frame: { width: number; height: number };
  /** The time given for this frame (ms, performance.now() clock). */
  time: number;
  /** "webcam" or "image". */
  source: 'webcam' | 'image';
  /** Activations of every convolution layer for one face, when they were asked for. */
  featureMaps?: { faceId: number; maps: FeatureMap[] };
  /** Label order of the model card (the keys of `scores`). */
  labels: string[];
  /** Width × height × channels of `crop`. */
  cropSize: { width: number; height: number; channels: number };
}

/**
 * The message an embedded widget posts to its parent window for every prediction (at most 10 a
 * second). See docs/embedding.md.
 */
export interface PredictionMessage {
  source: 'emotion-lens';
  type: 'prediction';
  /** Protocol version; bumped if a field changes meaning. */
  version: 1;
  /** Name of the widget that sent it, e.g. "live-demo". */
  widget: string;
  faces: { box: RelativeBox; scores: Record<string, number>; top: string }[];
  fps: number;
}

const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

/** The plain, structured-clone-safe message for embedders: boxes, scores and top label only. */
export function toPredictionMessage(prediction: Prediction, widget: string): PredictionMessage {
  return {
    source: 'emotion-lens',
    type: 'prediction',
    version: 1,
    widget,
    faces: prediction.faces.map((f) => ({
      box: {
        x: round(f.box.x),
        y: round(f.box.y),
        width: round(f.box.width),
        height: round(f.box.height),
      },
      scores: Object.fromEntries(Object.entries(f.scores).map(([k, v]) => [k, round(v)])),
      top: f.top,
    })),
    fps: round(prediction.fps, 1),
  };
}

/** True when `data` looks like a message from an Emotion Lens widget. */
export function isPredictionMessage(data: unknown): data is PredictionMessage {
  const d = data as Partial<PredictionMessage> | null;
  return !!d && d.source === 'emotion-lens' && d.type === 'prediction' && Array.isArray(d.faces);
}
