/**
 * FaceDetector: finds faces with MediaPipe tasks-vision's FaceDetector (BlazeFace), fully
 * self-hosted. Nothing is loaded until `createFaceDetector()` is called: it imports tasks-vision,
 * downloads the wasm runtime and the model from our own site (`public/vendor/mediapipe/`, prepared by
 * scripts/prepare-assets.ts) with progress, checks both files, and maps every failure to a
 * DetectorError ("wasm-missing", "model-corrupt", ...).
 *
 * Faces come back as boxes relative to the frame (0–1) plus the six BlazeFace keypoints.
 */
import type {
  Detection,
  FaceDetector as TasksFaceDetector,
  FaceDetectorOptions as TasksOptions,
} from '@mediapipe/tasks-vision';
import { readableContext, type Ctx2D } from './canvas.ts';
import { DetectorError } from './errors.ts';
import { visionText } from './text.ts';
import type { DetectedFace, FaceKeypoint, FaceKeypointName, FrameImage } from './types.ts';

export type DetectorRange = 'short' | 'full';
export type DetectorMode = 'image' | 'video';

export interface LoadProgress {
  /** Bytes downloaded so far, all files together. */
  loaded: number;
  /** Bytes to download in all, when the server said (undefined otherwise). */
  total: number | undefined;
  /** 0–1 when `total` is known. */
  fraction: number | undefined;
  /** "wasm", "model" or "ready". */
  stage: 'wasm' | 'model' | 'ready';
}

export interface FaceDetectorOptions {
  /** "short" (default): faces within about 2 m, 128×128 model; "full": up to about 5 m, 192×192, slower. */
  range?: DetectorRange;
  /** "video" for a webcam (frames must come with increasing timestamps), "image" for stills. Default "video". */
  mode?: DetectorMode;
  /** Minimum confidence 0–1 for a face to count (default DEFAULT_MIN_CONFIDENCE). */
  minConfidence?: number;
  /** Overlap 0–1 above which two boxes are the same face (default 0.3). */
  minSuppression?: number;
  /** "CPU" (default, works everywhere) or "GPU" (WebGL). */
  delegate?: 'CPU' | 'GPU';
  /** Folder with `wasm/` and the models, default `${BASE_URL}vendor/mediapipe`. */
  assetBase?: string;
  onProgress?: (progress: LoadProgress) => void;
  signal?: AbortSignal;
  /** For tests: a fetch and a tasks-vision loader to use instead of the real ones. */
  fetch?: typeof fetch;
  loadTasksVision?: () => Promise<TasksVisionModule>;
}

/** tasks-vision's WasmFileset (not exported by its typings). */
export interface WasmFileset {
  wasmLoaderPath: string;
  wasmBinaryPath: string;
  assetLoaderPath?: string;
  assetBinaryPath?: string;
}

/** What this wrapper uses of the tasks-vision module. */
export interface TasksVisionModule {
  FilesetResolver: { forVisionTasks(basePath?: string): Promise<WasmFileset> };
  FaceDetector: {
    createFromOptions(fileset: WasmFileset, options: TasksOptions): Promise<TasksFaceDetector>;
  };
}

/**
 * The lowest score that counts as a face. MediaPipe's own default is 0.5, but many faces a person
 * would call obvious score 0.4–0.5: half of the FER2013 test faces it missed at 0.5, and three of
 * the faces in the sample photos. Of the faceless pictures we tried (the sample photos' lower parts,
 * plain and noisy frames), the one that scores in that band, uniform noise, already scored above
 * 0.5; from about 0.35 down, the photos' legs and furniture start to count. Measured with
 * scripts/evaluate-through-detector.ts.
 */
export const DEFAULT_MIN_CONFIDENCE = 0.4;

/** The share of the frame's width and height that the second look (lookCloser) reads, around the middle. */
export const CLOSER_SHARE = 0.6;

export const MODEL_FILES: Record<DetectorRange, string> = {
  short: 'face_detection_short_range.tflite',
  full: 'face_detection_full_range.tflite',
};

/** BlazeFace keypoints in model order; "right"/"left" are the person's own. */
export const KEYPOINT_NAMES: readonly FaceKeypointName[] = [
  'rightEye',
  'leftEye',
  'noseTip',
  'mouth',
  'rightEar',
  'leftEar',
];

export function defaultAssetBase(): string {
  const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  return `${base.endsWith('/') ? base : `${base}/`}vendor/mediapipe`;
}

