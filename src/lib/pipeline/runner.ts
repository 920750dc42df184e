/**
 * PipelineRunner: feeds an EmotionPipeline from a frame source (browser only).
 *
 *   webcam → FrameLoop (one call per new video frame, paused while the tab is hidden,
 *            stopped when the camera goes away) → pipeline.process → onPrediction
 *   still photo → detector in image mode, once → pipeline.process → onPrediction
 *
 * It also decides when a frame computes the feature maps: only when the widget wants them, and at
 * most every `featureMapsInterval` ms or less often if they are slow, so that they take at most
 * `featureMapsShare` of the time (the demo stays smooth). With a webcam, a LoadAdapter watches what
 * each frame costs and, when the page cannot keep up with the camera, draws the feature maps less
 * often and runs the detector on one frame in two or three, following the faces in between
 * (load-adapter.ts, follow.ts); `reduction` says what it left out.
 */
import { FrameLoop } from '../vision/frame-loop.ts';
import type { DetectedFace, FrameImage, FrameSource, RelativeBox } from '../vision/types.ts';
import { followFaces, type Detection } from './follow.ts';
import { LoadAdapter, REDUCTIONS, type Reduction } from './load-adapter.ts';
import type { EmotionPipeline } from './pipeline.ts';
import type { Prediction } from './types.ts';

/** What the runner needs of the detector beyond detect(): switching between webcam and photo mode. */
export interface ModalDetector {
  setMode(mode: 'image' | 'video'): Promise<void>;
}

export interface RunnerOptions {
  onPrediction(prediction: Prediction): void;
  /** Errors while processing a frame. The loop goes on unless this returns false. */
  onError?(error: unknown): boolean | void;
  /** Upper bound on frames per second (default 60). */
  maxFps?: number;
  /**
   * Called before each frame: return false when no feature maps are needed, true for the largest
   * face, or the box of the face to show (see FrameOptions.featureMaps).
   */
  wantFeatureMaps?(): boolean | RelativeBox;
  /** Shortest time between two feature-map frames, ms (default 200). */
  featureMapsInterval?: number;
  /** Largest share of the time the feature maps may take (default 0.25). */
  featureMapsShare?: number;
}

export class PipelineRunner {
  private pipeline: EmotionPipeline<FrameImage>;
  private detector: ModalDetector;
  private readonly options: RunnerOptions;
  private loop: FrameLoop | null = null;
  private source: FrameSource | null = null;
  private stillFaces: DetectedFace[] | null = null;
  private lastMapsAt = -Infinity;
  private mapsCost = 0;
  private generation = 0;
  private adapter: LoadAdapter | null = null;
  private frameIndex = 0;
  private detections: [Detection | null, Detection | null] = [null, null];

  constructor(
    pipeline: EmotionPipeline<FrameImage>,
    detector: ModalDetector,
    options: RunnerOptions,
  ) {
    this.pipeline = pipeline;
    this.detector = detector;
    this.options = options;
  }

  /** The source being shown, if any. */
  get current(): FrameSource | null {
    return this.source;
  }

  /** What the webcam loop leaves out to keep up (step 0: nothing; always step 0 for a photo). */
  get reduction(): Reduction {
    return this.adapter?.current ?? REDUCTIONS[0]!;
  }

  /** Frames per second of the running loop (0 for a still photo). */
  get fps(): number {
    return this.loop?.fps ?? 0;
  }

  /** Camera frames the running loop did not handle, since it started (FrameLoop.missed). */
  get missed(): number {
    return this.loop?.missed ?? 0;
  }

  /** Swaps in another pipeline/detector (e.g. after switching the detector's range) and re-runs. */
  async replacePipeline(
    pipeline: EmotionPipeline<FrameImage>,
    detector: ModalDetector,
  ): Promise<void> {
    this.pipeline = pipeline;
    this.detector = detector;
    const source = this.source;
    if (source) await this.show(source);
  }

