import { existsSync, readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { layerOutputShape, parseModelJson, shapeText } from '../../lib/ml/model-json.ts';
import { GLOSSARY_WORDS, describeInput, describeLayer, outputWords } from './explain.ts';
import { readModelJson } from '../../lib/ml/node-io.ts';

const SHIPPED_DIR = 'public/models/emotion-cnn';
const SHIPPED = `${SHIPPED_DIR}/model.json`;
const shippedJson = () => readModelJson(SHIPPED_DIR);

// The shipped model's files are written by the training pipeline; a checkout without them skips these.
describe.skipIf(!existsSync(SHIPPED))('parseModelJson on the shipped model', () => {
  it('gives the same output shapes and parameter counts as TF.js itself', async () => {
    const json = shippedJson();
    const arch = parseModelJson(json);
    const model = await tf.models.modelFromJSON(json.modelTopology as never);
    const tfLayers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
    expect(arch.layers.map((l) => l.name)).toEqual(tfLayers.map((l) => l.name));
    arch.layers.forEach((layer, i) => {
      const tfLayer = tfLayers[i];
      expect(layer.type).toBe(tfLayer.getClassName());
      expect([null, ...(layer.outputShape ?? [])]).toEqual(tfLayer.outputShape);
      expect(layer.parameters, layer.name).toBe(tfLayer.countParams());
    });
    expect(arch.totalParameters).toBe(model.countParams());
    expect(arch.input).toEqual(model.inputs[0].shape.slice(1));
    model.dispose();
  });

  it('agrees with the model card on weight bytes (its parameter count is of the training version)', () => {
    const card = JSON.parse(readFileSync('public/models/emotion-cnn/model-card.json', 'utf8'));
    const arch = parseModelJson(shippedJson());
    // Export folds each convolution's batch norm into it, so the browser model has at most as many.
    if (card.parameters !== undefined)
      expect(arch.totalParameters).toBeLessThanOrEqual(card.parameters);
    if (card.weights?.weight_bytes !== undefined)
      expect(arch.weightBytes).toBe(card.weights.weight_bytes);
  });

  it('has words for every layer of the shipped model', () => {
    const arch = parseModelJson(shippedJson());
    const labels = JSON.parse(
      readFileSync('public/models/emotion-cnn/model-card.json', 'utf8'),
    ).labels;
    arch.layers.forEach((layer, i) => {
      const words = describeLayer(layer, i === arch.layers.length - 1, { labels });
      expect(words.kind, layer.type).not.toBe('other');
      expect(words.explanation.length).toBeGreaterThan(40);
      expect(words.output).not.toContain('unknown');
    });
    expect(describeLayer(arch.layers.at(-1)!, true, { labels }).output).toContain(
      labels.join(', '),
    );
  });
});

describe('parseModelJson on other shapes of file', () => {
  const layer = (class_name: string, config: Record<string, unknown>, inbound_nodes?: unknown) =>
    inbound_nodes === undefined ? { class_name, config } : { class_name, config, inbound_nodes };

  const toyLayers = [
    layer('Conv2D', {
      name: 'c',
      filters: 4,
      kernel_size: [3, 3],
      strides: [2, 2],
      padding: 'valid',
      use_bias: false,
      batch_input_shape: [null, 10, 10, 3],
    }),
    layer('BatchNormalization', { name: 'bn', axis: -1 }),
    layer('AveragePooling2D', { name: 'p', pool_size: [2, 2], padding: 'valid' }),
    layer('Flatten', { name: 'f' }),
    layer('Dense', { name: 'd', units: 5, activation: 'relu' }),
  ];
  const toyManifest = [
    {
      paths: ['w.bin'],
      weights: [
        { name: 'c/kernel', shape: [3, 3, 3, 4], dtype: 'float32' },
        { name: 'bn/gamma', shape: [4], dtype: 'float32' },
        { name: 'bn/beta', shape: [4], dtype: 'float32' },
        { name: 'bn/moving_mean', shape: [4], dtype: 'float32' },
        { name: 'bn/moving_variance', shape: [4], dtype: 'float32' },
        { name: 'd/kernel', shape: [16, 5], dtype: 'float32', quantization: { dtype: 'uint8' } },
        { name: 'd/bias', shape: [5], dtype: 'float32' },
      ],
    },
  ];
  const expected = [
    ['c', [4, 4, 4], 108],
    ['bn', [4, 4, 4], 16],
    ['p', [2, 2, 4], 0],
    ['f', [16], 0],
    ['d', [5], 85],
  ];

  it('handles valid padding, strides, batch norm, flatten and a hidden dense layer like TF.js does', async () => {
    const json = {
      modelTopology: { class_name: 'Sequential', config: { name: 'toy', layers: toyLayers } },
      weightsManifest: toyManifest,
    };
    const arch = parseModelJson(json);
    expect(arch.layers.map((l) => [l.name, l.outputShape, l.parameters])).toEqual(expected);
    expect(arch.weightBytes).toBe(108 * 4 + 16 * 4 + 80 + 5 * 4);
    const model = await tf.models.modelFromJSON(json.modelTopology as never);
    expect(model.layers.map((l) => l.outputShape)).toEqual(
      arch.layers.map((l) => [null, ...l.outputShape!]),
    );
    expect(model.layers.map((l) => l.countParams())).toEqual(arch.layers.map((l) => l.parameters));
    model.dispose();
  });

  it('follows the inbound nodes of a functional model', () => {
    const names = ['in', ...toyLayers.map((l) => l.config.name as string)];
    const functional = {
      modelTopology: {
        class_name: 'Model',
        config: {
          name: 'toy',
          layers: [
            layer('InputLayer', { name: 'in', batch_input_shape: [null, 10, 10, 3] }, []),
            ...toyLayers.map((l, i) => ({ ...l, inbound_nodes: [[[names[i], 0, 0, {}]]] })),
          ],
        },
      },
      weightsManifest: toyManifest,
    };
    expect(
      parseModelJson(functional).layers.map((l) => [l.name, l.outputShape, l.parameters]),
    ).toEqual(expected);
  });

  it('returns null for shapes it does not understand instead of guessing', () => {
    expect(layerOutputShape({ class_name: 'Conv3D', config: {} }, [4, 4, 4, 1])).toBeNull();
    expect(layerOutputShape({ class_name: 'Dense', config: { units: 3 } }, null)).toBeNull();
    expect(shapeText(null)).toBe('unknown');
  });

  it('throws a readable error for a file that is not a layers model', () => {
    expect(() => parseModelJson({ modelTopology: { node: [] } })).toThrow(/no layers/);
    expect(() => parseModelJson(null)).toThrow(/no layers/);
  });
});

describe('the words', () => {
  it('explains where a convolution’s weight count comes from', () => {
    const words = describeLayer(
      {
        name: 'conv2',
        type: 'Conv2D',
        inputShape: [24, 24, 32],
        outputShape: [24, 24, 64],
        parameters: 18496,
        kernel: [3, 3],
        activation: 'relu',
      },
      false,
    );
    expect(words.summary).toBe('64 filters of 3 × 3');
    expect(words.weights).toContain('3 × 3 × 32 = 288');
    expect(words.weights).toContain('64 × 289 = 18,496');
    expect(words.explanation).toContain('zero-rule');
  });

  it('explains a depthwise layer as one filter per map', () => {
    const words = describeLayer(
      {
        name: 'depthwise1',
        type: 'DepthwiseConv2D',
        inputShape: [24, 24, 24],
        outputShape: [24, 24, 24],
        parameters: 240,
        kernel: [3, 3],
        activation: 'relu',
      },
      false,
    );
    expect(words.title).toContain('one per map');
    expect(words.summary).toBe('24 filters of 3 × 3, one per map');
    expect(words.weights).toContain('24 × 10 = 240');
  });

  it('names the output scores with the card’s labels', () => {
    const words = describeLayer(
      {
        name: 'd',
        type: 'Dense',
        inputShape: [160],
        outputShape: [3],
        parameters: 483,
        activation: 'softmax',
      },
      true,
      {
        labels: ['a', 'b', 'c'],
        labelWord: (l) => l.toUpperCase(),
      },
    );
    expect(words.kind).toBe('output');
    expect(words.output).toBe('3 scores: A, B, C');
    expect(words.weights).toContain('3 × 161 = 483');
    expect(words.explanation).toContain('100%');
  });

  it('names ReLU and softmax where they happen, and calls a filter’s bias its offset', () => {
    const conv = describeLayer(
      {
        name: 'conv1',
        type: 'Conv2D',
        inputShape: [48, 48, 1],
        outputShape: [24, 24, 32],
        parameters: 320,
        kernel: [3, 3],
        strides: [2, 2],
        activation: 'relu',
      },
      false,
    );
    expect(conv.explanation).toContain('ReLU');
    expect(conv.explanation).toContain('(a stride of 2), so its maps are 24 × 24');
    expect(conv.summary).toBe('32 filters of 3 × 3, stride 2');
    expect(conv.weights).toContain('its offset');
    const out = describeLayer(
      {
        name: 'd',
        type: 'Dense',
        inputShape: [256],
        outputShape: [7],
        parameters: 1799,
        activation: 'softmax',
      },
      true,
    );
    expect(out.explanation).toContain('softmax');
    expect(out.weights).toContain('plus an offset');
    expect(Object.keys(GLOSSARY_WORDS)).toEqual(expect.arrayContaining(['ReLU', 'softmax']));
  });

  it('says dropout only acts while training', () => {
    const words = describeLayer(
      {
        name: 'dropout1',
        type: 'Dropout',
        inputShape: [256],
        outputShape: [256],
        parameters: 0,
        rate: 0.3,
      },
      false,
    );
    expect(words.title).toContain('training only');
    expect(words.explanation).toMatch(
      /30%.*In the finished model, in your browser, it lets everything through unchanged/,
    );
  });

  it('never says “bias” to a reader: on this site it means unfairness', () => {
    const arch = parseModelJson(shippedJson());
    const texts = [
      describeInput(arch),
      ...arch.layers.map((l, i) => describeLayer(l, i === arch.layers.length - 1)),
    ].flatMap((w) => Object.values(w));
    expect(texts.filter((t) => /\bbias/i.test(t))).toEqual([]);
  });

  it('describes the input and output sizes in words', () => {
    expect(outputWords([24, 24, 1])).toBe('1 feature map, each 24 × 24');
    expect(outputWords([160])).toBe('a list of 160 numbers');
    const input = describeInput({
      name: 'm',
      input: [48, 48, 1],
      layers: [],
      totalParameters: 0,
      weightBytes: 0,
    });
    expect(input.summary).toBe('48 × 48 grey pixels');
    expect(input.explanation).toContain('2,304 numbers');
  });
});
