/**
 * Facts about a CNN that the lessons quote in words — how many convolution layers, how many features,
 * how many learned numbers, how big the first feature maps are — worked out from its TF.js model.json
 * (and its model card) instead of being typed into the text, so the lessons stay true when the model
 * is retrained with another shape. No TF.js and no DOM: lessons use it at build time through
 * ./shipped-model.ts; model-facts.test.ts checks it on the shipped model and on other shapes.
 */
import { parseModelJson, type LayerInfo } from './model-json.ts';
import type { ModelCard } from './model-card.ts';

export interface ModelFacts {
  /** The picture the network reads, e.g. 48 × 48 × 1. */
  input: { width: number; height: number; channels: number };
  /** Convolution layers (filters slid over the maps). */
  convolutions: number;
  /** Pooling layers that shrink the maps (max or average over 2 × 2 blocks), not counting the global one. */
  poolings: number;
  /** The first convolution: how many filters, how far it jumps, and the size of the maps it makes. */
  firstConv: {
    filters: number;
    kernel: number;
    stride: number;
    padded: boolean;
    outputSide: number;
  };
  /** The side of the maps from the input down to the last convolution, each size once: e.g. [48, 24, 12, 6]. */
  sides: number[];
  /** Numbers per face after global average pooling: the trunk's features (0 when there is no such layer). */
  features: number;
  /** Emotions (or classes) the last layer scores. */
  classes: number;
  /** Numbers learned in training, in the browser's copy of the model. */
  parameters: number;
  /** Of those, the ones up to and including global average pooling: the trunk lesson 6 freezes. */
  trunkParameters: number;
  /** Share of test faces labelled right, and how many test faces, from the model card (when it has them). */
  accuracy?: number;
  testImages?: number;
}

const isConv = (l: LayerInfo) =>
  l.type === 'Conv2D' || l.type === 'SeparableConv2D' || l.type === 'DepthwiseConv2D';
const isPool = (l: LayerInfo) => l.type === 'MaxPooling2D' || l.type === 'AveragePooling2D';
const isGlobalPool = (l: LayerInfo) =>
  l.type === 'GlobalAveragePooling2D' || l.type === 'GlobalMaxPooling2D';

export function modelFacts(modelJson: unknown, card?: Pick<ModelCard, 'metrics'>): ModelFacts {
  const arch = parseModelJson(modelJson);
  const [height = 0, width = 0, channels = 1] = arch.input;
  const convs = arch.layers.filter(isConv);
  const first = convs[0];
  if (!first) throw new Error('The model has no convolution layer.');
  const sides = [height];
  for (const l of arch.layers) {
    if (!(isConv(l) || isPool(l)) || !l.outputShape || l.outputShape.length !== 3) continue;
    const side = l.outputShape[0]!;
    if (side !== sides[sides.length - 1]) sides.push(side);
  }
  const gap = arch.layers.findIndex(isGlobalPool);
  const dense = arch.layers.filter((l) => l.type === 'Dense');
  return {
    input: { width, height, channels },
    convolutions: convs.length,
    poolings: arch.layers.filter(isPool).length,
    firstConv: {
      filters: first.filters ?? first.outputShape?.[2] ?? 0,
      kernel: first.kernel?.[0] ?? 3,
      stride: first.strides?.[0] ?? 1,
      padded: first.padding === 'same',
      outputSide: first.outputShape?.[0] ?? 0,
    },
    sides,
    features: gap >= 0 ? (arch.layers[gap]!.outputShape?.[0] ?? 0) : 0,
    classes: dense[dense.length - 1]?.units ?? 0,
    parameters: arch.totalParameters,
    trunkParameters:
      gap >= 0
        ? arch.layers.slice(0, gap + 1).reduce((s, l) => s + l.parameters, 0)
        : arch.totalParameters,
    ...(card?.metrics ? { accuracy: card.metrics.accuracy, testImages: card.metrics.images } : {}),
  };
}

const WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];

/** 6 → "six"; from 13 on, digits. */
export function numberWord(n: number): string {
  return WORDS[n] ?? n.toLocaleString('en-GB');
}

/** A count as a reader would say it: 463,367 → "460,000"; 4,227 → "4,200"; 903 → "900"; 42 → "42". */
export function roughly(n: number): string {
  if (n < 100) return String(n);
  const step = 10 ** (Math.floor(Math.log10(n)) - 1);
  return (Math.round(n / step) * step).toLocaleString('en-GB');
}
