/**
 * Loads everything the live pipeline needs, in parallel, with one progress figure:
 * the TF.js backend (WebGL → self-hosted WebAssembly → plain JavaScript), our emotion CNN and its model
 * card, and the MediaPipe face detector (self-hosted wasm + model). TF.js (about 300 KB gzipped) and
 * MediaPipe are imported dynamically from here, so both downloads start at once; widgets still import
 * this module dynamically, when the reader starts them.
 *
 *   const { pipeline, detector, backend } = await loadPipeline({ range: "short", onProgress });
 */
import { bytes } from '../format.ts';
import type { BackendName } from '../ml/backend.ts';
import type { EmotionClassifier } from '../ml/classifier.ts';
import { MODEL_CARD_PATH, parseModelCard, type ModelCard } from '../ml/model-card.ts';
import { FaceDetector, frameSize, type DetectorRange } from '../vision/face-detector.ts';
import type { DetectedFace, FrameImage } from '../vision/types.ts';
import { CanvasRegionReader, VideoFrameCopy } from './crop.ts';
import { siteText } from '../site-text.ts';
import { PipelineError, toModelError } from './errors.ts';
import { EmotionPipeline, type PipelineOptions } from './pipeline.ts';

export type { BackendName };

/** TF.js, once loaded (it is imported only when the classifier loads). */
let tfLoaded: typeof import('@tensorflow/tfjs') | null = null;

export interface LoadProgress {
  /** 0–1 over every download, when known. */
  fraction: number;
  /** A short sentence for the reader, e.g. "Downloading the face finder… 4.2 MB of 13.6 MB". */
  text: string;
}

export interface LoadOptions {
  /** Face detector range: "short" (default, faces within about 2 m) or "full" (up to about 5 m). */
  range?: DetectorRange;
  /** Force a TF.js backend (tests, benchmark); default: the fastest that works. */
  backend?: BackendName;
  onProgress?(progress: LoadProgress): void;
  signal?: AbortSignal;
  /** The site's base URL (default import.meta.env.BASE_URL or "/"). */
  base?: string;
  pipeline?: PipelineOptions<FrameImage>;
}

/**
 * Stands in for the face detector where it cannot run: MediaPipe needs WebGL even on the CPU, so in a
 * browser without WebGL the demo reads a square in the middle of the picture instead (and says so).
 */
export class CentreFinder {
  readonly range: DetectorRange = 'short';
  readonly mode: 'image' | 'video' = 'video';
  /** Side of the square as a share of the picture's shorter side. */
  readonly share: number;

  constructor(share = 0.6) {
    this.share = share;
  }

  detect(frame: FrameImage): DetectedFace[] {
    const { width, height } = frameSize(frame);
    if (!(width > 0 && height > 0)) return [];
    const side = Math.min(width, height) * this.share;
    return [
      {
        box: {
          x: (width - side) / 2 / width,
          y: (height - side) / 2 / height,
          width: side / width,
          height: side / height,
        },
        score: 1,
        keypoints: [],
      },
    ];
  }

  async setMode(): Promise<void> {}

  close(): void {}
}

export interface LoadedPipeline {
  pipeline: EmotionPipeline<FrameImage>;
  /** The MediaPipe face detector, or the centre square where WebGL is missing (see `faceFinder`). */
  detector: FaceDetector | CentreFinder;
  /** "mediapipe", or "centre" when this browser has no WebGL (the detector needs it). */
  faceFinder: 'mediapipe' | 'centre';
  classifier: EmotionClassifier;
  backend: BackendName;
  /** The reader-facing name of the backend, e.g. "WebAssembly (processor, fast)". */
  backendLabel: string;
  /** True when WebGL exists but is drawn by software (no graphics card), so WebAssembly was preferred. */
  softwareWebgl: boolean;
  /** A new pipeline with a detector of another range (close this one once the new one is in use). */
  withRange(range: DetectorRange): Promise<LoadedPipeline>;
  /** When each part was ready, ms on the performance.now() clock (for the benchmark). */
  readyAt: { detector: number; classifier: number };
  /** Closes the detector (the classifier stays cached for other widgets on the page). */
  close(): void;
}

