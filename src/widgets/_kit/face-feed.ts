/**
 * FaceFeed: the face finder without the emotion model, as a FaceSession runtime (./face-session.ts):
 * turns a frame source (webcam or still photo) into Snapshots of the face in it, for the pixel grid
 * and the convolution playground (through SourceBar, ./source-bar.ts).
 *
 *   source (webcam | photo) → FaceDetector (MediaPipe, loaded on first use) → largest face (or the one
 *   the reader picked) → Snapshot (the model card's crop; see snapshot.ts)
 *
 * A still photo gives one snapshot; a webcam gives a few per second (`maxFps`, paused while the page
 * is hidden) until paused or stopped. The feed never stops a source: the <face-source> picker that
 * made it does (and says when a camera went away). If the face finder cannot load, the feed carries
 * on with the middle of the picture and says so. MediaPipe is imported only when the reader first
 * asks for a picture, never at page load.
 */
import type { ModelCard } from '../../lib/ml/model-card.ts';
import { loadModelCard, MODEL_CARD_PATH } from '../../lib/ml/model-card.ts';
import type { Pixels } from '../../lib/ml/preprocess.ts';
import type { FaceDetector } from '../../lib/vision/face-detector.ts';
import type { FrameLoop } from '../../lib/vision/frame-loop.ts';
import type { DetectedFace, FrameImage, FrameSource } from '../../lib/vision/types.ts';
import type { FaceRuntime, RuntimeContext } from './face-session.ts';
import type { ReaderError } from './face-source.ts';
import { facePixels } from '../../lib/pipeline/crop.ts';
import { takeSnapshot, type RectReader, type Snapshot } from './snapshot.ts';
import { kitText } from './text.ts';

export interface FeedUpdate {
  snapshot: Snapshot;
  /** Faces the detector found (0 = none: the snapshot shows the middle of the picture). */
  faces: number;
  /** Which face the snapshot shows, 0-based, largest first. */
  faceIndex: number;
  source: FrameSource;
  /** False when the face finder could not be used and the middle of the picture is shown. */
  detector: boolean;
}

export interface FaceFeedOptions {
  onUpdate(update: FeedUpdate): void;
  /** Snapshots per second from a webcam (default 8). */
  maxFps?: number;
}

const baseUrl = (): string => {
  const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  return base.endsWith('/') ? base : `${base}/`;
};

let cardPromise: Promise<ModelCard> | null = null;
/** The model card (input size, grey mix, normalisation), fetched once per page. */
export function modelCard(): Promise<ModelCard> {
  cardPromise ??= loadModelCard(`${baseUrl()}${MODEL_CARD_PATH}`).catch((e) => {
    cardPromise = null;
    throw e;
  });
  return cardPromise;
}

let detectorPromise: Promise<FaceDetector> | null = null;
const progressListeners = new Set<(fraction: number | undefined) => void>();

/** Starts loading the face finder early (e.g. while a photo or the camera is still opening). */
export function preloadDetector(): void {
  faceDetector().catch(() => {});
}

/** The page's one face finder (MediaPipe), created on first use. */
function faceDetector(onProgress?: (fraction: number | undefined) => void): Promise<FaceDetector> {
  if (onProgress) progressListeners.add(onProgress);
  detectorPromise ??= import('../../lib/vision/face-detector.ts')
    .then(({ FaceDetector }) =>
      FaceDetector.create({
        mode: 'image',
        onProgress: (p) => progressListeners.forEach((l) => l(p.fraction)),
      }),
    )
    .catch((e) => {
      detectorPromise = null;
      throw e;
    });
  return detectorPromise.finally(() => {
    if (onProgress) progressListeners.delete(onProgress);
  });
}

/** Reads rectangles of browser frames through one small reusable canvas. */
export function canvasRectReader(frame: FrameImage): RectReader {
  return (x, y, width, height) => {
    const canvas = sharedCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true }) as
      CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
    // Thrown as a reader error (a plain message: see readerError), not as a bug.
    if (!ctx) throw { message: kitText('feed.noCanvasPixels') } satisfies ReaderError;
    ctx.clearRect(0, 0, width, height);
    ctx.drawImage(frame as CanvasImageSource, x, y, width, height, 0, 0, width, height);
    const { data } = ctx.getImageData(0, 0, width, height);
    return { data, width, height, channels: 4 } satisfies Pixels;
  };
}

let canvas: OffscreenCanvas | HTMLCanvasElement | null = null;
function sharedCanvas(width: number, height: number): OffscreenCanvas | HTMLCanvasElement {
  if (!canvas || canvas.width < width || canvas.height < height) {
    const w = Math.max(width, canvas?.width ?? 0);
    const h = Math.max(height, canvas?.height ?? 0);
    canvas =
      typeof OffscreenCanvas === 'function'
        ? new OffscreenCanvas(w, h)
        : Object.assign(document.createElement('canvas'), { width: w, height: h });
  }
  return canvas;
}

