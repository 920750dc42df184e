import { describe, expect, it } from 'vitest';
import {
  PRESETS,
  convolve,
  explainOutputSize,
  formatNumber,
  indexOf,
  kernelGain,
  matchPreset,
  outputSize,
  parseWeight,
  positionOf,
  preset,
  range,
  stepAt,
  toGreyLevels,
  type Grid,
  type Kernel,
} from './convolution.ts';

const grid = (width: number, height: number, f: (x: number, y: number) => number): Grid => {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = f(x, y);
  return { width, height, data };
};

/** The textbook definition, written as plainly as possible, to check the fast loop against. */
function reference(input: Grid, k: Kernel, stride: number, padding: number): number[][] {
  const out: number[][] = [];
  for (let oy = 0; oy * stride + 3 <= input.height + 2 * padding; oy++) {
    const row: number[] = [];
    for (let ox = 0; ox * stride + 3 <= input.width + 2 * padding; ox++) {
      let s = 0;
      for (let j = 0; j < 3; j++)
        for (let i = 0; i < 3; i++) {
          const x = ox * stride - padding + i;
          const y = oy * stride - padding + j;
          const p =
            x >= 0 && y >= 0 && x < input.width && y < input.height
              ? input.data[y * input.width + x]!
              : 0;
          s += p * k.weights[j * 3 + i]!;
        }
      row.push(s / k.divisor);
    }
    out.push(row);
  }
  return out;
}

const rows = (g: Grid) =>
  Array.from({ length: g.height }, (_, y) =>
    Array.from(g.data.subarray(y * g.width, (y + 1) * g.width)),
  );

describe('outputSize', () => {
  it('follows ⌊(n + 2p − 3) ÷ s⌋ + 1', () => {
    expect(outputSize(48, 0, 1)).toBe(46);
    expect(outputSize(48, 1, 1)).toBe(48);
    expect(outputSize(48, 0, 2)).toBe(23);
    expect(outputSize(48, 1, 2)).toBe(24);
    expect(outputSize(48, 1, 3)).toBe(16);
    expect(outputSize(48, 0, 3)).toBe(16);
    expect(outputSize(5, 0, 1)).toBe(3);
    expect(outputSize(3, 0, 5)).toBe(1);
  });

  it('is 0 when the picture is smaller than the filter', () => {
    expect(outputSize(2, 0, 1)).toBe(0);
    expect(outputSize(1, 1, 1)).toBe(1);
  });

  it('rejects a stride of 0 and negative padding', () => {
    expect(() => outputSize(48, 0, 0)).toThrow(RangeError);
    expect(() => outputSize(48, -1, 1)).toThrow(RangeError);
    expect(() => outputSize(48, 0, 1.5)).toThrow(RangeError);
  });
});

describe('explainOutputSize', () => {
  it('writes the sum with the real numbers', () => {
    expect(explainOutputSize(48, 0, 1).formula).toBe('48 − 3 + 1 = 46');
    expect(explainOutputSize(48, 1, 1).formula).toBe('48 + 2 × 1 − 3 + 1 = 48');
    expect(explainOutputSize(48, 1, 2).formula).toBe(
      '(48 + 2 × 1 − 3) ÷ 2 + 1 = 24 (rounded down)',
    );
    expect(explainOutputSize(48, 0, 3).formula).toBe('(48 − 3) ÷ 3 + 1 = 16');
  });

  it('counts the pixels at the far edge that the stride never reaches', () => {
    expect(explainOutputSize(48, 1, 2)).toMatchObject({ size: 24, padded: 50, leftOver: 1 });
    expect(explainOutputSize(48, 0, 1).leftOver).toBe(0);
  });
});