/** The URLs the detector loads, for a given asset folder and range. */
export function detectorAssetUrls(
  assetBase: string,
  range: DetectorRange,
): { wasmBase: string; model: string } {
  const base = assetBase.replace(/\/+$/, '');
  return { wasmBase: `${base}/wasm`, model: `${base}/${MODEL_FILES[range]}` };
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

export function isWasm(bytes: Uint8Array): boolean {
  return WASM_MAGIC.every((v, i) => bytes[i] === v);
}

/** A TFLite FlatBuffer has the file identifier "TFL3" at bytes 4–7. */
export function isTfliteModel(bytes: Uint8Array): boolean {
  return bytes.length > 1024 && String.fromCharCode(...bytes.subarray(4, 8)) === 'TFL3';
}

/**
 * Downloads a file with progress. 404/410 → `missing`; other HTTP errors and network failures →
 * "network".
 */
export async function fetchBytes(
  url: string,
  missing: 'wasm-missing' | 'model-missing',
  opts: {
    fetch?: typeof fetch;
    signal?: AbortSignal;
    onBytes?: (loaded: number, total: number | undefined) => void;
  } = {},
): Promise<Uint8Array> {
  const doFetch = opts.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url, { signal: opts.signal });
  } catch (e) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? e;
    throw new DetectorError('network', { cause: e, url });
  }
  if (res.status === 404 || res.status === 410) throw new DetectorError(missing, { url });
  if (!res.ok)
    throw new DetectorError('network', {
      url,
      message: visionText('detector.networkStatus', { status: res.status }),
    });
  const header = res.headers.get('content-length');
  // A compressed response's content-length counts compressed bytes: then it is only a hint.
  const encoded = (res.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const total = header && !encoded ? Number(header) : undefined;
  if (!res.body) {
    const buf = new Uint8Array(await res.arrayBuffer());
    opts.onBytes?.(buf.length, buf.length);
    return buf;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      opts.onBytes?.(loaded, total);
    }
  } catch (e) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? e;
    throw new DetectorError('network', { cause: e, url });
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Width and height of anything the detector accepts. */
export function frameSize(frame: FrameImage): { width: number; height: number } {
  if (typeof HTMLVideoElement !== 'undefined' && frame instanceof HTMLVideoElement)
    return { width: frame.videoWidth, height: frame.videoHeight };
  if (typeof HTMLImageElement !== 'undefined' && frame instanceof HTMLImageElement)
    return { width: frame.naturalWidth, height: frame.naturalHeight };
  return {
    width: (frame as { width: number }).width,
    height: (frame as { height: number }).height,
  };
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** Converts tasks-vision detections (pixel boxes, normalised keypoints) to DetectedFace (all 0–1). */
export function toDetectedFaces(
  detections: readonly Detection[],
  width: number,
  height: number,
): DetectedFace[] {
  if (!(width > 0 && height > 0)) return [];
  const faces: DetectedFace[] = [];
  for (const d of detections) {
    const bb = d.boundingBox;
    if (!bb) continue;
    const x0 = clamp01(bb.originX / width);
    const y0 = clamp01(bb.originY / height);
    const x1 = clamp01((bb.originX + bb.width) / width);
    const y1 = clamp01((bb.originY + bb.height) / height);
    if (x1 <= x0 || y1 <= y0) continue;
    const keypoints: FaceKeypoint[] = (d.keypoints ?? [])
      .slice(0, KEYPOINT_NAMES.length)
      .map((k, i) => ({
        name: KEYPOINT_NAMES[i]!,
        x: k.x,
        y: k.y,
      }));
    faces.push({
      box: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 },
      score: d.categories?.[0]?.score ?? 0,
      keypoints,
    });
  }
  // Largest face first: the one a single-face widget should follow.
  return faces.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
}

/**
 * tasks-vision posts usage statistics to Google (odml.pa.googleapis.com) every 60 s and when a task
 * is closed. The site's CSP blocks that anyway, but a blocked request still shows up as a CSP
 * violation, and nothing should even try to leave the reader's device. This wraps `fetch` once so
 * that requests to that host are answered locally with "204 No Content" (which tasks-vision treats as
 * a failure, so it stops trying); every other request goes through untouched.
 */
export const MEDIAPIPE_TELEMETRY_ORIGIN = 'https://odml.pa.googleapis.com';
const TELEMETRY_BLOCKED = Symbol.for('emotion-lens.mediapipe-telemetry-blocked');

