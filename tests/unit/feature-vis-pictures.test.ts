/**
 * The committed feature-visualisation pictures (public/data/feature-vis, from training/feature_vis.py)
 * belong to the shipped model: made from its very weights, one row per filter layer, small grey PNGs.
 * Lesson 4 describes what they show, so a retrained model without new pictures must fail here.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelJson, weightFilePaths } from '../../src/lib/ml/model-json.ts';
import { readModelJson } from '../../src/lib/ml/node-io.ts';

const MODEL = 'public/models/emotion-cnn';
const modelJson = readModelJson(MODEL);
const card = JSON.parse(readFileSync(join(MODEL, 'model-card.json'), 'utf8'));
const index = JSON.parse(readFileSync('public/data/feature-vis/index.json', 'utf8'));

/** Width, height, bit depth and colour type from a PNG's IHDR chunk. */
function pngHeader(bytes: Buffer) {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return {
    width: bytes.readUInt32BE(16),
    height: bytes.readUInt32BE(20),
    depth: bytes[24],
    colourType: bytes[25],
  };
}

describe('feature visualisation pictures', () => {
  it('were made from the shipped weights', () => {
    const digest = createHash('sha256');
    for (const path of weightFilePaths(modelJson)) digest.update(readFileSync(join(MODEL, path)));
    expect(
      index.weightsSha256,
      'the model changed: run `npm run feature-vis` and re-read lesson 4’s words on the pictures',
    ).toBe(digest.digest('hex'));
  });

  it('have one row per filter layer and one picture per emotion', () => {
    const convs = parseModelJson(modelJson).layers.filter((l) => l.type === 'Conv2D');
    expect(index.layers.map((l: { layer: string }) => l.layer)).toEqual(convs.map((l) => l.name));
    index.layers.forEach((l: { channels: number; images: { channel: number }[] }, i: number) => {
      expect(l.channels).toBe(convs[i]!.outputShape![2]);
      for (const image of l.images) expect(image.channel).toBeLessThanOrEqual(l.channels);
    });
    expect(index.scores.map((s: { label: string }) => s.label)).toEqual(card.labels);
  });

  it('are small grey PNGs the size of the model’s input', () => {
    const images = [
      ...index.layers.flatMap((l: { images: { src: string }[] }) => l.images),
      ...index.scores,
    ];
    for (const { src } of images) {
      const file = join('public', src);
      const header = pngHeader(readFileSync(file));
      expect(header, src).toEqual({
        width: card.input.width,
        height: card.input.height,
        depth: 8,
        colourType: 0,
      });
      expect(statSync(file).size, src).toBeLessThan(8 * 1024);
    }
  });
});