describe('convolve', () => {
  const input = grid(7, 5, (x, y) => (x * 37 + y * 11) % 256);

  it('matches the textbook definition for every preset, stride and padding', () => {
    for (const p of PRESETS)
      for (const stride of [1, 2, 3])
        for (const padding of [0, 1, 2]) {
          const got = rows(convolve(input, p, { stride, padding }));
          const want = reference(input, p, stride, padding);
          expect(got.length, `${p.id} s${stride} p${padding}`).toBe(want.length);
          got.forEach((r, y) =>
            r.forEach((v, x) =>
              expect(v, `${p.id} s${stride} p${padding} (${x},${y})`).toBeCloseTo(want[y]![x]!, 3),
            ),
          );
        }
  });

  it('has the size outputSize gives', () => {
    const out = convolve(
      grid(48, 48, () => 1),
      preset('blur'),
      { stride: 2, padding: 1 },
    );
    expect([out.width, out.height]).toEqual([24, 24]);
  });

  it('identity with padding 1 gives the picture back', () => {
    const out = convolve(input, preset('identity'), { stride: 1, padding: 1 });
    expect(Array.from(out.data)).toEqual(Array.from(input.data));
  });

  it('does not flip the filter: a weight multiplies the pixel right under it', () => {
    const k: Kernel = { weights: [1, 0, 0, 0, 0, 0, 0, 0, 0], divisor: 1 }; // top-left weight only
    const out = convolve(input, k, { stride: 1, padding: 0 });
    expect(out.data[0]).toBe(input.data[0]); // the top-left pixel, not the bottom-right one
  });

  it('blur of a flat picture keeps it flat; edge filters turn it to 0', () => {
    const flat = grid(6, 6, () => 100);
    expect(new Set(convolve(flat, preset('blur'), { stride: 1, padding: 0 }).data)).toEqual(
      new Set([100]),
    );
    for (const id of ['sobel-x', 'sobel-y', 'outline'] as const) {
      expect(new Set(convolve(flat, preset(id), { stride: 1, padding: 0 }).data), id).toEqual(
        new Set([0]),
      );
    }
  });

  it('Sobel x is positive on a dark-to-bright edge from left to right, Sobel y ignores it', () => {
    const edge = grid(6, 6, (x) => (x < 3 ? 10 : 200));
    const sx = convolve(edge, preset('sobel-x'), { stride: 1, padding: 0 });
    // Windows over x = 1–3 and 2–4 straddle the edge: (200 − 10) × (1 + 2 + 1); the others are flat.
    expect(Array.from(sx.data.subarray(0, 4))).toEqual([0, 760, 760, 0]);
    expect(range(convolve(edge, preset('sobel-y'), { stride: 1, padding: 0 }).data)).toEqual({
      min: 0,
      max: 0,
    });
  });

  it('works out the hand exercise of lesson 3', () => {
    const patch = grid(3, 3, (x) => [10, 10, 200][x]!);
    const k: Kernel = { weights: [-1, 0, 1, -1, 0, 1, -1, 0, 1], divisor: 1 };
    expect(convolve(patch, k, { stride: 1, padding: 0 }).data[0]).toBe(570);
    expect(
      convolve(
        grid(3, 3, () => 100),
        k,
        { stride: 1, padding: 0 },
      ).data[0],
    ).toBe(0);
  });

  it('adds the offset after dividing, at every position, and in the step-through too', () => {
    const k: Kernel = { weights: preset('blur').weights, divisor: 9, offset: -20 };
    const flat = grid(4, 4, () => 90);
    expect(Array.from(convolve(flat, k, { stride: 1, padding: 0 }).data)).toEqual([70, 70, 70, 70]);
    expect(stepAt(flat, k, { stride: 1, padding: 0 }, 1, 1)).toMatchObject({ sum: 810, value: 70 });
    expect(() => convolve(flat, { ...k, offset: NaN }, { stride: 1, padding: 0 })).toThrow(
      RangeError,
    );
  });

  it('rejects filters that are not 3 × 3 and a divisor of 0', () => {
    expect(() =>
      convolve(input, { weights: [1, 2, 3], divisor: 1 }, { stride: 1, padding: 0 }),
    ).toThrow(RangeError);
    expect(() =>
      convolve(input, { weights: preset('blur').weights, divisor: 0 }, { stride: 1, padding: 0 }),
    ).toThrow(RangeError);
  });
});