function siteBase(base?: string): string {
  const b = base ?? (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  return b.endsWith('/') ? b : `${b}/`;
}

/** The renderer name of WebGL, or null when there is no WebGL at all. */
export function webglRenderer(): string | null {
  try {
    const canvas = document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ??
      canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return name;
  } catch {
    return null;
  }
}

/** WebGL drawn by the processor (SwiftShader, llvmpipe…) is slower for TF.js than WebAssembly. */
export function isSoftwareRenderer(renderer: string | null): boolean {
  return !!renderer && /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
}

function backendOrder(forced: BackendName | undefined, softwareWebgl: boolean): BackendName[] {
  const order: BackendName[] = softwareWebgl ? ['wasm', 'webgl', 'cpu'] : ['webgl', 'wasm', 'cpu'];
  return forced ? [forced, ...order.filter((b) => b !== forced)] : order;
}

/** A fetch for the model files that turns HTTP errors into PipelineErrors. */
function modelFetch(signal?: AbortSignal) {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let res: Response;
    try {
      res = await fetch(input, { ...init, signal });
    } catch (e) {
      if (signal?.aborted) throw e;
      throw new PipelineError('model-network', { cause: e });
    }
    if (res.status === 404 || res.status === 410) throw new PipelineError('model-missing');
    if (!res.ok)
      throw new PipelineError('model-network', {
        message: siteText('modelNetworkStatus', { status: res.status }),
      });
    return res;
  };
}

interface ClassifierBundle {
  classifier: EmotionClassifier;
  backend: BackendName;
  backendLabel: string;
  softwareWebgl: boolean;
}

/** One classifier per page, shared by every widget (it keeps no state between frames). */
let shared: Promise<ClassifierBundle> | null = null;

function loadClassifier(
  base: string,
  forced: BackendName | undefined,
  onFraction: (f: number) => void,
  signal?: AbortSignal,
): Promise<ClassifierBundle> {
  shared ??= (async () => {
    const [tf, { EmotionClassifier }, { chooseBackend, BACKEND_LABELS }] = await Promise.all([
      import('@tensorflow/tfjs'),
      import('../ml/classifier.ts'),
      import('../ml/backend.ts'),
    ]);
    tfLoaded = tf;
    tf.enableProdMode();
    const softwareWebgl = isSoftwareRenderer(webglRenderer());
    let backend: BackendName;
    try {
      backend = await chooseBackend(`${base}vendor/tfjs/`, backendOrder(forced, softwareWebgl));
    } catch (e) {
      throw new PipelineError('no-backend', { cause: e });
    }
    const doFetch = modelFetch(signal);
    let card: ModelCard;
    try {
      const res = await doFetch(`${base}${MODEL_CARD_PATH}`);
      card = parseModelCard(await res.json());
    } catch (e) {
      throw toModelError(e);
    }
    const modelUrl = `${base}${MODEL_CARD_PATH.replace(/model-card\.json$/, 'model.json')}`;
    try {
      const handler = tf.io.http(modelUrl, { fetchFunc: doFetch, onProgress: onFraction });
      const classifier = await EmotionClassifier.load(handler, card, onFraction);
      return { classifier, backend, backendLabel: BACKEND_LABELS[backend], softwareWebgl };
    } catch (e) {
      throw toModelError(e);
    }
  })();
  // A failed load may be retried (e.g. the connection came back).
  shared.catch(() => {
    shared = null;
  });
  return shared;
}

/**
 * MediaPipe's first detection is slow (it sets up its inference engine then); do it on a blank
 * picture while the emotion model is still loading, so that the reader's first frame is not delayed.
 */
function warmUp(detector: FaceDetector | CentreFinder): void {
  if (detector instanceof CentreFinder || typeof document === 'undefined') return;
  try {
    const canvas = Object.assign(document.createElement('canvas'), { width: 64, height: 48 });
    canvas.getContext('2d')?.fillRect(0, 0, 64, 48);
    detector.detect(canvas, 0);
  } catch {
    // Not worth failing for: the first real frame does the same work.
  }
}

