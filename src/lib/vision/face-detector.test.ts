/**
 * The FaceDetector wrapper without a browser: asset URLs, download checks and error mapping (with a
 * fake fetch and a fake tasks-vision), and the conversion of detections to 0–1 boxes. The real
 * detector runs in Chromium in tests/e2e/detector.e2e.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Detection } from '@mediapipe/tasks-vision';
import {
  DEFAULT_MIN_CONFIDENCE,
  FaceDetector,
  blockMediapipeTelemetry,
  classifyInitError,
  detectorAssetUrls,
  fetchBytes,
  isTfliteModel,
  isWasm,
  toDetectedFaces,
  type LoadProgress,
  type TasksVisionModule,
} from './face-detector.ts';
import { DetectorError } from './errors.ts';

const MODEL = new Uint8Array(
  readFileSync(
    join(process.cwd(), 'node_modules/@mediapipe/face_detection/face_detection_short_range.tflite'),
  ),
);
const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...new Array(2000).fill(0)]);

/** A fake server: path → bytes (or an HTTP status). */
function fakeFetch(files: Record<string, Uint8Array | number>): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const url = String(input);
    const f = files[url];
    if (f === undefined) return new Response('not found', { status: 404 });
    if (typeof f === 'number') return new Response('error', { status: f });
    return new Response(f as BlobPart, {
      status: 200,
      headers: { 'content-length': String(f.length) },
    });
  }) as typeof fetch;
}

function fakeVision(
  create: (options: unknown) => Promise<unknown> = async () => fakeTask(),
): TasksVisionModule & { calls: unknown[] } {
  const calls: unknown[] = [];
  return {
    calls,
    FilesetResolver: {
      forVisionTasks: async (base?: string) => ({
        wasmLoaderPath: `${base}/vision_wasm_internal.js`,
        wasmBinaryPath: `${base}/vision_wasm_internal.wasm`,
      }),
    },
    FaceDetector: {
      createFromOptions: async (fileset: unknown, options: unknown) => {
        calls.push({ fileset, options });
        return create(options) as never;
      },
    },
  };
}

function fakeTask() {
  return {
    closed: false,
    detectForVideo: () => ({ detections: [det(10, 20, 30, 30, 0.9)] }),
    detect: () => ({ detections: [] }),
    setOptions: async () => {},
    close() {
      this.closed = true;
    },
  };
}

function det(x: number, y: number, w: number, h: number, score: number): Detection {
  return {
    boundingBox: { originX: x, originY: y, width: w, height: h, angle: 0 },
    categories: [{ score, index: 0, categoryName: '', displayName: '' }],
    keypoints: Array.from({ length: 6 }, (_, i) => ({ x: i / 10, y: 0.5 })),
  } as Detection;
}

const allFiles = {
  '/vendor/mediapipe/wasm/vision_wasm_internal.wasm': WASM,
  '/vendor/mediapipe/wasm/vision_wasm_internal.js': new TextEncoder().encode('// loader'),
  '/vendor/mediapipe/face_detection_short_range.tflite': MODEL,
};

async function createError(
  files: Record<string, Uint8Array | number>,
  vision = fakeVision(),
): Promise<DetectorError> {
  try {
    await FaceDetector.create({
      assetBase: '/vendor/mediapipe',
      fetch: fakeFetch(files),
      loadTasksVision: async () => vision,
    });
  } catch (e) {
    expect(e).toBeInstanceOf(DetectorError);
    return e as DetectorError;
  }
  throw new Error('expected a DetectorError');
}

