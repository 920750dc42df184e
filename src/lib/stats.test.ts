import { describe, expect, it } from 'vitest';
import { argmax, leastSquares } from './stats.ts';

describe('argmax', () => {
  it('is the first of the largest', () => {
    expect(argmax([0.1, 0.5, 0.5, 0.2])).toBe(1);
    expect(argmax([1])).toBe(0);
  });
});

describe('leastSquares', () => {
  it('finds the weights of an exact linear rule', () => {
    const rows = [
      [1, 0, 2],
      [1, 1, 0],
      [1, 2, 1],
      [1, 3, 5],
    ];
    const targets = rows.map(([, a, b]) => 0.5 + 2 * a! - 3 * b!);
    leastSquares(rows, targets).forEach((w, i) => expect(w).toBeCloseTo([0.5, 2, -3][i]!, 9));
  });

  it('with a ridge, pulls the weights (not the constant) towards 0', () => {
    const rows = [
      [1, -1],
      [1, 0],
      [1, 1],
    ];
    const [constant, slope] = leastSquares(rows, [1, 2, 3], 1);
    expect(constant).toBeCloseTo(2, 9);
    expect(slope).toBeGreaterThan(0);
    expect(slope).toBeLessThan(1);
  });
});
