/**
 * PipelineSession: connects a <face-source> picker to the emotion pipeline, for any widget that wants
 * predictions. Heavy (it imports TF.js through src/lib/pipeline/load.ts): import it dynamically, on the
 * picker's first `sourcerequest`.
 *
 *   const { PipelineSession } = await import('./session.ts');
 *   const session = new PipelineSession({ picker, onPrediction: (p) => draw(p) });
 *
 * It starts loading at once (download progress is shown in the picker), runs every picture the
 * reader picks through the pipeline (webcam: every frame; photo: once), shows load failures in the
 * picker with a "Try again" button, and can switch the face detector's range.
 */
import type { BackendName } from '../../lib/ml/backend.ts';
import { loadPipeline, type LoadedPipeline } from '../../lib/pipeline/load.ts';
import { PipelineRunner, type RunnerOptions } from '../../lib/pipeline/runner.ts';
import type { Prediction } from '../../lib/pipeline/types.ts';
import type { DetectorRange } from '../../lib/vision/face-detector.ts';
import type { FaceSourceElement, ReaderError, SourceChangeDetail } from './face-source.ts';

/** Errors with a reader-facing message and hint pass through; anything else gets a plain one. */
export function readerError(e: unknown): ReaderError {
  const r = e as Partial<ReaderError> | null;
  if (r && typeof r.message === 'string' && typeof r.hint === 'string') return r as ReaderError;
  console.warn('Emotion Lens:', e);
  return {
    message: 'The demo stopped because of an unexpected problem in this browser.',
    hint: 'Press “Try again”, or reload the page. A sample photo may still work.',
  };
}

export interface SessionOptions {
  picker: FaceSourceElement;
  onPrediction(prediction: Prediction): void;
  /** A new picture (or none: `source` null). Called before its first prediction. */
  onSource?(detail: SourceChangeDetail): void;
  /** Everything is loaded. */
  onReady?(loaded: LoadedPipeline): void;
  range?: DetectorRange;
  /** Force a TF.js backend (tests, benchmark). */
  backend?: BackendName;
  /** Most faces read per frame (default 6). */
  maxFaces?: number;
  wantFeatureMaps?: RunnerOptions['wantFeatureMaps'];
  featureMapsInterval?: number;
  featureMapsShare?: number;
  /** When the reader first asked for a picture (performance.now()), to time the first prediction. */
  requestedAt?: number;
}

const PROGRESS_EVERY_MS = 250;

export class PipelineSession {
  private readonly options: SessionOptions;
  private readonly picker: FaceSourceElement;
  private loading: Promise<LoadedPipeline | null> | null = null;
  private loadedPipeline: LoadedPipeline | null = null;
  private runner: PipelineRunner | null = null;
  private range: DetectorRange;
  private disposed = false;
  private readonly unlisten: () => void;
  /** performance.now() of the first request and of the first prediction after it. */
  readonly requestedAt: number;
  firstPredictionAt: number | null = null;

  constructor(options: SessionOptions) {
    this.options = options;
    this.picker = options.picker;
    this.range = options.range ?? 'short';
    this.requestedAt = options.requestedAt ?? performance.now();
    const onRequest = () => void this.load();
    const onChange = (e: Event) => void this.show((e as CustomEvent<SourceChangeDetail>).detail);
    this.picker.addEventListener('sourcerequest', onRequest);
    this.picker.addEventListener('sourcechange', onChange);
    this.unlisten = () => {
      this.picker.removeEventListener('sourcerequest', onRequest);
      this.picker.removeEventListener('sourcechange', onChange);
    };
    void this.load();
    if (this.picker.source) void this.show(this.picker.detail);
  }

  get loaded(): LoadedPipeline | null {
    return this.loadedPipeline;
  }

  get fps(): number {
    return this.runner?.fps ?? 0;
  }

  /** Loads everything once; on failure shows the error with "Try again" and resolves null. */
  load(): Promise<LoadedPipeline | null> {
    if (this.loading) return this.loading;
    let lastShown = -Infinity;
    const started = performance.now();
    this.picker.showStatus('Getting the face finder and the emotion model ready…', 0);
    const attempt = loadPipeline({
      range: this.range,
      backend: this.options.backend,
      pipeline: { maxFaces: this.options.maxFaces },
      onProgress: (p) => {
        const now = performance.now();
        if (now - lastShown < PROGRESS_EVERY_MS && p.fraction < 1) return;
        lastShown = now;
        // Quick loads (warm cache) need no progress bar flashing by.
        if (now - started > 150 || p.fraction < 1) this.picker.showStatus(p.text, p.fraction);
      },
    }).then(
      (loaded) => {
        if (this.disposed) {
          loaded.close();
          return null;
        }
        this.loadedPipeline = loaded;
        this.runner = new PipelineRunner(loaded.pipeline, loaded.detector, {
          onPrediction: (p) => this.predicted(p),
          onError: (e) => {
            this.picker.showError(readerError(e), { retry: () => this.rerun() });
            return false;
          },
          wantFeatureMaps: this.options.wantFeatureMaps,
          featureMapsInterval: this.options.featureMapsInterval,
          featureMapsShare: this.options.featureMapsShare,
        });
        this.picker.showStatus(null);
        this.options.onReady?.(loaded);
        return loaded;
      },
      (error: unknown) => {
        this.loading = null;
        if (!this.disposed)
          this.picker.showError(readerError(error), { retry: () => void this.rerun() });
        return null;
      },
    );
    this.loading = attempt;
    return attempt;
  }

  private predicted(p: Prediction): void {
    if (this.firstPredictionAt === null) this.firstPredictionAt = performance.now();
    this.options.onPrediction(p);
  }

  private async show(detail: SourceChangeDetail): Promise<void> {
    this.options.onSource?.(detail);
    if (!detail.source) {
      this.runner?.stop();
      return;
    }
    const loaded = await this.load();
    if (!loaded || this.disposed || this.picker.source !== detail.source) return;
    try {
      await this.runner!.show(detail.source);
    } catch (e) {
      this.picker.showError(readerError(e), { retry: () => this.rerun() });
    }
  }

  /** After an error: load again if needed and show the current picture again. */
  private async rerun(): Promise<void> {
    await this.load();
    if (this.picker.source) await this.show(this.picker.detail);
  }

  /** Reads the still photo again (e.g. the reader picked another face for the feature maps). */
  refresh(): void {
    this.runner?.refresh();
  }

  /** Switches the face detector between "short" (near) and "full" (far) range. */
  async setRange(range: DetectorRange): Promise<void> {
    this.range = range;
    const loaded = this.loadedPipeline;
    if (!loaded || loaded.detector.range === range) return;
    this.picker.showStatus(
      range === 'full'
        ? 'Loading the far-range face finder…'
        : 'Loading the near-range face finder…',
    );
    try {
      const next = await loaded.withRange(range);
      if (next === loaded) return;
      this.loadedPipeline = next;
      await this.runner?.replacePipeline(next.pipeline, next.detector);
      loaded.close();
      this.picker.showStatus(null);
    } catch (e) {
      this.picker.showError(readerError(e), { retry: () => void this.setRange(range) });
    }
  }

  dispose(): void {
    this.disposed = true;
    this.unlisten();
    this.runner?.stop();
    this.loadedPipeline?.close();
  }
}
