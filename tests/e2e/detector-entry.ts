/**
 * Browser side of tests/e2e/detector.spec.ts: bundled at test time (esbuild) and injected into a
 * built page of the site, so src/lib/vision runs in Chromium under the site's real CSP and headers.
 */
import {
  FaceDetector,
  FrameLoop,
  loadStillImage,
  loadSampleManifest,
  startWebcam,
  isVisionError,
} from '../../src/lib/vision/index.ts';

declare global {
  interface Window {
    __vision: typeof api;
  }
}

/** A plain-object view of any error, for page.evaluate to return. */
function describe(e: unknown) {
  if (isVisionError(e))
    return {
      name: e.name,
      code: e.code,
      message: e.message,
      hint: e.hint,
      cause: String((e.cause as Error | undefined)?.message ?? e.cause ?? ''),
    };
  return {
    name: (e as Error)?.name ?? 'unknown',
    code: undefined,
    message: String((e as Error)?.message ?? e),
    hint: undefined,
    cause: '',
  };
}

async function attempt<T>(
  fn: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: ReturnType<typeof describe> }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    return { ok: false, error: describe(e) };
  }
}

const api = {
  FaceDetector,
  FrameLoop,
  loadStillImage,
  startWebcam,
  attempt,

  /** Detects the faces in a photo at `url` (or a Blob). */
  async detectInPhoto(input: string | Blob, range: 'short' | 'full' = 'short', assetBase?: string) {
    const [result] = await api.detectInPhotos([input], range, assetBase);
    return result!;
  },

  /**
   * Detects the faces in each photo with ONE detector, as a widget does: starting a detector (its
   * wasm and model) for each photo was most of the sample-photo tests' time.
   */
  async detectInPhotos(
    inputs: (string | Blob)[],
    range: 'short' | 'full' = 'short',
    assetBase?: string,
  ) {
    const progress: number[] = [];
    const detector = await FaceDetector.create({
      range,
      mode: 'image',
      assetBase,
      onProgress: (p) => progress.push(p.fraction ?? -1),
    });
    try {
      const results = [];
      for (const input of inputs) {
        const image = await loadStillImage(input);
        try {
          const faces = detector.detect(image.element);
          results.push({ faces, width: image.width, height: image.height, progress });
        } finally {
          image.stop();
        }
      }
      return results;
    } finally {
      detector.close();
    }
  },

  async samples() {
    return loadSampleManifest();
  },

  /** Makes a JPEG of the given size in the page (for the huge-image test). */
  async makeJpeg(width: number, height: number): Promise<Blob> {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#c84';
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = '#248';
    ctx.fillRect(width / 4, height / 4, width / 2, height / 2);
    return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.5 });
  },

  /**
   * Webcam → FrameLoop → detector (video mode) until a face is seen, then simulates the camera being
   * unplugged and reports how the loop ended.
   */
  async webcamRun(timeoutMs = 15000) {
    const detector = await FaceDetector.create({ range: 'short', mode: 'video' });
    const cam = await startWebcam({ facingMode: 'user' });
    const seen: { faces: number; box?: unknown }[] = [];
    let endedWith: string | undefined;
    const loopEnded = new Promise<void>((resolve) => {
      const loop = new FrameLoop(
        (f) => {
          const faces = detector.detect(cam.element, f.now);
          seen.push({ faces: faces.length, box: faces[0]?.box });
        },
        { video: cam.element, maxFps: 30 },
      );
      loop.stopWhen(cam, (err) => {
        endedWith = err.code;
        resolve();
      });
      loop.start();
      (window as unknown as { __loop: FrameLoop }).__loop = loop;
    });
    const t0 = performance.now();
    while (!seen.some((s) => s.faces > 0) && performance.now() - t0 < timeoutMs)
      await new Promise((r) => setTimeout(r, 50));
    const firstFaceAfterMs = performance.now() - t0;
    // A camera that goes away fires "ended" on its track (stop() does not; the browser does).
    cam.stream.getVideoTracks()[0]!.dispatchEvent(new Event('ended'));
    await loopEnded;
    const loop = (window as unknown as { __loop: FrameLoop }).__loop;
    const framesAtEnd = seen.length;
    await new Promise((r) => setTimeout(r, 300));
    detector.close();
    return {
      mirrored: cam.mirrored,
      width: cam.width,
      height: cam.height,
      frames: framesAtEnd,
      framesAfterEnd: seen.length - framesAtEnd,
      withFace: seen.filter((s) => s.faces > 0).length,
      firstBox: seen.find((s) => s.faces > 0)?.box,
      firstFaceAfterMs,
      endedWith,
      loopState: loop.state,
      trackState: cam.stream.getVideoTracks()[0]!.readyState,
      camEnded: cam.ended,
    };
  },
};

window.__vision = api;
document.documentElement.dataset.visionReady = '1';