/** Loads the detector and the classifier in parallel. Throws DetectorError or PipelineError. */
export async function loadPipeline(options: LoadOptions = {}): Promise<LoadedPipeline> {
  const base = siteBase(options.base);
  const range = options.range ?? 'short';
  const progress = { detectorLoaded: 0, detectorTotal: undefined as number | undefined, model: 0 };
  // The model card says how big the weights are; 1 MB is close enough before it is known.
  const modelBytes = 1e6;
  const report = () => {
    if (!options.onProgress) return;
    const total = (progress.detectorTotal ?? 14e6) + modelBytes;
    const loaded = progress.detectorLoaded + progress.model * modelBytes;
    const fraction = Math.min(1, loaded / total);
    options.onProgress({
      fraction,
      text: siteText('loadProgress', { loaded: bytes(loaded), total: bytes(total) }),
    });
  };
  // MediaPipe draws every picture through WebGL, even on the CPU: without WebGL it cannot run.
  const noWebgl = webglRenderer() === null;
  const readyAt = { detector: 0, classifier: 0 };
  const detectorPromise: Promise<FaceDetector | CentreFinder> = (
    noWebgl
      ? Promise.resolve(new CentreFinder())
      : FaceDetector.create({
          range,
          mode: 'video',
          assetBase: `${base}vendor/mediapipe`,
          signal: options.signal,
          onProgress: (p) => {
            progress.detectorLoaded = p.loaded;
            progress.detectorTotal = p.total;
            report();
          },
        })
  ).then((d) => {
    warmUp(d);
    readyAt.detector = performance.now();
    return d;
  });
  const classifierPromise = loadClassifier(
    base,
    options.backend,
    (f) => {
      progress.model = f;
      report();
    },
    options.signal,
  ).then((c) => {
    readyAt.classifier = performance.now();
    return c;
  });
  // Let neither promise reject unobserved while the other is awaited.
  const [detectorResult, classifierResult] = await Promise.allSettled([
    detectorPromise,
    classifierPromise,
  ]);
  if (detectorResult.status === 'rejected') {
    throw detectorResult.reason;
  }
  if (classifierResult.status === 'rejected') {
    detectorResult.value.close();
    throw classifierResult.reason;
  }
  options.onProgress?.({ fraction: 1, text: siteText('loadReady') });
  return assemble(detectorResult.value, classifierResult.value, options, readyAt);
}

function assemble(
  detector: FaceDetector | CentreFinder,
  bundle: ClassifierBundle,
  options: LoadOptions,
  readyAt: LoadedPipeline['readyAt'],
): LoadedPipeline {
  const pipeline = new EmotionPipeline<FrameImage>(
    detector,
    bundle.classifier,
    new CanvasRegionReader(),
    // With WebGL on a graphics card, the detector's upload of the video stays on the card: no copy.
    bundle.softwareWebgl && !(detector instanceof CentreFinder)
      ? { copyFrame: new VideoFrameCopy().copy, ...options.pipeline }
      : options.pipeline,
  );
  const loaded: LoadedPipeline = {
    pipeline,
    detector,
    faceFinder: detector instanceof CentreFinder ? 'centre' : 'mediapipe',
    classifier: bundle.classifier,
    backend: bundle.backend,
    backendLabel: bundle.backendLabel,
    softwareWebgl: bundle.softwareWebgl,
    readyAt,
    async withRange(range) {
      if (range === detector.range || detector instanceof CentreFinder) return loaded;
      const next = await FaceDetector.create({
        range,
        mode: detector.mode,
        assetBase: `${siteBase(options.base)}vendor/mediapipe`,
      });
      return assemble(next, bundle, options, {
        detector: performance.now(),
        classifier: readyAt.classifier,
      });
    },
    close() {
      detector.close();
    },
  };
  return loaded;
}

/** tf.memory().numTensors, for tests and the benchmark (no tensor should outlive its frame). */
export function tensorCount(): number | null {
  try {
    return tfLoaded ? tfLoaded.memory().numTensors : null;
  } catch {
    return null; // no backend ready yet
  }
}