export function blockMediapipeTelemetry(scope: { fetch: typeof fetch } = globalThis): void {
  const current = scope.fetch as typeof fetch & { [TELEMETRY_BLOCKED]?: true };
  if (typeof current !== 'function' || current[TELEMETRY_BLOCKED]) return;
  const wrapped = function (input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url === MEDIAPIPE_TELEMETRY_ORIGIN || url.startsWith(`${MEDIAPIPE_TELEMETRY_ORIGIN}/`)) {
      return Promise.resolve(
        new Response(null, {
          status: 204,
          statusText: 'Not sent: Emotion Lens keeps everything on this device',
        }),
      );
    }
    return current.call(scope, input, init);
  } as typeof fetch & { [TELEMETRY_BLOCKED]?: true };
  wrapped[TELEMETRY_BLOCKED] = true;
  scope.fetch = wrapped;
}

/** Sorts a tasks-vision error into model / wasm / other, from its message. */
export function classifyInitError(e: unknown): 'model-corrupt' | 'wasm-corrupt' | 'init-failed' {
  const msg = String((e as { message?: unknown } | null)?.message ?? e);
  if (/model|flatbuffer|tflite|metadata|tensor|buffer|subgraph/i.test(msg)) return 'model-corrupt';
  if (/wasm|webassembly|compile|instantiate|magic|abort/i.test(msg)) return 'wasm-corrupt';
  return 'init-failed';
}

export class FaceDetector {
  readonly range: DetectorRange;
  private task: TasksFaceDetector | null;
  private _mode: DetectorMode;
  private lastTimestamp = -1;
  private closer: Ctx2D | null = null;

  private constructor(task: TasksFaceDetector, range: DetectorRange, mode: DetectorMode) {
    this.task = task;
    this.range = range;
    this._mode = mode;
  }

  get mode(): DetectorMode {
    return this._mode;
  }

  /** Loads everything and returns a ready detector. Throws DetectorError. */
  static async create(options: FaceDetectorOptions = {}): Promise<FaceDetector> {
    const range = options.range ?? 'short';
    const mode = options.mode ?? 'video';
    const { signal } = options;
    const urls = detectorAssetUrls(options.assetBase ?? defaultAssetBase(), range);

    let vision: TasksVisionModule;
    try {
      vision = options.loadTasksVision
        ? await options.loadTasksVision()
        : ((await import('@mediapipe/tasks-vision')) as unknown as TasksVisionModule);
    } catch (e) {
      throw new DetectorError('network', {
        cause: e,
        message: visionText('detector.codeNotLoaded'),
      });
    }
    blockMediapipeTelemetry();
    const fileset = await vision.FilesetResolver.forVisionTasks(urls.wasmBase);

    // Progress over both downloads.
    const loaded = { wasm: 0, model: 0 };
    const totals: { wasm: number | undefined; model: number | undefined } = {
      wasm: undefined,
      model: undefined,
    };
    const report = (stage: LoadProgress['stage']) => {
      if (!options.onProgress) return;
      const l = loaded.wasm + loaded.model;
      const t =
        totals.wasm !== undefined && totals.model !== undefined
          ? totals.wasm + totals.model
          : undefined;
      options.onProgress({
        loaded: l,
        total: t,
        fraction: t ? Math.min(1, l / t) : undefined,
        stage,
      });
    };
    const common = { fetch: options.fetch, signal };
    const [wasm, model] = await Promise.all([
      fetchBytes(fileset.wasmBinaryPath, 'wasm-missing', {
        ...common,
        onBytes: (l, t) => {
          loaded.wasm = l;
          totals.wasm = t;
          report('wasm');
        },
      }),
      fetchBytes(urls.model, 'model-missing', {
        ...common,
        onBytes: (l, t) => {
          loaded.model = l;
          totals.model = t;
          report('model');
        },
      }),
      // The loader script is small; checking it here turns a 404 into a clear error (and warms the cache).
      fetchBytes(fileset.wasmLoaderPath, 'wasm-missing', common),
    ]);
    if (!isWasm(wasm)) throw new DetectorError('wasm-corrupt', { url: fileset.wasmBinaryPath });
    if (!isTfliteModel(model)) throw new DetectorError('model-corrupt', { url: urls.model });

    // MediaPipe fetches the wasm again by its address: this time from the HTTP cache, not the network.
    // Compiled from its own address, the browser also keeps the compiled code: the next visit skips
    // compiling 13 MB (a blob: copy of the bytes would be compiled afresh every time).
    let task: TasksFaceDetector;
    try {
      task = await vision.FaceDetector.createFromOptions(fileset, {
        baseOptions: { modelAssetBuffer: model, delegate: options.delegate ?? 'CPU' },
        runningMode: mode === 'video' ? 'VIDEO' : 'IMAGE',
        minDetectionConfidence: options.minConfidence ?? DEFAULT_MIN_CONFIDENCE,
        minSuppressionThreshold: options.minSuppression ?? 0.3,
      });
    } catch (e) {
      const code = classifyInitError(e);
      throw new DetectorError(code, {
        cause: e,
        url:
          code === 'model-corrupt'
            ? urls.model
            : code === 'wasm-corrupt'
              ? fileset.wasmBinaryPath
              : undefined,
      });
    }
    if (signal?.aborted) {
      task.close();
      throw signal.reason ?? new DOMException('Aborted', 'AbortError');
    }
    report('ready');
    return new FaceDetector(task, range, mode);
  }

