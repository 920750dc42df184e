/**
 * EmotionPipeline: the one path every frame takes, whatever the widget.
 *
 *   frame → FaceDetector → crop with margin → 48×48 grayscale (src/lib/ml/preprocess.ts)
 *         → EmotionClassifier (all faces in one batch) → smoothing per face → Prediction
 *
 * It works on one frame at a time and keeps only the per-face smoothing between frames; the loop
 * that feeds it frames (webcam or still photo) is PipelineRunner (runner.ts). Detector, classifier
 * and pixel reader are passed in, so the same code runs in the browser (MediaPipe, TF.js, canvas) and
 * in Node tests (a scripted detector, TF.js wasm/cpu, pixels in memory).
 *
 * Tensors: every tensor made for a frame is released inside that frame (EmotionClassifier uses
 * tf.tidy); pipeline-soak.test.ts runs 10,000 frames and checks tf.memory().numTensors.
 */
import type { FeatureMap } from '../ml/classifier.ts';
import type { ModelCard } from '../ml/model-card.ts';
import { FaceTracks, overlap, type SmoothingOptions } from '../ml/smoothing.ts';
import type { DetectedFace, RelativeBox } from '../vision/types.ts';
import { faceInput, facePixels, type RegionReader } from './crop.ts';
import type { FacePrediction, Prediction, StageTimings } from './types.ts';

/** What the pipeline needs of a face detector (src/lib/vision FaceDetector fits). */
export interface DetectorLike<F> {
  detect(frame: F, timestampMs?: number): DetectedFace[];
}

/** What the pipeline needs of the classifier (src/lib/ml EmotionClassifier fits). */
export interface ClassifierLike {
  readonly card: ModelCard;
  predict(inputs: Float32Array[]): number[][];
  featureMaps(input: Float32Array): { scores: number[]; maps: FeatureMap[] };
}

export interface PipelineOptions<F = unknown> {
  /** Most faces read per frame (largest first); more are counted in `facesFound`. Default 6. */
  maxFaces?: number;
  /** Smoothing of the probabilities over time (webcam). */
  smoothing?: SmoothingOptions;
  /** performance.now() or a fake clock. */
  now?: () => number;
  /**
   * On frames that run the detector, the picture the detector and the crops read instead of the frame
   * itself (the same pixels: e.g. one 2D-canvas copy of a video frame, see VideoFrameCopy in crop.ts).
   * Its time counts as cropping.
   */
  copyFrame?(frame: F, width: number, height: number): F;
}

export interface FrameOptions {
  /** Size of the frame in pixels. */
  width: number;
  height: number;
  /** Time of the frame, ms; used for the detector's video mode and the smoothing. */
  time: number;
  /** "webcam" smooths probabilities over time; "image" does not. Default "webcam". */
  source?: 'webcam' | 'image';
  /** Frames per second to report (from the FrameLoop). */
  fps?: number;
  /**
   * Also compute every convolution layer's activations for one face: `true` for the largest face, or
   * a box (e.g. where the face the reader picked was in the last frame) for the face overlapping it most.
   */
  featureMaps?: boolean | RelativeBox;
  /** Skip the detector and use these faces (e.g. to re-read a still photo without detecting again). */
  faces?: DetectedFace[];
}

const toRelative = (
  b: { x: number; y: number; width: number; height: number },
  w: number,
  h: number,
): RelativeBox => ({
  x: b.x / w,
  y: b.y / h,
  width: b.width / w,
  height: b.height / h,
});

export class EmotionPipeline<F> {
  readonly detector: DetectorLike<F>;
  readonly classifier: ClassifierLike;
  readonly reader: RegionReader<F>;
  readonly maxFaces: number;
  private readonly tracks: FaceTracks;
  private readonly now: () => number;
  private readonly frameOptions: Pick<PipelineOptions<F>, 'copyFrame'>;
  /** Every face the detector found in the last frame (before `maxFaces`). */
  lastFound: DetectedFace[] = [];

