import { describe, expect, it } from 'vitest';
import { argmax } from './stats.ts';

describe('argmax', () => {
  it('is the first of the largest', () => {
    expect(argmax([0.1, 0.5, 0.5, 0.2])).toBe(1);
    expect(argmax([1])).toBe(0);
  });
});
