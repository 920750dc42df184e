/** The build step as a whole: `node scripts/prepare-assets.ts --out DIR` on a fresh folder, then again. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { readTfliteModel } from './tflite-model.ts';
import { METADATA_NAME, readModelMetadata } from './model-metadata.ts';

const out = mkdtempSync(join(tmpdir(), 'prepare-assets-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const run = () =>
  execFileSync(process.execPath, ['scripts/prepare-assets.ts', '--out', out], { encoding: 'utf8' });

describe('prepare-assets', { timeout: 60_000 }, () => {
  const first = run();

  it('copies the tasks-vision wasm and the tfjs-backend-wasm binaries', () => {
    expect(first).toMatch(/\d+ written, 0 up to date/);
    const wasm = readdirSync(join(out, 'mediapipe', 'wasm')).sort();
    expect(wasm).toEqual(readdirSync('node_modules/@mediapipe/tasks-vision/wasm').sort());
    expect(readdirSync(join(out, 'tfjs')).sort()).toEqual([
      'tfjs-backend-wasm-simd.wasm',
      'tfjs-backend-wasm-threaded-simd.wasm',
      'tfjs-backend-wasm.wasm',
    ]);
    expect(
      readFileSync(join(out, 'tfjs', 'tfjs-backend-wasm.wasm')).equals(
        readFileSync('node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'),
      ),
    ).toBe(true);
  });

  it.each(['short', 'full'])(
    'writes the %s-range model with its normalisation metadata',
    (range) => {
      const model = readTfliteModel(
        new Uint8Array(
          readFileSync(join(out, 'mediapipe', `face_detection_${range}_range.tflite`)),
        ),
      );
      const md = readModelMetadata(model.metadataBuffer(METADATA_NAME)!);
      expect(md.subgraphs[0]!.inputs[0]!.processUnits[0]).toMatchObject({
        mean: [127.5],
        std: [127.5],
      });
    },
  );

  it('writes downscaled sample photos with their source and licence', async () => {
    const manifest = JSON.parse(readFileSync(join(out, 'samples', 'samples.json'), 'utf8'));
    expect(manifest.source).toMatchObject({ package: '@vladmandic/face-api', license: 'MIT' });
    expect(manifest.samples.length).toBeGreaterThanOrEqual(3);
    for (const s of manifest.samples) {
      expect(s.license).toBe('MIT');
      const meta = await sharp(join(out, 'samples', s.file)).metadata();
      expect(meta.format).toBe('jpeg');
      expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(800);
      expect([meta.width, meta.height]).toEqual([s.width, s.height]);
    }
  });

  it('does nothing the second time', () => {
    expect(run()).toMatch(/ 0 written, \d+ up to date/);
  });
});