describe('asset URLs', () => {
  it('point at the self-hosted wasm folder and the chosen model', () => {
    expect(detectorAssetUrls('/vendor/mediapipe/', 'short')).toEqual({
      wasmBase: '/vendor/mediapipe/wasm',
      model: '/vendor/mediapipe/face_detection_short_range.tflite',
    });
    expect(detectorAssetUrls('/base/vendor/mediapipe', 'full').model).toBe(
      '/base/vendor/mediapipe/face_detection_full_range.tflite',
    );
  });

  it('recognise wasm and TFLite files by their magic bytes', () => {
    expect(isWasm(WASM)).toBe(true);
    expect(isWasm(new TextEncoder().encode('<!doctype html>'))).toBe(false);
    expect(isTfliteModel(MODEL)).toBe(true);
    expect(isTfliteModel(new TextEncoder().encode('<!doctype html>'.repeat(100)))).toBe(false);
  });
});

describe('fetchBytes', () => {
  it('reports progress and returns the bytes', async () => {
    const seen: [number, number | undefined][] = [];
    const bytes = await fetchBytes('/m', 'model-missing', {
      fetch: fakeFetch({ '/m': MODEL }),
      onBytes: (l, t) => seen.push([l, t]),
    });
    expect(bytes).toEqual(MODEL);
    expect(seen.at(-1)).toEqual([MODEL.length, MODEL.length]);
  });

  it('maps 404 to missing and 500 / network failure to network', async () => {
    await expect(fetchBytes('/x', 'wasm-missing', { fetch: fakeFetch({}) })).rejects.toMatchObject({
      code: 'wasm-missing',
      url: '/x',
    });
    await expect(
      fetchBytes('/x', 'model-missing', { fetch: fakeFetch({ '/x': 500 }) }),
    ).rejects.toMatchObject({ code: 'network' });
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    await expect(fetchBytes('/x', 'model-missing', { fetch: failing })).rejects.toMatchObject({
      code: 'network',
    });
  });
});

describe('FaceDetector.create', () => {
  it('loads the model and wasm itself, with progress, and hands them to tasks-vision', async () => {
    const vision = fakeVision();
    const progress: LoadProgress[] = [];
    const detector = await FaceDetector.create({
      assetBase: '/vendor/mediapipe',
      fetch: fakeFetch(allFiles),
      loadTasksVision: async () => vision,
      onProgress: (p) => progress.push(p),
    });
    const call = vision.calls[0] as {
      fileset: { wasmBinaryPath: string; wasmLoaderPath: string };
      options: Record<string, any>;
    };
    expect(call.fileset.wasmLoaderPath).toBe('/vendor/mediapipe/wasm/vision_wasm_internal.js');
    // By its address, so that the browser keeps the compiled code for the next visit.
    expect(call.fileset.wasmBinaryPath).toBe('/vendor/mediapipe/wasm/vision_wasm_internal.wasm');
    expect(call.options.baseOptions.modelAssetBuffer).toEqual(MODEL);
    expect(call.options.baseOptions.delegate).toBe('CPU');
    expect(call.options.runningMode).toBe('VIDEO');
    expect(call.options.minDetectionConfidence).toBe(DEFAULT_MIN_CONFIDENCE);
    expect(progress.at(-1)).toMatchObject({
      stage: 'ready',
      fraction: 1,
      loaded: MODEL.length + WASM.length,
    });
    detector.close();
    expect(detector.closed).toBe(true);
    expect(() => detector.detect({ width: 10, height: 10 } as ImageBitmap)).toThrow(DetectorError);
  });

  it('detects faces as 0–1 boxes with named keypoints', async () => {
    const detector = await FaceDetector.create({
      assetBase: '/vendor/mediapipe',
      fetch: fakeFetch(allFiles),
      loadTasksVision: async () => fakeVision(),
    });
    const faces = detector.detect({ width: 100, height: 200 } as ImageBitmap, 5);
    expect(faces).toHaveLength(1);
    const [face] = faces;
    expect(face!.score).toBe(0.9);
    const b = face!.box;
    expect([b.x, b.y, b.width, b.height].map((v) => +v.toFixed(6))).toEqual([0.1, 0.1, 0.3, 0.15]);
    expect(face!.keypoints.map((k) => k.name)).toEqual([
      'rightEye',
      'leftEye',
      'noseTip',
      'mouth',
      'rightEar',
      'leftEar',
    ]);
    expect(face!.keypoints[1]).toEqual({ name: 'leftEye', x: 0.1, y: 0.5 });
  });

  it('reports a missing or corrupt wasm or model with the right code', async () => {
    expect(
      (
        await createError({
          ...allFiles,
          '/vendor/mediapipe/face_detection_short_range.tflite': 404,
        })
      ).code,
    ).toBe('model-missing');
    expect(
      (await createError({ ...allFiles, '/vendor/mediapipe/wasm/vision_wasm_internal.wasm': 404 }))
        .code,
    ).toBe('wasm-missing');
    expect(
      (await createError({ ...allFiles, '/vendor/mediapipe/wasm/vision_wasm_internal.js': 404 }))
        .code,
    ).toBe('wasm-missing');
    const html = new TextEncoder().encode('<!doctype html><title>Not found</title>'.repeat(100));
    expect(
      (
        await createError({
          ...allFiles,
          '/vendor/mediapipe/face_detection_short_range.tflite': html,
        })
      ).code,
    ).toBe('model-corrupt');
    expect(
      (await createError({ ...allFiles, '/vendor/mediapipe/wasm/vision_wasm_internal.wasm': html }))
        .code,
    ).toBe('wasm-corrupt');
    const failing = fakeVision(async () => {
      throw new Error('Failed to build model from buffer: invalid flatbuffer');
    });
    expect((await createError(allFiles, failing)).code).toBe('model-corrupt');
  });

  it('every detector error has a reader-facing message and hint', async () => {
    const e = await createError({});
    expect(e.message).toMatch(/face finder/);
    expect(e.hint.length).toBeGreaterThan(10);
  });
});

