/**
 * The face-mesh model for real, in Node (TF.js cpu backend): the region maths of roi.ts, then the
 * self-hosted model (public/vendor/human, copied from @vladmandic/human by scripts/prepare-assets.ts)
 * on a smiling face from the sample photos: 468 points on the face, and the rules say "happy".
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceMeshModel, FACEMESH_POINTS } from './facemesh.ts';
import { classify, measure } from './features.ts';
import { cutGray, faceMeshFileHandler } from './node-io.ts';
import { cropTransform, roiFromDetection, roiFromPoints, toFrame, type Roi } from './roi.ts';
import type { DetectedFace } from '../vision/types.ts';

describe('the region given to the mesh model', () => {
  const face: DetectedFace = {
    box: { x: 0.4, y: 0.3, width: 0.2, height: 0.25 },
    score: 0.9,
    keypoints: [
      { name: 'rightEye', x: 0.45, y: 0.4 },
      { name: 'leftEye', x: 0.55, y: 0.45 },
    ],
  };

  it("is the detector's box grown 1.5 times, squared, and turned like the eye line", () => {
    const roi = roiFromDetection(face, 640, 480);
    expect(roi.cx).toBeCloseTo(0.5 * 640);
    expect(roi.cy).toBeCloseTo(0.425 * 480);
    expect(roi.size).toBeCloseTo(Math.max(0.2 * 640, 0.25 * 480) * 1.5);
    expect(roi.angle).toBeCloseTo(Math.atan2(0.05 * 480, 0.1 * 640));
    expect(roiFromDetection({ ...face, keypoints: [] }, 640, 480).angle).toBe(0);
  });

  it("maps the model's 192×192 input back to the frame exactly (crop transform and toFrame are inverses)", () => {
    const roi: Roi = { cx: 300, cy: 220, size: 180, angle: 0.4 };
    const [a, b, c, d, e, f] = cropTransform(roi, 192);
    for (const [x, y] of [
      [300, 220],
      [250, 150],
      [390, 330],
    ]) {
      const u = a * x + c * y + e;
      const v = b * x + d * y + f;
      const [bx, by] = toFrame(roi, 192, u, v);
      expect(bx).toBeCloseTo(x, 6);
      expect(by).toBeCloseTo(y, 6);
    }
    // The centre of the region is the centre of the input; its corners stay 192 apart along the turn.
    expect(toFrame(roi, 192, 96, 96).slice(0, 2)).toEqual([300, 220]);
    const [x0, y0] = toFrame(roi, 192, 0, 96);
    const [x1, y1] = toFrame(roi, 192, 192, 96);
    expect(Math.hypot(x1 - x0, y1 - y0)).toBeCloseTo(180, 6);
    expect(Math.atan2(y1 - y0, x1 - x0)).toBeCloseTo(0.4, 6);
  });

  it('can follow the points themselves (tracking)', () => {
    const pts = [
      [100, 100],
      [200, 100],
      [150, 220],
    ];
    const roi = roiFromPoints(pts, 1.5, [0, 1]);
    expect(roi).toMatchObject({ cx: 150, cy: 160, size: 180, angle: 0 });
  });
});

describe('the face-mesh model (Node, cpu)', { timeout: 60_000 }, () => {
  let mesh: FaceMeshModel;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    mesh = await FaceMeshModel.load({ url: faceMeshFileHandler() });
  });
  afterAll(() => mesh?.dispose());

  it('puts 468 points on a smiling face from the sample photos, and the rules say happy', async () => {
    // sample1.jpg (1920×1280): the woman in the middle, her head tilted; her face is near (940, 530).
    const { data, info } = await sharp('node_modules/@vladmandic/face-api/demo/sample1.jpg')
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const gray = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const before = tf.memory().numTensors;
    let roi: Roi = { cx: 940, cy: 530, size: 330, angle: -0.45 };
    let r = mesh.estimatePixels(cutGray(gray, info.width, info.height, roi), roi);
    roi = roiFromPoints(r.points);
    r = mesh.estimatePixels(cutGray(gray, info.width, info.height, roi), roi);
    expect(tf.memory().numTensors).toBe(before);

    expect(r.points).toHaveLength(FACEMESH_POINTS);
    expect(r.score).toBeGreaterThan(0.9);
    for (const [x, y] of r.points) {
      expect(Math.hypot(x - 940, y - 540)).toBeLessThan(200);
    }
    // Her own right eye is on the left of the picture, and the head leans so that it is lower.
    const [rx, ry] = r.points[33]!;
    const [lx, ly] = r.points[263]!;
    expect(rx).toBeLessThan(lx);
    expect(ry).toBeGreaterThan(ly);
    expect(r.points[152]![1]).toBeGreaterThan(r.points[10]![1]); // chin below forehead
    expect(classify(measure(r.points)).label).toBe('happy');
  });
});

describe('prepare-assets copies the face-mesh model', { timeout: 60_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), 'prepare-facemesh-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('into vendor/human/ with its licence, unchanged', () => {
    execFileSync(process.execPath, ['scripts/prepare-assets.ts', '--out', out], {
      encoding: 'utf8',
    });
    for (const f of ['facemesh.json', 'facemesh.bin', 'LICENSE']) {
      const src =
        f === 'LICENSE'
          ? 'node_modules/@vladmandic/human/LICENSE'
          : `node_modules/@vladmandic/human/models/${f}`;
      expect(existsSync(join(out, 'human', f)), f).toBe(true);
      expect(readFileSync(join(out, 'human', f)).equals(readFileSync(src)), f).toBe(true);
    }
    expect(readFileSync(join(out, 'human', 'LICENSE'), 'utf8')).toMatch(/MIT License/);
  });
});
