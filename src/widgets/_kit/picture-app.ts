/**
 * PictureApp: the base of the page logic of widgets that read the <face-source> picker's pictures
 * with a runtime of their own built on the emotion pipeline (face mesh, transfer lab, fool the model).
 * A FaceSession (./face-session.ts) follows the picker inside the widget's element; on top of it:
 *
 *   runtime loaded → the element gets `data-ready` and `tensorCount()` (the e2e tests read them)
 *   `sourcechange` → onSourceChange (forget the last picture) → no picture: the stage is hidden
 *     → a picture: the stage is shown ("Camera on…" / "Reading the photo…") and the runtime's runner
 *       reads it: every webcam frame, or the photo once → onPrediction
 *
 * Light: only types are imported here; the widget's createRuntime brings TF.js when it is called.
 * Helpers to draw the picture and a face's label on a canvas come with it (drawPicture, drawLabel).
 *
 *   class YourApp extends PictureApp<YourRuntime> {
 *     constructor(root: LazyWidgetElement) {
 *       super({ root, stage, loadingText: 'Getting the lab ready…',
 *               createRuntime: async (o) => (await import('./runtime.ts')).createRuntime(o) });
 *       …set up the rest (listeners with { signal: this.signal })…
 *       this.start(); // follows the picker, and shows a picture it already has
 *     }
 *     protected override onPrediction(p: Prediction) { … this.source, this.runtime … }
 *     protected override setNote(text: string) { … }
 *   }
 */
import type { LoadProgress } from '../../lib/pipeline/load.ts';
import type { RunnerOptions } from '../../lib/pipeline/runner.ts';
import type { Prediction } from '../../lib/pipeline/types.ts';
import type { FrameSource } from '../../lib/vision/types.ts';
import { FaceSession, type FaceRuntime } from './face-session.ts';
import type { FaceSourceElement } from './face-source.ts';
import { kitText } from './text.ts';

/** What a widget's runtime offers. */
export interface PictureRuntime {
  runner: { show(source: FrameSource): Promise<void>; stop(): void };
  /** tf.memory().numTensors, or null before TF.js is ready (tests check that it stays flat). */
  tensors(): number | null;
  dispose(): void;
}

export interface RuntimeOptions {
  signal: AbortSignal;
  onProgress(p: LoadProgress): void;
  runner: RunnerOptions;
}

export interface PictureAppSetup<R extends PictureRuntime> {
  /** The widget's element: holds the picker; gets `data-ready` and `tensorCount()` once loaded. */
  root: HTMLElement;
  /** What shows the picture: hidden while there is none. */
  stage: HTMLElement;
  /** Shown in the picker while the runtime loads, e.g. "Getting the lab ready…". */
  loadingText: string;
  /** Imports and builds the runtime; its runner must report to `options.runner`. */
  createRuntime(options: RuntimeOptions): Promise<R>;
}

/** The widget's runtime as a FaceSession runtime: its runner reads the pictures. */
class SessionRuntime<R extends PictureRuntime> implements FaceRuntime {
  readonly widget: R;
  constructor(widget: R) {
    this.widget = widget;
  }
  show(source: FrameSource): Promise<void> {
    return this.widget.runner.show(source);
  }
  stop(): void {
    this.widget.runner.stop();
  }
  dispose(): void {
    this.widget.dispose();
  }
}

export abstract class PictureApp<R extends PictureRuntime> {
  private readonly lifetime = new AbortController();
  private readonly session: FaceSession<SessionRuntime<R>> | null = null;

  constructor(setup: PictureAppSetup<R>) {
    const { root, stage } = setup;
    const picker = root.querySelector<FaceSourceElement>('face-source');
    if (!picker) return;
    this.session = new FaceSession({
      picker,
      loadingText: setup.loadingText,
      createRuntime: async ({ signal, status, fail }) =>
        new SessionRuntime(
          await setup.createRuntime({
            signal,
            onProgress: (p) => status(p.text, p.fraction),
            runner: {
              onPrediction: (p) => this.onPrediction(p),
              onError: (e) => {
                fail(e);
                return false;
              },
              maxFps: 30,
            },
          }),
        ),
      onReady: ({ widget }) => {
        (root as unknown as { tensorCount?: () => number | null }).tensorCount = () =>
          widget.tensors();
        root.dataset.ready = this.onReady(widget) ?? '';
      },
      onSource: ({ source }) => {
        this.onSourceChange(source);
        if (source) return;
        stage.hidden = true;
        this.onStage(null);
      },
      onShow: (source) => {
        stage.hidden = false;
        this.setNote(kitText(source.live ? 'picture.cameraOn' : 'picture.readingPhoto'));
        this.onStage(source);
      },
    });
  }

  /** Every reading of the picture (each webcam frame; a photo once). */
  protected abstract onPrediction(p: Prediction): void;

  /** Says what happens above the picture. */
  protected abstract setNote(text: string): void;

  /** The runtime is ready: returns the element's `data-ready` value (default ""). */
  protected onReady(_runtime: R): string | void {}

  /** The reader picked another picture (or none): forget the last one. */
  protected onSourceChange(_next: FrameSource | null): void {}

  /** The stage was just hidden (no picture), or is about to read `source`: render what depends on it. */
  protected onStage(_source: FrameSource | null): void {}

  /** Aborted by destroy(): for the widget's own listeners too. */
  protected get signal(): AbortSignal {
    return this.lifetime.signal;
  }

  /** The picture being read, or null. */
  protected get source(): FrameSource | null {
    return this.session?.source ?? null;
  }

  /** The runtime, once loaded. */
  protected get runtime(): R | null {
    return this.session?.runtime?.widget ?? null;
  }

  /** Follows the picker from now on, and shows the picture it already has (chosen before this code arrived). */
  protected start(): void {
    this.session?.start();
  }

  destroy(): void {
    this.lifetime.abort();
    this.session?.dispose();
  }
}

/**
 * Draws the picture on the canvas at its frame size (mirrored like the preview for a selfie camera).
 * Returns the canvas pixels per CSS pixel, so that labels and lines keep one size on screen at any
 * width; null when there is nothing to draw.
 */
export function drawPicture(
  canvas: HTMLCanvasElement,
  ctx: CanvasRenderingContext2D,
  source: FrameSource,
  width: number,
  height: number,
): number | null {
  if (width === 0 || height === 0) return null;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  ctx.save();
  if (source.mirrored) {
    ctx.translate(width, 0);
    ctx.scale(-1, 1);
  }
  ctx.drawImage(source.element as CanvasImageSource, 0, 0, width, height);
  ctx.restore();
  return width / Math.max(1, canvas.clientWidth || width);
}

/** A face's label: white text on a dark tab just above (x, y), its box's corner; `unit` from drawPicture. */
export function drawLabel(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  unit: number,
): void {
  const th = 20 * unit;
  const ty = Math.max(0, y - th);
  ctx.fillStyle = 'rgba(0,0,0,0.7)';
  ctx.fillRect(x, ty, ctx.measureText(text).width + 10 * unit, th);
  ctx.fillStyle = '#fff';
  ctx.fillText(text, x + 5 * unit, ty + th * 0.75);
}