  constructor(
    // F is read from the reader (a generic detector made for a test would make it unknown).
    detector: DetectorLike<NoInfer<F>>,
    classifier: ClassifierLike,
    reader: RegionReader<F>,
    options: PipelineOptions<F> = {},
  ) {
    this.detector = detector;
    this.classifier = classifier;
    this.reader = reader;
    this.maxFaces = options.maxFaces ?? 6;
    this.tracks = new FaceTracks(options.smoothing);
    this.now = options.now ?? (() => performance.now());
    this.frameOptions = options;
  }

  get labels(): string[] {
    return this.classifier.card.labels;
  }

  /** Forgets the faces followed so far (call when the picture source changes). */
  reset(): void {
    this.tracks.reset();
  }

  /** Runs one frame through every stage. */
  process(frame: F, options: FrameOptions): Prediction {
    const { width, height, time } = options;
    const source = options.source ?? 'webcam';
    const { card } = this.classifier;
    const spec = card.input;
    const start = this.now();
    const detecting = !options.faces && width > 0 && height > 0;
    const { copyFrame } = this.frameOptions;
    const picture = detecting && copyFrame ? copyFrame(frame, width, height) : frame;
    const t0 = this.now();
    const copying = t0 - start;

    const found = options.faces ?? (detecting ? this.detector.detect(picture, time) : []);
    this.lastFound = found;
    const faces = found.slice(0, this.maxFaces);
    const t1 = this.now();

    const inputs = faces.map((f) =>
      faceInput(this.reader, picture, facePixels(f, width, height), width, height, spec),
    );
    const t2 = this.now();

    // One face may go through the feature-map model instead: it gives the same probabilities.
    let mapsIndex = -1;
    const want = options.featureMaps;
    if (want && faces.length > 0) {
      mapsIndex = 0;
      if (typeof want === 'object') {
        let best = 0;
        faces.forEach((f, i) => {
          const o = overlap(f.box, want);
          if (o > best) [best, mapsIndex] = [o, i];
        });
      }
    }
    const rest = inputs.filter((_, i) => i !== mapsIndex).map((x) => x.input);
    const restScores = this.classifier.predict(rest);
    const t3 = this.now();

    let featureMaps: Prediction['featureMaps'];
    let mapsScores: number[] | undefined;
    let t4 = t3;
    if (mapsIndex >= 0) {
      const r = this.classifier.featureMaps(inputs[mapsIndex]!.input);
      mapsScores = r.scores;
      featureMaps = { faceId: -1, maps: r.maps };
      t4 = this.now();
    }
    const raw: number[][] = [];
    for (let i = 0, j = 0; i < faces.length; i++)
      raw.push(i === mapsIndex ? mapsScores! : restScores[j++]!);

    let smoothed: { id: number; probabilities: number[] }[];
    if (source === 'webcam') {
      smoothed = this.tracks.update(
        faces.map((f) => f.box),
        raw,
        time,
      );
    } else {
      this.tracks.reset();
      smoothed = raw.map((p, i) => ({ id: i + 1, probabilities: [...p] }));
    }

    const labels = card.labels;
    const predictions: FacePrediction[] = faces.map((face, i) => {
      const probabilities = smoothed[i]!.probabilities;
      let best = 0;
      for (let k = 1; k < probabilities.length; k++)
        if (probabilities[k]! > probabilities[best]!) best = k;
      return {
        id: smoothed[i]!.id,
        box: { ...face.box },
        cropBox: toRelative(inputs[i]!.region, width, height),
        detectorScore: face.score,
        scores: Object.fromEntries(labels.map((l, k) => [l, probabilities[k]!])),
        probabilities,
        rawProbabilities: raw[i]!,
        top: labels[best]!,
        topScore: probabilities[best]!,
        crop: inputs[i]!.crop,
      };
    });
    if (featureMaps) featureMaps.faceId = predictions[mapsIndex]!.id;

    const timings: StageTimings = {
      detect: t1 - t0,
      crop: copying + t2 - t1,
      classify: t3 - t2,
      total: t4 - start,
    };
    if (featureMaps) timings.featureMaps = t4 - t3;
    return {
      faces: predictions,
      facesFound: found.length,
      fps: options.fps ?? 0,
      timings,
      frame: { width, height },
      time,
      source,
      featureMaps,
      labels,
      cropSize: { width: spec.width, height: spec.height, channels: spec.channels },
    };
  }
}
