import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { convolve, type Grid } from './convolution.ts';
import {
  canRespond,
  filterSearch,
  firstLayerFilters,
  parseFilterSearch,
  playgroundFilter,
  sumsToAboutZero,
  type ModelFilter,
} from './model-filters.ts';
import { readWeight } from '../ml/model-json.ts';

const MODEL = 'public/models/emotion-cnn';
const modelJson = JSON.parse(readFileSync(`${MODEL}/model.json`, 'utf8'));
const weightBytes = new Uint8Array(readFileSync(`${MODEL}/weights.bin`));

describe('firstLayerFilters on the shipped model', () => {
  const first = firstLayerFilters(modelJson, weightBytes);

  it('gives the numbers TF.js itself loads', async () => {
    await tf.setBackend('cpu');
    const specs = modelJson.weightsManifest[0].weights;
    const decoded = tf.io.decodeWeights(
      weightBytes.buffer.slice(
        weightBytes.byteOffset,
        weightBytes.byteOffset + weightBytes.byteLength,
      ),
      specs,
    );
    const kernel = await decoded[`${first.layer}/kernel`]!.data();
    const bias = await decoded[`${first.layer}/bias`]!.data();
    const filters = first.filters.length;
    expect(filters).toBe(modelJson.modelTopology.config.layers[0].config.filters);
    first.filters.forEach((f, i) => {
      f.weights.forEach((w, k) => expect(w).toBeCloseTo(kernel[k * filters + i]!, 5));
      expect(f.offset).toBeCloseTo(bias[i]!, 5);
    });
    expect(readWeight(modelJson.weightsManifest, weightBytes, 'dense1/bias')).toHaveLength(7);
    Object.values(decoded).forEach((t) => t.dispose());
  });

  it('reads the stride and map size from the layer', () => {
    const conv = modelJson.modelTopology.config.layers[0].config;
    expect(first.layer).toBe(conv.name);
    expect(first.stride).toBe(conv.strides[0]);
    expect(first.outputSide).toBe(Math.ceil(conv.batch_input_shape[1] / conv.strides[0]));
  });
});

describe('what a filter can do', () => {
  const filter = (weights: number[], offset: number): ModelFilter => ({
    number: 1,
    weights,
    offset,
  });

  it('knows a filter that can never get above 0, for any picture', () => {
    expect(canRespond(filter([0.1, 0, 0, 0, 0, 0, 0, 0, -1], -0.2))).toBe(false);
    expect(canRespond(filter([0.3, 0, 0, 0, 0, 0, 0, 0, -1], -0.2))).toBe(true);
  });

  it('knows numbers that add up to about 0', () => {
    expect(sumsToAboutZero(filter([-1, 0, 1, -2, 0, 2, -1, 0, 1], 0))).toBe(true);
    expect(sumsToAboutZero(filter([1, 1, 1, 1, 1, 1, 1, 1, 1], 0))).toBe(false);
  });
});

describe('a model filter in the playground’s address', () => {
  const first = firstLayerFilters(modelJson, weightBytes);
  const shared = playgroundFilter(first.filters[4]!, first);

  it('round-trips through the query string', () => {
    const search = filterSearch(shared);
    expect(search).toMatch(/^kernel=[-\d.,]+&offset=[-\d.]+&stride=\d&padding=0&from=conv1-5$/);
    expect(parseFilterSearch(`?${search}`)).toEqual(shared);
  });

  it('works out 255 times the model’s numbers, exactly as the model does away from the padded edge', () => {
    // A 48 × 48 picture of whole grey levels, as the playground shows it.
    const side = first.inputSide;
    const data = new Float32Array(side * side).map((_, i) => (i * 37) % 256);
    const picture: Grid = { width: side, height: side, data };
    const mine = convolve(picture, shared.kernel, shared.options);
    // The model: pixels from 0 to 1, its own (unrounded) weights, "same" padding adds zeros at the bottom and right only.
    const f = first.filters[4]!;
    for (const [ox, oy] of [
      [0, 0],
      [5, 7],
      [mine.width - 1, mine.height - 1],
    ] as const) {
      let sum = f.offset;
      for (let ky = 0; ky < 3; ky++)
        for (let kx = 0; kx < 3; kx++)
          sum +=
            (data[(oy * first.stride + ky) * side + ox * first.stride + kx]! / 255) *
            f.weights[ky * 3 + kx]!;
      expect(mine.data[oy * mine.width + ox]! / 255).toBeCloseTo(sum, 1);
    }
    expect(mine.width).toBe(first.outputSide - 1);
  });

  it('ignores an address without a valid filter, and keeps options in range', () => {
    expect(parseFilterSearch('')).toBeNull();
    expect(parseFilterSearch('?kernel=1,2,3')).toBeNull();
    expect(parseFilterSearch('?kernel=1,2,3,4,5,6,7,8,x')).toBeNull();
    const odd = parseFilterSearch(
      '?kernel=1,0,0,0,0,0,0,0,0&stride=9&padding=-1&divide=0&from=<b>-1',
    );
    expect(odd).toEqual({
      kernel: { weights: [1, 0, 0, 0, 0, 0, 0, 0, 0], divisor: 1, offset: 0 },
      options: { stride: 1, padding: 0 },
    });
  });
});
