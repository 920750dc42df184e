/** The live demo's download size, summed from the real files in public/ (prepared first, as the build does). */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadSize, liveDemoFiles } from './site-facts.ts';

// The same idempotent step `npm run build` runs first: copies the vendor files into public/vendor/.
execFileSync(process.execPath, ['scripts/prepare-assets.ts'], { encoding: 'utf8' });

const size = (path: string) => statSync(path).size;

describe("the live demo's first download", { timeout: 60_000 }, () => {
  const files = liveDemoFiles();

  it("lists the face finder's program and model, copied unchanged from the packages the demo runs", () => {
    expect(files.faceFinder).toEqual([
      'vendor/mediapipe/wasm/vision_wasm_internal.js',
      'vendor/mediapipe/wasm/vision_wasm_internal.wasm',
      'vendor/mediapipe/face_detection_short_range.tflite',
    ]);
    for (const name of ['vision_wasm_internal.js', 'vision_wasm_internal.wasm']) {
      expect(size(`public/vendor/mediapipe/wasm/${name}`)).toBe(
        size(`node_modules/@mediapipe/tasks-vision/wasm/${name}`),
      );
    }
    expect(files.withoutGraphicsCard).toEqual(['vendor/tfjs/tfjs-backend-wasm-simd.wasm']);
    expect(size('public/vendor/tfjs/tfjs-backend-wasm-simd.wasm')).toBe(
      size('node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'),
    );
  });

  it("lists the emotion model's card, layers and every weight file its model.json names", () => {
    expect(files.emotionModel).toEqual([
      'models/emotion-cnn/model-card.json',
      'models/emotion-cnn/model.json',
      'models/emotion-cnn/weights.bin',
    ]);
    const card = JSON.parse(readFileSync('public/models/emotion-cnn/model-card.json', 'utf8')) as {
      weights: { weight_bytes: number };
    };
    expect(size('public/models/emotion-cnn/weights.bin')).toBe(card.weights.weight_bytes);
  });

  it('adds up the sizes of those files on disk', () => {
    const sum = (paths: string[]) => paths.reduce((s, p) => s + size(`public/${p}`), 0);
    const facts = downloadSize();
    expect(facts.bytes).toBe(sum([...files.faceFinder, ...files.emotionModel]));
    expect(facts.extraWithoutGraphicsCard).toBe(sum(files.withoutGraphicsCard));
    expect(facts.megabytes).toBe(Math.round((facts.bytes + facts.extraWithoutGraphicsCard) / 1e6));
    // The face finder's WebAssembly program is most of it.
    expect(
      size('public/vendor/mediapipe/wasm/vision_wasm_internal.wasm') / facts.bytes,
    ).toBeGreaterThan(0.5);
  });

  it('says which step is missing when the vendor files are not there', () => {
    const bare = mkdtempSync(join(tmpdir(), 'site-facts-'));
    try {
      mkdirSync(join(bare, 'models/emotion-cnn'), { recursive: true });
      copyFileSync(
        'public/models/emotion-cnn/model.json',
        join(bare, 'models/emotion-cnn/model.json'),
      );
      expect(() => downloadSize(bare)).toThrow(
        /vision_wasm_internal\.js is missing: run `npm run prepare:assets`/,
      );
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
