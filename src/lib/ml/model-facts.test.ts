import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseModelJson } from './model-json.ts';
import { modelFacts, numberWord, roughly } from './model-facts.ts';
import { readModelJson } from './node-io.ts';

/** A minimal TF.js layers-model file: (kind, argument) like training/models.py's architectures. */
function modelJson(spec: [string, number?][], input = 48): unknown {
  const layers: unknown[] = [];
  const weights: { name: string; shape: number[]; dtype: string }[] = [];
  let channels = 1;
  spec.forEach(([kind, arg], i) => {
    const name = `${kind}${i}`;
    const config: Record<string, unknown> = { name };
    if (i === 0) config.batch_input_shape = [null, input, input, 1];
    if (kind === 'conv' || kind === 'downconv') {
      Object.assign(config, {
        filters: arg,
        kernel_size: [3, 3],
        strides: kind === 'downconv' ? [2, 2] : [1, 1],
        padding: 'same',
      });
      weights.push(
        { name: `${name}/kernel`, shape: [3, 3, channels, arg!], dtype: 'float32' },
        { name: `${name}/bias`, shape: [arg!], dtype: 'float32' },
      );
      channels = arg!;
      layers.push({ class_name: 'Conv2D', config });
    } else if (kind === 'pool') {
      layers.push({
        class_name: 'MaxPooling2D',
        config: { ...config, pool_size: [2, 2], strides: [2, 2], padding: 'valid' },
      });
    } else if (kind === 'gap') {
      layers.push({ class_name: 'GlobalAveragePooling2D', config });
    } else if (kind === 'dense') {
      weights.push(
        { name: `${name}/kernel`, shape: [channels, arg!], dtype: 'float32' },
        { name: `${name}/bias`, shape: [arg!], dtype: 'float32' },
      );
      layers.push({ class_name: 'Dense', config: { ...config, units: arg } });
    }
  });
  return {
    modelTopology: { class_name: 'Sequential', config: { name: 'm', layers } },
    weightsManifest: [{ paths: ['w.bin'], weights }],
  };
}

describe('modelFacts', () => {
  it('reads a VGG-style net with a stride-1 first layer', () => {
    const facts = modelFacts(
      modelJson([
        ['conv', 32],
        ['pool'],
        ['conv', 64],
        ['conv', 64],
        ['pool'],
        ['conv', 128],
        ['conv', 128],
        ['pool'],
        ['conv', 160],
        ['gap'],
        ['dense', 7],
      ]),
    );
    expect(facts.convolutions).toBe(6);
    expect(facts.poolings).toBe(3);
    expect(facts.features).toBe(160);
    expect(facts.classes).toBe(7);
    expect(facts.sides).toEqual([48, 24, 12, 6]);
    expect(facts.firstConv).toEqual({
      filters: 32,
      kernel: 3,
      stride: 1,
      padded: true,
      outputSide: 48,
    });
    expect(facts.parameters - facts.trunkParameters).toBe(160 * 7 + 7);
  });

  it('reads a net whose first layer jumps by 2 (a stride-2 convolution)', () => {
    const facts = modelFacts(
      modelJson([
        ['downconv', 32],
        ['conv', 32],
        ['pool'],
        ['conv', 64],
        ['conv', 64],
        ['pool'],
        ['conv', 128],
        ['conv', 128],
        ['gap'],
        ['dense', 7],
      ]),
    );
    expect(facts.convolutions).toBe(6);
    expect(facts.poolings).toBe(2);
    expect(facts.features).toBe(128);
    expect(facts.sides).toEqual([48, 24, 12, 6]);
    expect(facts.firstConv).toMatchObject({ stride: 2, outputSide: 24 });
    expect(facts.parameters).toBe(287_335);
  });

  it('takes accuracy from the model card when it has figures', () => {
    const json = modelJson([['conv', 8], ['gap'], ['dense', 7]]);
    expect(modelFacts(json).accuracy).toBeUndefined();
    const metrics = { accuracy: 0.6, images: 3589 } as never;
    expect(modelFacts(json, { metrics })).toMatchObject({ accuracy: 0.6, testImages: 3589 });
  });
});

describe.skipIf(!existsSync('public/models/emotion-cnn/model.json'))(
  'modelFacts on the shipped model',
  () => {
    it('agrees with the layer-by-layer reading the diagrams use', () => {
      const json = readModelJson('public/models/emotion-cnn');
      const arch = parseModelJson(json);
      const facts = modelFacts(json);
      expect(facts.parameters).toBe(arch.totalParameters);
      expect(facts.input).toMatchObject({ width: arch.input[1], height: arch.input[0] });
      expect(facts.features).toBeGreaterThan(0);
      expect(facts.trunkParameters).toBeLessThan(facts.parameters);
      expect(facts.classes).toBe(
        JSON.parse(readFileSync('public/models/emotion-cnn/model-card.json', 'utf8')).labels.length,
      );
    });
  },
);

describe('words', () => {
  it('spells small counts and rounds big ones', () => {
    expect(numberWord(6)).toBe('six');
    expect(numberWord(20)).toBe('20');
    expect(roughly(463_367)).toBe('460,000');
    expect(roughly(287_335)).toBe('290,000');
    expect(roughly(4_227)).toBe('4,200');
    expect(roughly(903)).toBe('900');
    expect(roughly(42)).toBe('42');
  });
});