export class FaceFeed implements FaceRuntime {
  private source: FrameSource | null = null;
  private loop: FrameLoop | null = null;
  private faceIndex = 0;
  private lastFaces: DetectedFace[] = [];
  private detectorOk = true;
  private generation = 0;
  private _paused = false;
  private readonly card: ModelCard;
  private readonly context: RuntimeContext;
  private readonly opts: FaceFeedOptions;

  /** Fetches the model card and starts loading the face finder. */
  static async load(context: RuntimeContext, opts: FaceFeedOptions): Promise<FaceFeed> {
    preloadDetector();
    return new FaceFeed(await modelCard(), context, opts);
  }

  private constructor(card: ModelCard, context: RuntimeContext, opts: FaceFeedOptions) {
    this.card = card;
    this.context = context;
    this.opts = opts;
  }

  get current(): FrameSource | null {
    return this.source;
  }

  get paused(): boolean {
    return this._paused;
  }

  /** Switches to a new source (the old one is stopped). Resolves after the first snapshot. */
  async show(source: FrameSource): Promise<void> {
    const gen = ++this.generation;
    this.stopLoop();
    this.source = source;
    this.faceIndex = 0;
    this._paused = false;
    const { card, context } = this;
    let detector: FaceDetector | null = null;
    try {
      const slow = setTimeout(() => context.status(kitText('feed.loading')), 300);
      detector = await faceDetector((f) => {
        clearTimeout(slow);
        if (f !== undefined && f < 1)
          context.status(kitText('feed.downloading', { percent: Math.round(f * 100) }), f);
      }).finally(() => clearTimeout(slow));
      await detector.setMode(source.live ? 'video' : 'image');
      this.detectorOk = true;
      context.status(null);
    } catch (e) {
      this.detectorOk = false;
      // DetectorError messages and hints are written for the reader (src/lib/vision/errors.ts).
      const err = e as { message?: string; hint?: string };
      const middle = kitText('feed.middleShown');
      context.fail({
        message: err.message ?? kitText('feed.failed'),
        hint: err.hint ? `${err.hint} ${middle}` : middle,
      });
    }
    if (gen !== this.generation) return;

    const frame = (time: number, detect: boolean) => {
      if (gen !== this.generation || !this.source) return;
      const w = source.width;
      const h = source.height;
      if (!(w > 0 && h > 0)) return;
      if (detect && detector && this.detectorOk) {
        try {
          this.lastFaces = detector.detect(source.element, time);
        } catch (e) {
          this.detectorOk = false;
          this.lastFaces = [];
          context.fail({ message: kitText('feed.stopped', { why: (e as Error).message }) });
        }
      }
      const faces = this.lastFaces;
      if (this.faceIndex >= faces.length) this.faceIndex = 0;
      const face = faces[this.faceIndex];
      const snapshot = takeSnapshot(
        canvasRectReader(source.element),
        w,
        h,
        face ? facePixels(face, w, h) : null,
        card.input,
      );
      this.opts.onUpdate({
        snapshot,
        faces: faces.length,
        faceIndex: face ? this.faceIndex : 0,
        source,
        detector: this.detectorOk,
      });
    };
    this.redraw = () => frame(performance.now(), false);

    if (!source.live) {
      frame(performance.now(), true);
      return;
    }
    const { FrameLoop } = await import('../../lib/vision/frame-loop.ts');
    if (gen !== this.generation) return;
    const video = source.element instanceof HTMLVideoElement ? source.element : undefined;
    this.loop = new FrameLoop((info) => frame(info.now, true), {
      video,
      maxFps: this.opts.maxFps ?? 8,
    });
    const webcam = source as Partial<{ onEnded(listener: (reason: unknown) => void): () => void }>;
    if (typeof webcam.onEnded === 'function')
      this.loop.stopWhen(webcam as { onEnded(listener: (reason: unknown) => void): () => void });
    this.loop.start();
  }

  private redraw: () => void = () => {};

  /** Shows the next face found (still photos and webcam), e.g. in a group photo. */
  nextFace(): void {
    if (this.lastFaces.length < 2) return;
    this.faceIndex = (this.faceIndex + 1) % this.lastFaces.length;
    this.redraw();
  }

  /** Holds the webcam on its last snapshot (no effect on a photo). */
  pause(): void {
    if (!this.loop) return;
    this._paused = true;
    this.loop.pause();
  }

  resume(): void {
    if (!this.loop) return;
    this._paused = false;
    this.loop.start();
  }

  private stopLoop(): void {
    this.loop?.stop();
    this.loop = null;
  }

  /** Stops following the source (the picker that made the source stops the source itself). */
  stop(): void {
    this.generation++;
    this.stopLoop();
    this.source = null;
    this.lastFaces = [];
  }

  dispose(): void {
    this.stop();
  }
}
