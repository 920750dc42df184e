/**
 * Typed errors of the vision pipeline. Each carries a stable `code` for the code, and two sentences
 * for the reader: `message` says what happened, `hint` says what to do next. Widgets show both and
 * offer the sample photos as a way forward whenever the camera is out.
 */

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

const SAMPLES_HINT =
  'You can still try the demo with one of the sample photos, or upload a photo of your own.';

const CAMERA_TEXT: Record<CameraErrorCode, { message: string; hint: string }> = {
  'permission-denied': {
    message: 'The camera is blocked: permission to use it was refused.',
    hint: `To use your camera, allow it in your browser's address bar (the camera or lock icon) and press Start again. ${SAMPLES_HINT}`,
  },
  'no-camera': {
    message: 'No camera was found on this device.',
    hint: `Plug in a webcam and press Start again. ${SAMPLES_HINT}`,
  },
  'insecure-context': {
    message:
      'The camera only works on a secure (https://) page, and this page was not opened securely.',
    hint: `Open the site through https:// or from localhost. ${SAMPLES_HINT}`,
  },
  'blocked-by-policy': {
    message: 'The page this demo is embedded in does not allow it to use the camera.',
    hint: `Open the demo on its own page, or ask the site owner to add allow="camera" to the iframe. ${SAMPLES_HINT}`,
  },
  'in-use': {
    message: 'The camera could not be started: another app or browser tab may be using it.',
    hint: `Close the other app or tab that uses the camera and press Start again. ${SAMPLES_HINT}`,
  },
  unplugged: {
    message: 'The camera stopped: it was unplugged or switched off.',
    hint: `Reconnect the camera and press Start again. ${SAMPLES_HINT}`,
  },
  unsupported: {
    message: 'This browser cannot give web pages access to a camera.',
    hint: `Try a recent version of Chrome, Edge, Firefox or Safari. ${SAMPLES_HINT}`,
  },
  aborted: {
    message: 'Starting the camera was cancelled.',
    hint: 'Press Start to try again.',
  },
  unknown: {
    message: 'The camera could not be started.',
    hint: `Press Start to try again. ${SAMPLES_HINT}`,
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

const IMAGE_HINT = 'Choose a JPEG, PNG, WebP or GIF photo, or try one of the sample photos.';

const IMAGE_TEXT: Record<ImageErrorCode, string> = {
  'not-an-image': 'This file is not a photo the demo can read.',
  svg: 'SVG drawings are not accepted: the demo needs a photo made of pixels, such as a JPEG or PNG.',
  empty: 'This file is empty (0 bytes).',
  'too-large': 'This file is too large for the demo.',
  'decode-failed':
    'The browser could not open this image: it may be damaged or in a format it does not support.',
  'fetch-failed': 'The image could not be loaded.',
};

export class ImageInputError extends VisionError {
  declare readonly code: ImageErrorCode;

  constructor(code: ImageErrorCode, options?: { cause?: unknown; message?: string }) {
    super(code, options?.message ?? IMAGE_TEXT[code], IMAGE_HINT, options);
    this.name = 'ImageInputError';
  }
}

const DETECTOR_TEXT: Record<DetectorErrorCode, string> = {
  'wasm-missing': "The face finder's program file (WebAssembly) is missing from the site.",
  'wasm-corrupt': "The face finder's program file (WebAssembly) is damaged and could not start.",
  'model-missing': "The face finder's model file is missing from the site.",
  'model-corrupt': "The face finder's model file is damaged and could not be read.",
  network: 'The face finder could not be downloaded: the connection failed.',
  'init-failed': 'The face finder could not start in this browser.',
  closed: 'The face finder was already shut down.',
};

const DETECTOR_HINT: Record<DetectorErrorCode, string> = {
  'wasm-missing': 'This is a problem with the site, not with your device. Please try again later.',
  'wasm-corrupt': 'Reload the page; if it keeps happening, the site needs fixing.',
  'model-missing': 'This is a problem with the site, not with your device. Please try again later.',
  'model-corrupt': 'Reload the page; if it keeps happening, the site needs fixing.',
  network: 'Check your connection and press Start again.',
  'init-failed':
    'Try reloading the page, or use a recent version of Chrome, Edge, Firefox or Safari.',
  closed: 'Press Start again.',
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
