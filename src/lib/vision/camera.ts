/**
 * The webcam as a frame source: asks for the front ("user") camera, or the one the reader chose
 * from listCameras(), plays it in a <video>, tells
 * whether the preview should be mirrored, and reports the camera going away (unplugged, switched off,
 * permission revoked) through `onEnded`. Every failure becomes a CameraError with a reader-facing
 * message (errors.ts).
 */
import { CameraError, type CameraErrorCode } from './errors.ts';
import type { FrameSource } from './types.ts';

export interface WebcamOptions {
  /** "user" = the front/selfie camera (default), "environment" = the back camera of a phone. */
  facingMode?: 'user' | 'environment';
  /**
   * The camera the reader chose (a deviceId from listCameras()). Asked for exactly; if that device
   * is gone, the default camera is used instead.
   */
  deviceId?: string;
  /** Ideal capture size; the browser picks the nearest the camera offers. Default 640×480. */
  width?: number;
  height?: number;
  frameRate?: number;
  /** A <video> element to play into; one is created (not attached to the page) if left out. */
  video?: HTMLVideoElement;
  signal?: AbortSignal;
}

export interface WebcamSource extends FrameSource {
  readonly kind: 'webcam';
  readonly element: HTMLVideoElement;
  readonly stream: MediaStream;
  /** Label of the camera (may be empty before permission in some browsers). */
  readonly label: string;
  /** True once the camera has stopped, by `stop()` or because it went away. */
  readonly ended: boolean;
  /** Called once if the camera goes away by itself (not after `stop()`). Returns an unsubscribe. */
  onEnded(listener: (error: CameraError) => void): () => void;
}

/** The parts of the browser environment the camera checks look at (injectable for tests). */
export interface CameraEnv {
  isSecureContext?: boolean;
  navigator?: { mediaDevices?: { getUserMedia?: unknown } };
  document?: {
    featurePolicy?: { allowsFeature(feature: string): boolean };
    permissionsPolicy?: { allowsFeature(feature: string): boolean };
  };
  /** window !== window.top: the page runs inside an iframe. */
  inIframe?: boolean;
}

function browserEnv(): CameraEnv {
  const g = globalThis as unknown as {
    isSecureContext?: boolean;
    navigator?: CameraEnv['navigator'];
    document?: CameraEnv['document'];
    top?: unknown;
    window?: unknown;
  };
  let inIframe = false;
  try {
    inIframe = g.window !== undefined && g.top !== g.window;
  } catch {
    inIframe = true; // a cross-origin top throws on access
  }
  return {
    isSecureContext: g.isSecureContext,
    navigator: g.navigator,
    document: g.document,
    inIframe,
  };
}

/** Whether the host page's Permissions Policy lets this document use the camera (undefined = unknown). */
export function cameraAllowedByPolicy(env: CameraEnv = browserEnv()): boolean | undefined {
  const policy = env.document?.permissionsPolicy ?? env.document?.featurePolicy;
  if (!policy || typeof policy.allowsFeature !== 'function') return undefined;
  try {
    return policy.allowsFeature('camera');
  } catch {
    return undefined;
  }
}

/**
 * Checks, without asking for permission, whether a camera can be requested at all. Returns the
 * CameraError that getUserMedia would end in, or null when it is worth trying.
 */
export function cameraUnavailableReason(env: CameraEnv = browserEnv()): CameraError | null {
  if (env.isSecureContext === false) return new CameraError('insecure-context');
  if (cameraAllowedByPolicy(env) === false) return new CameraError('blocked-by-policy');
  if (typeof env.navigator?.mediaDevices?.getUserMedia !== 'function') {
    // Browsers hide navigator.mediaDevices on insecure pages; isSecureContext is the better test,
    // but old browsers lack it.
    return new CameraError(env.isSecureContext === undefined ? 'insecure-context' : 'unsupported');
  }
  return null;
}

/** Maps anything getUserMedia (or playing the stream) throws to a CameraError. */
export function toCameraError(err: unknown, env: CameraEnv = browserEnv()): CameraError {
  if (err instanceof CameraError) return err;
  const name = (err as { name?: unknown } | null)?.name;
  const message = String((err as { message?: unknown } | null)?.message ?? '');
  let code: CameraErrorCode;
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError': // old Chrome
      // Chrome reports a Permissions-Policy block as a plain NotAllowedError.
      code =
        cameraAllowedByPolicy(env) === false || /policy/i.test(message)
          ? 'blocked-by-policy'
          : env.isSecureContext === false
            ? 'insecure-context'
            : 'permission-denied';
      break;
    case 'SecurityError':
      code = env.isSecureContext === false ? 'insecure-context' : 'blocked-by-policy';
      break;
    case 'NotFoundError':
    case 'DevicesNotFoundError': // old Chrome
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError':
      code = 'no-camera';
      break;
    case 'NotReadableError':
    case 'TrackStartError': // old Chrome
      code = 'in-use';
      break;
    case 'AbortError':
      // Firefox uses AbortError when the device could not be opened (often: in use elsewhere).
      code = /abort/i.test(message) && !/start/i.test(message) ? 'aborted' : 'in-use';
      break;
    case 'TypeError':
      code = cameraUnavailableReason(env)?.code ?? 'unknown';
      break;
    default:
      code = 'unknown';
  }
  return new CameraError(code, { cause: err });
}

function abortError(): CameraError {
  return new CameraError('aborted');
}

