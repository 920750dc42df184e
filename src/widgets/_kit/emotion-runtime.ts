/**
 * EmotionRuntime: the emotion pipeline (face finder + crop + CNN, src/lib/pipeline) as a FaceSession
 * runtime, for widgets that want predictions. Heavy (it imports TF.js through src/lib/pipeline/load.ts):
 * import it dynamically, when the reader starts the widget.
 *
 *   const session = new FaceSession({
 *     picker, loadingText: kitText('emotion.loading'),
 *     createRuntime: (context) => EmotionRuntime.load(context, { onPrediction: (p) => draw(p) }),
 *   }).start();
 *
 * Loading progress goes to the picker (at most every 250 ms); the face detector's range can be switched.
 */
import type { BackendName } from '../../lib/ml/backend.ts';
import type { Reduction } from '../../lib/pipeline/load-adapter.ts';
import { loadPipeline, type LoadedPipeline } from '../../lib/pipeline/load.ts';
import { PipelineRunner, type RunnerOptions } from '../../lib/pipeline/runner.ts';
import type { DetectorRange } from '../../lib/vision/face-detector.ts';
import type { FrameSource } from '../../lib/vision/types.ts';
import type { FaceRuntime, RuntimeContext } from './face-session.ts';
import { kitText } from './text.ts';

export interface EmotionRuntimeOptions extends Omit<RunnerOptions, 'onError'> {
  range?: DetectorRange;
  /** Force a TF.js backend (tests, benchmark). */
  backend?: BackendName;
  /** Most faces read per frame (default 6). */
  maxFaces?: number;
}

const PROGRESS_EVERY_MS = 250;
/** Loads quicker than this (a warm cache) need no progress bar flashing by. */
const QUICK_LOAD_MS = 150;

export class EmotionRuntime implements FaceRuntime {
  private pipeline: LoadedPipeline;
  private readonly runner: PipelineRunner;
  private readonly context: RuntimeContext;

  /** Loads the face finder and the emotion model, with progress in the picker. */
  static async load(
    context: RuntimeContext,
    options: EmotionRuntimeOptions,
  ): Promise<EmotionRuntime> {
    let lastShown = -Infinity;
    const started = performance.now();
    const loaded = await loadPipeline({
      range: options.range ?? 'short',
      backend: options.backend,
      pipeline: { maxFaces: options.maxFaces },
      signal: context.signal,
      onProgress: (p) => {
        const now = performance.now();
        if (now - lastShown < PROGRESS_EVERY_MS && p.fraction < 1) return;
        lastShown = now;
        if (now - started > QUICK_LOAD_MS || p.fraction < 1) context.status(p.text, p.fraction);
      },
    });
    return new EmotionRuntime(loaded, context, options);
  }

  private constructor(
    loaded: LoadedPipeline,
    context: RuntimeContext,
    options: EmotionRuntimeOptions,
  ) {
    this.pipeline = loaded;
    this.context = context;
    this.runner = new PipelineRunner(loaded.pipeline, loaded.detector, {
      ...options,
      onError: (e) => {
        context.fail(e);
        return false;
      },
    });
  }

  get loaded(): LoadedPipeline {
    return this.pipeline;
  }

  /** Frames per second of the webcam loop (0 for a still photo). */
  get fps(): number {
    return this.runner.fps;
  }

  /** Camera frames the webcam loop did not handle since it started. */
  get missed(): number {
    return this.runner.missed;
  }

  /** What the webcam loop leaves out to keep up with the camera (step 0: nothing). */
  get reduction(): Reduction {
    return this.runner.reduction;
  }

  show(source: FrameSource): Promise<void> {
    return this.runner.show(source);
  }

  /** Reads the still photo again (e.g. the reader picked another face for the feature maps). */
  refresh(): void {
    this.runner.refresh();
  }

  stop(): void {
    this.runner.stop();
  }

  /** Switches the face detector between "short" (near) and "full" (far) range. */
  async setRange(range: DetectorRange): Promise<void> {
    const loaded = this.pipeline;
    if (loaded.detector.range === range) return;
    this.context.status(kitText(range === 'full' ? 'emotion.loadingFar' : 'emotion.loadingNear'));
    try {
      const next = await loaded.withRange(range);
      if (next === loaded) return;
      this.pipeline = next;
      await this.runner.replacePipeline(next.pipeline, next.detector);
      loaded.close();
      this.context.status(null);
    } catch (e) {
      this.context.fail(e, () => void this.setRange(range));
    }
  }

  dispose(): void {
    this.runner.stop();
    this.pipeline.close();
  }
}

/**
 * One line for the reader saying what the webcam loop leaves out to keep up, or '' when nothing is
 * (a slower feature-map rate counts only while the maps are open).
 */
export function keepingUpText(reduction: Reduction, featureMapsOpen: boolean): string {
  const maps = featureMapsOpen && reduction.featureMapsShareFactor < 1;
  if (reduction.detectEvery === 1) return maps ? kitText('emotion.keepingUpMaps') : '';
  if (reduction.detectEvery === 2)
    return kitText(maps ? 'emotion.keepingUpBoth_2' : 'emotion.keepingUpDetect_2');
  return kitText(maps ? 'emotion.keepingUpBoth_3' : 'emotion.keepingUpDetect_3');
}
