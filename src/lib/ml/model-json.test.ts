import { describe, expect, it } from 'vitest';
import { weightFilePaths } from './model-json.ts';

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