function waitForEvent(target: EventTarget, type: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      target.removeEventListener(type, done);
      signal?.removeEventListener('abort', aborted);
      resolve();
    };
    const aborted = () => {
      target.removeEventListener(type, done);
      reject(abortError());
    };
    target.addEventListener(type, done, { once: true });
    signal?.addEventListener('abort', aborted, { once: true });
  });
}

/**
 * Whether a preview from this track should be mirrored: yes for a front/selfie camera, and for
 * desktop webcams (which report no facing mode and face the user).
 */
export function shouldMirror(
  settings: { facingMode?: string } | undefined,
  requested: 'user' | 'environment',
): boolean {
  const facing = settings?.facingMode;
  if (facing === 'user') return true;
  if (facing === 'environment') return false;
  return requested === 'user';
}

/** A video input as enumerateDevices() reports it; the label is empty until camera permission. */
export interface CameraInfo {
  deviceId: string;
  label: string;
}

/** The video inputs of this device, in the browser's order. Empty where enumeration is missing. */
export async function listCameras(
  mediaDevices: Pick<MediaDevices, 'enumerateDevices'> | undefined = globalThis.navigator
    ?.mediaDevices,
): Promise<CameraInfo[]> {
  if (typeof mediaDevices?.enumerateDevices !== 'function') return [];
  const devices = await mediaDevices.enumerateDevices();
  return devices
    .filter((d) => d.kind === 'videoinput')
    .map(({ deviceId, label }) => ({ deviceId, label }));
}

/**
 * The deviceId to ask for: the remembered one while that camera is still listed, otherwise
 * undefined (the browser's default camera). Before permission some browsers list cameras with an
 * empty deviceId, so a remembered id is kept while no listed id can be compared with it.
 */
export function chooseCamera(
  cameras: readonly CameraInfo[],
  rememberedId: string | null | undefined,
): string | undefined {
  if (!rememberedId) return undefined;
  if (cameras.some((c) => c.deviceId === rememberedId)) return rememberedId;
  return cameras.every((c) => c.deviceId === '') && cameras.length > 0 ? rememberedId : undefined;
}

/** A name for each camera: its label, or `unnamed(n)` (n from 1) while labels are still hidden. */
export function cameraNames(
  cameras: readonly CameraInfo[],
  unnamed: (n: number) => string,
): string[] {
  return cameras.map((c, i) => c.label.trim() || unnamed(i + 1));
}

/** The getUserMedia video constraints for these options. */
export function videoConstraints(options: WebcamOptions): MediaTrackConstraints {
  return {
    ...(options.deviceId
      ? { deviceId: { exact: options.deviceId } }
      : { facingMode: { ideal: options.facingMode ?? 'user' } }),
    width: { ideal: options.width ?? 640 },
    height: { ideal: options.height ?? 480 },
    frameRate: { ideal: options.frameRate ?? 30 },
  };
}

/** Whether getUserMedia failed because the exactly-asked device is not there (any more). */
function chosenCameraMissing(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'OverconstrainedError' || name === 'NotFoundError';
}

/** Asks for the camera and starts playing it. Throws CameraError. */
export async function startWebcam(options: WebcamOptions = {}): Promise<WebcamSource> {
  const env = browserEnv();
  const reason = cameraUnavailableReason(env);
  if (reason) throw reason;
  const { signal } = options;
  if (signal?.aborted) throw abortError();
  const facingMode = options.facingMode ?? 'user';

  const ask = (video: MediaTrackConstraints) =>
    navigator.mediaDevices.getUserMedia({ audio: false, video });
  let stream: MediaStream;
  try {
    stream = await ask(videoConstraints(options)).catch((e: unknown) => {
      if (!options.deviceId || !chosenCameraMissing(e)) throw e;
      return ask(videoConstraints({ ...options, deviceId: undefined }));
    });
  } catch (e) {
    throw toCameraError(e, env);
  }
  const stopTracks = () => stream.getTracks().forEach((t) => t.stop());
  if (signal?.aborted) {
    stopTracks();
    throw abortError();
  }
  const track = stream.getVideoTracks()[0];
  if (!track) {
    stopTracks();
    throw new CameraError('no-camera');
  }

  const video = options.video ?? document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.setAttribute('playsinline', '');
  video.autoplay = true;
  video.srcObject = stream;
  try {
    if (video.readyState < HTMLMediaElement.HAVE_METADATA)
      await waitForEvent(video, 'loadedmetadata', signal);
    await video.play();
    if (signal?.aborted) throw abortError();
  } catch (e) {
    stopTracks();
    video.srcObject = null;
    throw e instanceof CameraError ? e : toCameraError(e, env);
  }

  const listeners = new Set<(error: CameraError) => void>();
  let ended = false;
  const finish = () => {
    ended = true;
    track.removeEventListener('ended', onTrackEnded);
  };
  function onTrackEnded() {
    if (ended) return;
    finish();
    stopTracks();
    const error = new CameraError('unplugged');
    for (const l of [...listeners]) l(error);
    listeners.clear();
  }
  track.addEventListener('ended', onTrackEnded);

  return {
    kind: 'webcam',
    element: video,
    stream,
    label: track.label,
    mirrored: shouldMirror(track.getSettings?.(), facingMode),
    live: true,
    get width() {
      return video.videoWidth;
    },
    get height() {
      return video.videoHeight;
    },
    get ended() {
      return ended;
    },
    onEnded(listener) {
      if (ended) return () => {};
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      if (ended) return;
      finish();
      listeners.clear();
      stopTracks();
      video.pause();
      video.srcObject = null;
    },
  };
}
