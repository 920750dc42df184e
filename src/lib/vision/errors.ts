/**
 * Typed errors of the vision pipeline. Each carries a stable `code` for the code, and two sentences
 * for the reader: `message` says what happened, `hint` says what to do next. Widgets show both and
 * offer the sample photos as a way forward whenever the camera is out.
 */
import { visionText } from './text.ts';

export type CameraErrorCode =
  | 'permission-denied'
  | 'no-camera'
  | 'insecure-context'
  | 'blocked-by-policy'
  | 'in-use'
  | 'unplugged'
  | 'unsupported'
  | 'aborted'
  | 'unknown';

export type ImageErrorCode =
  'not-an-image' | 'svg' | 'empty' | 'too-large' | 'decode-failed' | 'fetch-failed';

export type DetectorErrorCode =
  | 'wasm-missing'
  | 'wasm-corrupt'
  | 'model-missing'
  | 'model-corrupt'
  | 'network'
  | 'init-failed'
  | 'closed';

export type VisionErrorCode = CameraErrorCode | ImageErrorCode | DetectorErrorCode;

export class VisionError extends Error {
  readonly code: VisionErrorCode;
  /** What the reader can do about it, in one sentence. */
  readonly hint: string;

  constructor(code: VisionErrorCode, message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VisionError';
    this.code = code;
    this.hint = hint;
  }
}

/** A camera hint, then the way on without a camera (the sample photos, an upload). */
const withSamples = (hint: string) => visionText('camera.withSamples', { hint });

const CAMERA_TEXT: Record<CameraErrorCode, { message: string; hint: string }> = {
  'permission-denied': {
    message: visionText('camera.permissionDenied'),
    hint: withSamples(visionText('camera.permissionDenied.hint')),
  },
  'no-camera': {
    message: visionText('camera.noCamera'),
    hint: withSamples(visionText('camera.noCamera.hint')),
  },
  'insecure-context': {
    message: visionText('camera.insecureContext'),
    hint: withSamples(visionText('camera.insecureContext.hint')),
  },
  'blocked-by-policy': {
    message: visionText('camera.blockedByPolicy'),
    hint: withSamples(visionText('camera.blockedByPolicy.hint')),
  },
  'in-use': {
    message: visionText('camera.inUse'),
    hint: withSamples(visionText('camera.inUse.hint')),
  },
  unplugged: {
    message: visionText('camera.unplugged'),
    hint: withSamples(visionText('camera.unplugged.hint')),
  },
  unsupported: {
    message: visionText('camera.unsupported'),
    hint: withSamples(visionText('camera.unsupported.hint')),
  },
  aborted: {
    message: visionText('camera.aborted'),
    hint: visionText('camera.pressStart.hint'),
  },
  unknown: {
    message: visionText('camera.unknown'),
    hint: withSamples(visionText('camera.pressStart.hint')),
  },
};

export class CameraError extends VisionError {
  declare readonly code: CameraErrorCode;

  constructor(code: CameraErrorCode, options?: { cause?: unknown; message?: string }) {
    const text = CAMERA_TEXT[code];
    super(code, options?.message ?? text.message, text.hint, options);
    this.name = 'CameraError';
  }
}

const IMAGE_TEXT: Record<ImageErrorCode, string> = {
  'not-an-image': visionText('image.notAnImage'),
  svg: visionText('image.svg'),
  empty: visionText('image.empty'),
  'too-large': visionText('image.tooLarge'),
  'decode-failed': visionText('image.decodeFailed'),
  'fetch-failed': visionText('image.fetchFailed'),
};

export class ImageInputError extends VisionError {
  declare readonly code: ImageErrorCode;

  constructor(code: ImageErrorCode, options?: { cause?: unknown; message?: string }) {
    super(code, options?.message ?? IMAGE_TEXT[code], visionText('image.hint'), options);
    this.name = 'ImageInputError';
  }
}

const DETECTOR_TEXT: Record<DetectorErrorCode, string> = {
  'wasm-missing': visionText('detector.wasmMissing'),
  'wasm-corrupt': visionText('detector.wasmCorrupt'),
  'model-missing': visionText('detector.modelMissing'),
  'model-corrupt': visionText('detector.modelCorrupt'),
  network: visionText('detector.network'),
  'init-failed': visionText('detector.initFailed'),
  closed: visionText('detector.closed'),
};

const DETECTOR_HINT: Record<DetectorErrorCode, string> = {
  'wasm-missing': visionText('detector.siteProblem.hint'),
  'wasm-corrupt': visionText('detector.reload.hint'),
  'model-missing': visionText('detector.siteProblem.hint'),
  'model-corrupt': visionText('detector.reload.hint'),
  network: visionText('detector.checkConnection.hint'),
  'init-failed': visionText('detector.tryReloading.hint'),
  closed: visionText('detector.pressStartAgain.hint'),
};

export class DetectorError extends VisionError {
  declare readonly code: DetectorErrorCode;
  /** The file involved, when there is one. */
  readonly url: string | undefined;

  constructor(
    code: DetectorErrorCode,
    options?: { cause?: unknown; message?: string; url?: string },
  ) {
    super(code, options?.message ?? DETECTOR_TEXT[code], DETECTOR_HINT[code], options);
    this.name = 'DetectorError';
    this.url = options?.url;
  }
}

export function isVisionError(e: unknown): e is VisionError {
  return e instanceof VisionError;
}