describe('toDetectedFaces', () => {
  it('clamps boxes to the frame, drops empty ones, and sorts the largest face first', () => {
    const faces = toDetectedFaces(
      [det(-10, -10, 30, 30, 0.6), det(50, 50, 60, 60, 0.8), det(200, 200, 10, 10, 0.9)],
      100,
      100,
    );
    expect(faces.map((f) => f.box)).toEqual([
      { x: 0.5, y: 0.5, width: 0.5, height: 0.5 },
      { x: 0, y: 0, width: 0.2, height: 0.2 },
    ]);
    expect(toDetectedFaces([det(1, 1, 5, 5, 1)], 0, 0)).toEqual([]);
  });
});

describe('blockMediapipeTelemetry', () => {
  it("answers MediaPipe's usage-log POSTs locally and lets every other request through, once wrapped", async () => {
    const seen: string[] = [];
    const scope = {
      fetch: (async (input: RequestInfo | URL) => {
        seen.push(String(input));
        return new Response('real', { status: 200 });
      }) as typeof fetch,
    };
    blockMediapipeTelemetry(scope);
    const wrapped = scope.fetch;
    blockMediapipeTelemetry(scope); // idempotent: not wrapped twice
    expect(scope.fetch).toBe(wrapped);
    const log = await scope.fetch('https://odml.pa.googleapis.com/v1/log', {
      method: 'POST',
      body: 'x',
    });
    expect(log.status).toBe(204);
    const logReq = await scope.fetch(
      new Request('https://odml.pa.googleapis.com/v1/log', { method: 'POST' }),
    );
    expect(logReq.status).toBe(204);
    const ours = await scope.fetch('/vendor/mediapipe/face_detection_short_range.tflite');
    expect(await ours.text()).toBe('real');
    expect(seen).toEqual(['/vendor/mediapipe/face_detection_short_range.tflite']);
  });
});

describe('classifyInitError', () => {
  it('tells model problems from wasm problems', () => {
    expect(
      classifyInitError(new Error('INVALID_ARGUMENT: The model is not a valid Flatbuffer buffer')),
    ).toBe('model-corrupt');
    expect(classifyInitError(new Error('WebAssembly.instantiate(): expected magic word'))).toBe(
      'wasm-corrupt',
    );
    expect(classifyInitError(new Error('something else'))).toBe('init-failed');
  });
});