  /** Shows a source: a webcam runs until stop() or show(another); a photo is read once. */
  async show(source: FrameSource): Promise<void> {
    this.halt();
    const generation = ++this.generation;
    this.source = source;
    this.pipeline.reset();
    this.lastMapsAt = -Infinity;
    this.frameIndex = 0;
    this.detections = [null, null];
    this.adapter = source.live
      ? new LoadAdapter({
          featureMapsShare: this.options.featureMapsShare,
          featureMapsInterval: this.options.featureMapsInterval,
        })
      : null;
    await this.detector.setMode(source.live ? 'video' : 'image');
    if (generation !== this.generation) return;
    if (!source.live) {
      this.stillFaces = null;
      this.refresh();
      return;
    }
    const video = source.element instanceof HTMLVideoElement ? source.element : undefined;
    const loop = new FrameLoop((frame) => this.frame(source, frame.now, frame.fps), {
      video,
      maxFps: this.options.maxFps ?? 60,
      onError: (e) => this.options.onError?.(e),
    });
    const ends = source as Partial<{ onEnded(listener: (reason: unknown) => void): () => void }>;
    if (typeof ends.onEnded === 'function')
      loop.stopWhen(ends as { onEnded(listener: (reason: unknown) => void): () => void });
    this.loop = loop;
    loop.start();
  }

  /**
   * Reads the still photo again (without detecting again), e.g. to get the feature maps of another
   * face. Does nothing for a webcam: the next frame comes soon anyway.
   */
  refresh(): void {
    const source = this.source;
    if (!source || source.live) return;
    try {
      this.options.onPrediction(this.run(source, performance.now(), 0, true));
    } catch (e) {
      this.options.onError?.(e);
    }
  }

  private frame(source: FrameSource, now: number, fps: number): void {
    if (source !== this.source) return;
    const started = performance.now();
    const prediction = this.run(source, now, fps, false);
    this.options.onPrediction(prediction);
    const adapter = this.adapter;
    if (!adapter) return;
    const { detect, featureMaps } = prediction.timings;
    const detected = this.detections[1]?.frame === this.frameIndex - 1;
    const total = performance.now() - started;
    adapter.record(
      now,
      {
        detect: detected ? detect : undefined,
        featureMaps,
        other: total - (detected ? detect : 0) - (featureMaps ?? 0),
      },
      !!this.options.wantFeatureMaps?.(),
    );
  }

  private run(source: FrameSource, now: number, fps: number, still: boolean): Prediction {
    let featureMaps: boolean | RelativeBox = false;
    const want = this.options.wantFeatureMaps?.() ?? false;
    if (want) {
      const share = this.adapter?.featureMapsShareAt() ?? this.options.featureMapsShare ?? 0.25;
      const interval = Math.max(this.options.featureMapsInterval ?? 200, this.mapsCost / share);
      if (still || now - this.lastMapsAt >= interval) featureMaps = want;
    }
    const width = source.width;
    const height = source.height;
    const frame = this.frameIndex++;
    const [previous, last] = this.detections;
    const follow =
      !still && last && this.adapter && frame - last.frame < this.adapter.current.detectEvery;
    const prediction = this.pipeline.process(source.element, {
      width,
      height,
      time: now,
      fps,
      source: source.live ? 'webcam' : 'image',
      featureMaps,
      faces:
        still && this.stillFaces
          ? this.stillFaces
          : follow
            ? followFaces(previous, last, frame)
            : undefined,
    });
    if (still && !this.stillFaces) this.stillFaces = this.pipeline.lastFound;
    if (!still && !follow) this.detections = [last, { faces: this.pipeline.lastFound, frame }];
    if (prediction.featureMaps) {
      this.lastMapsAt = now;
      const cost = prediction.timings.featureMaps ?? 0;
      this.mapsCost = this.mapsCost === 0 ? cost : 0.7 * this.mapsCost + 0.3 * cost;
    }
    return prediction;
  }

  private halt(): void {
    this.loop?.stop();
    this.loop = null;
    this.stillFaces = null;
  }

  /** Stops the loop; the source itself belongs to whoever made it. */
  stop(): void {
    this.generation++;
    this.halt();
    this.source = null;
  }
}