  /** Switches between webcam ("video") and still ("image") mode. */
  async setMode(mode: DetectorMode): Promise<void> {
    const task = this.live();
    if (mode === this._mode) return;
    await task.setOptions({ runningMode: mode === 'video' ? 'VIDEO' : 'IMAGE' });
    this._mode = mode;
    this.lastTimestamp = -1;
  }

  async setThresholds(t: { minConfidence?: number; minSuppression?: number }): Promise<void> {
    await this.live().setOptions({
      minDetectionConfidence: t.minConfidence,
      minSuppressionThreshold: t.minSuppression,
    });
  }

  /**
   * Finds the faces in a frame, largest first. In "video" mode pass the frame's time in ms (e.g.
   * FrameInfo.now); it is nudged forward if it does not increase.
   */
  detect(frame: FrameImage, timestampMs?: number): DetectedFace[] {
    const { width, height } = frameSize(frame);
    if (!(width > 0 && height > 0)) return [];
    const faces = toDetectedFaces(this.run(frame, timestampMs).detections, width, height);
    return faces.length > 0 ? faces : this.lookCloser(frame, width, height);
  }

  private run(image: FrameImage, timestampMs?: number) {
    const task = this.live();
    if (this._mode === 'image') return task.detect(image);
    let ts = timestampMs ?? performance.now();
    if (ts <= this.lastTimestamp) ts = this.lastTimestamp + 1;
    this.lastTimestamp = ts;
    return task.detectForVideo(image, ts);
  }

  /**
   * A second look when the whole frame had no face: the middle of the frame on its own, where a
   * reader sitting back from the camera usually is. The detector shrinks whatever it gets to 128 ×
   * 128 pixels (short range), so a face too small for it in the whole frame is larger here.
   */
  private lookCloser(frame: FrameImage, width: number, height: number): DetectedFace[] {
    const w = Math.round(width * CLOSER_SHARE);
    const h = Math.round(height * CLOSER_SHARE);
    const x0 = Math.round((width - w) / 2);
    const y0 = Math.round((height - h) / 2);
    if (this.closer?.canvas.width !== w || this.closer.canvas.height !== h)
      this.closer = readableContext(w, h);
    if (!this.closer) return [];
    this.closer.drawImage(frame as CanvasImageSource, x0, y0, w, h, 0, 0, w, h);
    const faces = toDetectedFaces(this.run(this.closer.canvas).detections, w, h);
    // Back to shares of the whole frame.
    const toFrame = (p: { x: number; y: number }) => ({
      x: (x0 + p.x * w) / width,
      y: (y0 + p.y * h) / height,
    });
    return faces.map((f) => ({
      ...f,
      box: {
        ...toFrame(f.box),
        width: (f.box.width * w) / width,
        height: (f.box.height * h) / height,
      },
      keypoints: f.keypoints.map((k) => ({ ...k, ...toFrame(k) })),
    }));
  }

  get closed(): boolean {
    return this.task === null;
  }

  /** Frees the wasm memory. Safe to call twice. */
  close(): void {
    this.task?.close();
    this.task = null;
  }

  private live(): TasksFaceDetector {
    if (!this.task) throw new DetectorError('closed');
    return this.task;
  }
}

/** Shorthand for `FaceDetector.create(options)`. */
export function createFaceDetector(options?: FaceDetectorOptions): Promise<FaceDetector> {
  return FaceDetector.create(options);
}