describe('stepAt', () => {
  const input = grid(5, 5, (x, y) => 10 * y + x);

  it('lists the nine products, their sum and the value written to the feature map', () => {
    const s = stepAt(input, preset('blur'), { stride: 1, padding: 0 }, 1, 2);
    expect([s.inX, s.inY]).toEqual([1, 2]);
    expect(s.cells.map((c) => c.pixel)).toEqual([21, 22, 23, 31, 32, 33, 41, 42, 43]);
    expect(s.cells.every((c) => c.product === c.pixel)).toBe(true);
    expect(s.sum).toBe(288);
    expect(s.value).toBe(32);
    expect(s.value).toBeCloseTo(
      convolve(input, preset('blur'), { stride: 1, padding: 0 }).data[indexOf(1, 2, 3)]!,
      5,
    );
  });

  it('marks cells in the padding, which count as 0', () => {
    const s = stepAt(input, preset('outline'), { stride: 1, padding: 1 }, 0, 0);
    expect([s.inX, s.inY]).toEqual([-1, -1]);
    expect(s.cells.filter((c) => c.padding).length).toBe(5);
    expect(s.cells.filter((c) => c.padding).every((c) => c.pixel === 0 && c.product === 0)).toBe(
      true,
    );
    expect(s.sum).toBe(8 * 0 - 1 - 10 - 11);
  });

  it('agrees with convolve at every position, with stride and padding', () => {
    const opts = { stride: 2, padding: 1 };
    const out = convolve(input, preset('emboss'), opts);
    for (let i = 0; i < out.data.length; i++) {
      const { x, y } = positionOf(i, out.width);
      expect(stepAt(input, preset('emboss'), opts, x, y).value).toBeCloseTo(out.data[i]!, 5);
    }
  });
});

describe('display and reading helpers', () => {
  it('clip cuts to 0–255, stretch maps the smallest to black and the largest to white', () => {
    const g: Grid = { width: 4, height: 1, data: Float32Array.from([-300, 0, 127.6, 900]) };
    expect(Array.from(toGreyLevels(g, 'clip'))).toEqual([0, 0, 128, 255]);
    expect(Array.from(toGreyLevels(g, 'stretch'))).toEqual([0, 64, 91, 255]);
    expect(
      Array.from(toGreyLevels({ width: 2, height: 1, data: Float32Array.from([5, 5]) }, 'stretch')),
    ).toEqual([128, 128]);
  });

  it('parses weights the way people type them', () => {
    expect(parseWeight('2')).toBe(2);
    expect(parseWeight(' -1 ')).toBe(-1);
    expect(parseWeight('−1')).toBe(-1);
    expect(parseWeight('0,5')).toBe(0.5);
    expect(parseWeight('.25')).toBe(0.25);
    expect(parseWeight('1/9')).toBeCloseTo(0.1111, 4);
    expect(parseWeight('-2/4')).toBe(-0.5);
    expect(parseWeight('')).toBeNull();
    expect(parseWeight('abc')).toBeNull();
    expect(parseWeight('1/0')).toBeNull();
    expect(parseWeight('1e999')).toBeNull();
  });

  it('formats numbers with a real minus sign and no needless decimals', () => {
    expect(formatNumber(-3)).toBe('−3');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(-0.01)).toBe('0');
    expect(formatNumber(570)).toBe('570');
  });

  it('knows the presets and their gain', () => {
    expect(PRESETS.map((p) => p.id)).toEqual([
      'identity',
      'blur',
      'sharpen',
      'sobel-x',
      'sobel-y',
      'emboss',
      'outline',
    ]);
    expect(kernelGain(preset('blur'))).toBe(1);
    expect(kernelGain(preset('sharpen'))).toBe(1);
    expect(kernelGain(preset('outline'))).toBe(0);
    expect(matchPreset({ weights: [-1, 0, 1, -2, 0, 2, -1, 0, 1], divisor: 1 })?.id).toBe(
      'sobel-x',
    );
    expect(matchPreset({ weights: [-1, 0, 1, -2, 0, 2, -1, 0, 2], divisor: 1 })).toBeUndefined();
    expect(
      matchPreset({ weights: [-1, 0, 1, -2, 0, 2, -1, 0, 1], divisor: 1, offset: 5 }),
    ).toBeUndefined();
  });

  it('numbers positions in reading order', () => {
    expect(positionOf(7, 3)).toEqual({ x: 1, y: 2 });
    expect(indexOf(1, 2, 3)).toBe(7);
  });
});
