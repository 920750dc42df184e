/**
 * The lab's diagram is written at build time from the shipped model.json: check that the summary
 * reads what the lesson and the diagram say about it (input, frozen trunk, features, old head), and
 * that it agrees with the model facts lesson 6 quotes.
 */
import { describe, expect, it } from 'vitest';
import { modelFacts } from '../../lib/ml/model-facts.ts';
import { readModelJson } from '../../lib/ml/node-io.ts';
import { headLayerCount, headParameterCount } from './head.ts';
import { summarizeModelJson } from './model-summary.ts';

const shipped = readModelJson('public/models/emotion-cnn') as unknown as {
  modelTopology: { config: { layers: { config: Record<string, unknown> }[] } };
};

describe('summarizeModelJson on the shipped model', () => {
  const summary = summarizeModelJson(shipped);
  const facts = modelFacts(shipped);

  it('reads the picture the network takes in', () => {
    expect(summary.input).toEqual({
      height: facts.input.height,
      width: facts.input.width,
      channels: facts.input.channels,
    });
  });

  it('ends the frozen trunk at global average pooling, with as many features and numbers as the model facts', () => {
    expect(summary.trunk.at(-1)!.type).toBe('GlobalAveragePooling2D');
    expect(summary.features).toBe(facts.features);
    expect(summary.trunkParameters).toBe(facts.trunkParameters);
  });

  it('sets aside an old head that ends in one output per emotion', () => {
    expect(summary.oldHead.at(-1)!.type).toBe('Dense');
    expect(summary.classes).toBe(facts.classes);
    expect(summary.trunkParameters + summary.oldHead.reduce((s, l) => s + l.parameters, 0)).toBe(
      facts.parameters,
    );
  });

  it('refuses a file whose first layer does not name its input (the lab then describes the model in words)', () => {
    const bare = structuredClone(shipped);
    delete bare.modelTopology.config.layers[0]!.config.batch_input_shape;
    expect(() => summarizeModelJson(bare)).toThrow(/does not say what size of input/);
  });
});

describe("the lab's new head", () => {
  it('has a hidden layer and an output layer by default, or only the output layer without hidden units', () => {
    expect(headLayerCount()).toBe(2);
    expect(headLayerCount(0)).toBe(1);
    expect(headParameterCount(10, 3, 0)).toBe(10 * 3 + 3);
  });
});
