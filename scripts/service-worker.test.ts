/**
 * The offline copy's build step (scripts/service-worker.ts): which built files the service worker keeps,
 * the list the /teach/ button counts its progress against, and how the page counts it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeServiceWorker } from './service-worker.ts';
import {
  isOfflineCacheName,
  progressOf,
  type OfflineManifest,
} from '../src/lib/offline/offline-copy.ts';

const dist = mkdtempSync(join(tmpdir(), 'service-worker-'));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

function put(path: string, content: string | Buffer) {
  mkdirSync(dirname(join(dist, path)), { recursive: true });
  writeFileSync(join(dist, path), content);
}

const KEPT = [
  '404.html',
  '_astro/page.B1x2y3.js',
  '_astro/site.C4d5e6.css',
  'data/average-faces/happy.png',
  'embed/live-demo/index.html',
  'favicon.svg',
  'index.html',
  'lessons/face-mesh/index.html',
  'models/emotion-cnn/model.json',
  'models/emotion-cnn/weights.bin',
  'vendor/human/facemesh.bin',
  'vendor/mediapipe/face_detection_short_range.tflite',
  'vendor/mediapipe/wasm/vision_wasm_internal.js',
  'vendor/mediapipe/wasm/vision_wasm_internal.wasm',
  'vendor/samples/sample1.jpg',
  'vendor/tfjs/tfjs-backend-wasm-simd.wasm',
];
const LEFT_OUT = [
  '_headers',
  'vendor/.stamps.json',
  'vendor/human/LICENSE',
  'vendor/mediapipe/wasm/vision_wasm_module_internal.js',
  'vendor/mediapipe/wasm/vision_wasm_module_internal.wasm',
  'vendor/mediapipe/wasm/vision_wasm_nosimd_internal.js',
  'vendor/mediapipe/wasm/vision_wasm_nosimd_internal.wasm',
  'vendor/tfjs/tfjs-backend-wasm-threaded-simd.wasm',
  'vendor/tfjs/tfjs-backend-wasm.wasm',
];
/** Larger than Workbox's default limit (2 MB), as MediaPipe's WebAssembly is (13 MB). */
const BIG = 3 * 1024 * 1024;

let manifest: OfflineManifest;
let sw: string;
beforeAll(async () => {
  for (const path of [...KEPT, ...LEFT_OUT])
    put(path, path.endsWith('internal.wasm') ? Buffer.alloc(BIG) : path);
  manifest = await writeServiceWorker(dist);
  sw = readFileSync(join(dist, 'sw.js'), 'utf8');
}, 60_000);

describe('the service worker build', () => {
  it('keeps every page, script, style, picture, model and used wasm, and nothing else', () => {
    expect(Object.keys(manifest.files).sort()).toEqual(KEPT.map((p) => `/${p}`));
    for (const path of KEPT) expect(sw, path).toContain(`"${path}"`);
    for (const path of LEFT_OUT) expect(sw, path).not.toContain(`"${path}"`);
  });

  it('writes the manifest the /teach/ button reads: each file with its size, and the totals', () => {
    const written = JSON.parse(readFileSync(join(dist, 'offline-manifest.json'), 'utf8'));
    expect(written).toEqual(manifest);
    expect(manifest.files['/vendor/mediapipe/wasm/vision_wasm_internal.wasm']).toBe(BIG);
    expect(manifest.files['/index.html']).toBe('index.html'.length);
    expect(manifest.count).toBe(KEPT.length);
    expect(manifest.bytes).toBe(Object.values(manifest.files).reduce((a, b) => a + b, 0));
  });

  it('serves /x/ from x/index.html whatever the query string, and waits for the reader to update', () => {
    const has = (code: string) => sw.includes(code);
    expect(has('directoryIndex:"index.html"')).toBe(true);
    expect(has('ignoreURLParametersMatching:[/.*/]')).toBe(true);
    // A new version takes over only when a page asks (workbox-window's messageSkipWaiting) …
    expect(sw.match(/skipWaiting\(\)/g)).toHaveLength(1);
    expect(has('"SKIP_WAITING"===e.data.type&&self.skipWaiting()')).toBe(true);
    // … and then controls every open page of the site.
    expect(has('self.clients.claim()')).toBe(true);
  });

  it('keeps the hashed bundles under their own name and gives other files a revision', () => {
    expect(sw).toMatch(/\{url:"_astro\/page\.B1x2y3\.js",revision:null\}/);
    expect(sw).toMatch(/\{url:"index\.html",revision:"[0-9a-f]+"\}/);
  });
});

describe('progressOf', () => {
  const m: OfflineManifest = {
    count: 3,
    bytes: 60,
    files: { '/index.html': 10, '/models/a/weights.bin': 20, '/_astro/x.js': 30 },
  };

  it('counts the files of the manifest a cache holds, by path, whatever their revision', () => {
    expect(
      progressOf(m, [
        'http://127.0.0.1:4431/index.html?__WB_REVISION__=abc',
        'http://127.0.0.1:4431/_astro/x.js',
        'http://127.0.0.1:4431/old-page/index.html?__WB_REVISION__=def',
      ]),
    ).toEqual({ files: 2, bytes: 40 });
    expect(progressOf(m, [])).toEqual({ files: 0, bytes: 0 });
  });

  it('finds the caches of the offline copy by name', () => {
    expect(isOfflineCacheName('emotion-lens-precache-v2-http://127.0.0.1:4431/')).toBe(true);
    expect(isOfflineCacheName('emotion-lensx')).toBe(false);
    expect(isOfflineCacheName('workbox-precache-v2-http://127.0.0.1:4431/')).toBe(false);
  });
});
