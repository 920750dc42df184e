import { describe, expect, it } from 'vitest';
import {
  applyAugment,
  describeParams,
  flipped,
  IDENTITY,
  randomParams,
  RANGES,
  rangesAt,
  SCALED_BY_STRENGTH,
  singleChanges,
} from './augment-math.ts';

const W = 8;
const H = 6;
/** A left-to-right ramp: value = x / (W - 1). */
const ramp = Float32Array.from({ length: W * H }, (_, i) => (i % W) / (W - 1));

describe('augmentation maths', () => {
  it('leaves the picture alone with no change', () => {
    const out = applyAugment(ramp, W, H, IDENTITY);
    out.forEach((v, i) => expect(v).toBeCloseTo(ramp[i], 6));
  });

  it('mirrors left and right', () => {
    const out = applyAugment(ramp, W, H, { ...IDENTITY, flip: true });
    expect(Array.from(out.slice(0, W)).map((v) => +v.toFixed(4))).toEqual(
      Array.from(ramp.slice(0, W))
        .reverse()
        .map((v) => +v.toFixed(4)),
    );
    expect(Array.from(flipped(flipped(ramp, W, H), W, H))).toEqual(Array.from(ramp));
  });

  it('shifts by a share of the width, repeating the edge (like padding_mode="border")', () => {
    // Shifting by 1/W samples one pixel further right: the content moves one pixel left.
    const out = applyAugment(ramp, W, H, { ...IDENTITY, shiftX: 1 / W });
    for (let x = 0; x < W - 1; x++) expect(out[x]).toBeCloseTo(ramp[x + 1], 5);
    expect(out[W - 1]).toBeCloseTo(ramp[W - 1], 5);
  });

  it('turns around the centre: a half turn is a mirror both ways', () => {
    const out = applyAugment(ramp, W, H, { ...IDENTITY, angle: 180 });
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++)
        expect(out[y * W + x]).toBeCloseTo(ramp[(H - 1 - y) * W + (W - 1 - x)], 5);
  });

  it('changes brightness and contrast around the mean and keeps values in 0–1', () => {
    const brighter = applyAugment(ramp, W, H, { ...IDENTITY, brightness: 0.15 });
    expect(brighter[1]).toBeCloseTo(ramp[1] + 0.15, 5);
    expect(Math.max(...brighter)).toBe(1);
    const flat = applyAugment(ramp, W, H, { ...IDENTITY, contrast: 0 });
    flat.forEach((v) => expect(v).toBeCloseTo(0.5, 5));
  });

  it('hides a square patch', () => {
    const out = applyAugment(ramp, W, H, {
      ...IDENTITY,
      erase: { x: 0, y: 0, size: 0.5, value: 0.25 },
    });
    expect(out[0]).toBe(0.25);
    expect(out[2 * W + 2]).toBe(0.25);
    expect(out[5 * W + 7]).toBeCloseTo(ramp[5 * W + 7], 6);
  });

  it('draws random changes inside the ranges and describes them in words', () => {
    let seed = 1;
    const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let i = 0; i < 200; i++) {
      const p = randomParams(rand);
      expect(Math.abs(p.angle)).toBeLessThanOrEqual(RANGES.angle);
      expect(Math.abs(p.scale - 1)).toBeLessThanOrEqual(RANGES.scale);
      expect(Math.abs(p.shiftX)).toBeLessThanOrEqual(RANGES.shift);
      expect(p.contrast).toBeGreaterThanOrEqual(RANGES.contrast[0]);
      expect(p.contrast).toBeLessThanOrEqual(RANGES.contrast[1]);
      expect(Math.abs(p.brightness)).toBeLessThanOrEqual(RANGES.brightness);
      if (p.erase) expect(p.erase.x + p.erase.size).toBeLessThanOrEqual(1);
    }
    expect(describeParams(IDENTITY)).toBe('almost unchanged');
    expect(describeParams({ ...IDENTITY, flip: true, angle: -7.4, brightness: 0.1 })).toBe(
      'mirrored, turned 7°, brighter',
    );
    expect(singleChanges().map((c) => c.id)).toEqual([
      'original',
      'mirror',
      'turn',
      'zoom',
      'shift',
      'brighter',
      'darker',
      'patch',
    ]);
  });

  // The ranges and what strength scales come from src/lib/ml/augmentation.json, which training/augment.py reads too.
  it('scales by strength what augmentation.json says, as training/augment.py does', () => {
    // Scaled: the turn, the zoom, the shift and how often a patch is hidden; mirroring, contrast and brightness happen at strength 0 too.
    expect([...SCALED_BY_STRENGTH]).toEqual(['angle', 'scale', 'shift', 'eraseProbability']);
    for (const key of SCALED_BY_STRENGTH) expect(typeof RANGES[key]).toBe('number');
    const r = rangesAt(0.7);
    expect(r.angle).toBeCloseTo(RANGES.angle * 0.7);
    expect(r.flipProbability).toBe(RANGES.flipProbability);
    expect(r.brightness).toBe(RANGES.brightness);
    // At strength 0 only the unscaled changes are left to show.
    expect(singleChanges(0).map((c) => c.id)).toEqual(['original', 'mirror', 'brighter', 'darker']);
    expect(singleChanges(0.7).find((c) => c.id === 'turn')!.label).toBe(
      `Turned ${Math.round(RANGES.angle * 7) / 10}°`,
    );
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let i = 0; i < 200; i++)
      expect(Math.abs(randomParams(rand, 0.7).angle)).toBeLessThanOrEqual(r.angle);
  });
});
