import { describe, expect, it } from 'vitest';
import { halfToNumber, weightFilePaths } from './model-json.ts';

describe('weightFilePaths', () => {
  it('lists every group’s files in the manifest’s order', () => {
    const json = {
      weightsManifest: [
        { paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: [] },
        { paths: ['group2.bin'], weights: [] },
      ],
    };
    expect(weightFilePaths(json)).toEqual([
      'group1-shard1of2.bin',
      'group1-shard2of2.bin',
      'group2.bin',
    ]);
  });
  it('gives no files for a file without a manifest', () => {
    expect(weightFilePaths({})).toEqual([]);
    expect(weightFilePaths(null)).toEqual([]);
  });
});

describe('halfToNumber', () => {
  it('decodes IEEE half precision', () => {
    expect(halfToNumber(0x3c00)).toBe(1);
    expect(halfToNumber(0xc000)).toBe(-2);
    expect(halfToNumber(0x3555)).toBeCloseTo(1 / 3, 3);
    expect(halfToNumber(0x0001)).toBeCloseTo(2 ** -24, 30);
    expect(halfToNumber(0x7c00)).toBe(Infinity);
  });
});
