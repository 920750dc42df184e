/**
 * The first layer's filters of a TF.js model, read from its model.json and weight file the way TF.js
 * decodes them (../ml/model-json.ts readWeight), for lesson 4's gallery
 * of what our model learned. Batch norm was folded into each filter at export
 * (training/export_tfjs.py), so these are the numbers the browser really multiplies with.
 *
 * Also the link that opens one filter in lesson 3's convolution playground, and the reading of that
 * link back (the playground's state lives in its address, TensorFlow Playground style).
 * Pure: no DOM, no TF.js.
 */
import { KERNEL_SIZE, type ConvOptions, type Kernel } from './convolution.ts';
import { parseModelJson, readWeight } from '../ml/model-json.ts';

export interface ModelFilter {
  /** 1-based, as readers count. */
  number: number;
  /** Nine numbers, row after row, as the model multiplies them with pixels from 0 to 1. */
  weights: number[];
  /** The number added after the multiply-and-add (Keras calls it the bias). */
  offset: number;
}

export interface FirstLayer {
  /** Layer name in model.json, e.g. "conv1". */
  layer: string;
  stride: number;
  /** Side of the maps it makes, e.g. 24 for a 48 × 48 input at stride 2 with "same" padding. */
  outputSide: number;
  inputSide: number;
  filters: ModelFilter[];
}

/** The first convolution layer of a model.json (3 × 3 filters on a one-channel picture). */
export function firstLayerFilters(modelJson: unknown, weightBytes: Uint8Array): FirstLayer {
  const arch = parseModelJson(modelJson);
  const conv = arch.layers.find((l) => l.type === 'Conv2D');
  if (!conv) throw new Error('the model has no convolution layer');
  const [kh, kw] = conv.kernel ?? [0, 0];
  if (
    conv !== arch.layers[0] ||
    kh !== KERNEL_SIZE ||
    kw !== KERNEL_SIZE ||
    arch.input[2] !== 1 ||
    !conv.filters ||
    !conv.outputShape
  ) {
    throw new Error('the first layer is not a 3 × 3 convolution on a grey picture');
  }
  const { name, filters } = conv;
  const manifest = (modelJson as { weightsManifest?: unknown }).weightsManifest;
  const kernel = readWeight(manifest, weightBytes, `${name}/kernel`); // H, W, 1, filters
  const bias =
    conv.useBias === false
      ? new Array<number>(filters).fill(0)
      : readWeight(manifest, weightBytes, `${name}/bias`);
  return {
    layer: name,
    stride: conv.strides?.[0] ?? 1,
    inputSide: arch.input[0]!,
    outputSide: conv.outputShape[0]!,
    filters: Array.from({ length: filters }, (_, f) => ({
      number: f + 1,
      weights: Array.from({ length: kh * kw }, (_, i) => kernel[i * filters + f]!),
      offset: bias[f]!,
    })),
  };
}

/**
 * Whether a filter can ever give more than 0 after the zero-rule (ReLU), for some picture with pixels
 * from 0 to 1: the best case puts 1 under every positive number and 0 under every negative one.
 */
export function canRespond(filter: ModelFilter): boolean {
  return filter.offset + filter.weights.reduce((s, w) => s + Math.max(0, w), 0) > 0;
}

/** Whether its numbers add up to about 0 (within a tenth of their total size), like an edge finder's. */
export function sumsToAboutZero(filter: ModelFilter): boolean {
  const size = filter.weights.reduce((s, w) => s + Math.abs(w), 0);
  return size > 0 && Math.abs(filter.weights.reduce((s, w) => s + w, 0)) <= 0.1 * size;
}

// ---------- A filter in the playground's address ----------

/** What the playground's address can set: a filter, its offset, stride and padding, and where it came from. */
export interface SharedFilter {
  kernel: Kernel;
  options: ConvOptions;
  /** The model filter it is, e.g. { layer: 'conv1', number: 5 }. */
  from?: { layer: string; number: number };
}

const round = (x: number, digits: number) => Number(x.toFixed(digits)) || 0;

/**
 * A model filter as the playground shows it. The playground's pixels run from 0 to 255 and the
 * model's from 0 to 1, so the offset is multiplied by 255: every number the playground then works out
 * is 255 times the model's (before the zero-rule). Weights are rounded to two decimals for reading.
 * Stride as in the model, no padding: the maps agree with the model's except for its last row and
 * column, which the model gets by adding one row and column of zeros at the bottom and right.
 */
export function playgroundFilter(filter: ModelFilter, layer: FirstLayer): SharedFilter {
  return {
    kernel: {
      weights: filter.weights.map((w) => round(w, 2)),
      divisor: 1,
      offset: round(filter.offset * 255, 1),
    },
    options: { stride: layer.stride, padding: 0 },
    from: { layer: layer.layer, number: filter.number },
  };
}

/** The query string (without "?") that opens the playground on this filter. */
export function filterSearch(shared: SharedFilter): string {
  const q = new URLSearchParams();
  q.set('kernel', shared.kernel.weights.map(String).join(','));
  if (shared.kernel.divisor !== 1) q.set('divide', String(shared.kernel.divisor));
  if (shared.kernel.offset) q.set('offset', String(shared.kernel.offset));
  q.set('stride', String(shared.options.stride));
  q.set('padding', String(shared.options.padding));
  if (shared.from) q.set('from', `${shared.from.layer}-${shared.from.number}`);
  return q.toString().replace(/%2C/g, ',');
}

/** Reads filterSearch()'s query string back; null when it holds no valid filter (then the playground starts as usual). */
export function parseFilterSearch(search: string): SharedFilter | null {
  const q = new URLSearchParams(search);
  const weights = (q.get('kernel') ?? '')
    .split(',')
    .map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (
    weights.length !== KERNEL_SIZE * KERNEL_SIZE ||
    !weights.every((w) => Number.isFinite(w) && Math.abs(w) <= 1e4)
  )
    return null;
  const number = (key: string, fallback: number, ok: (n: number) => boolean) => {
    const raw = q.get(key);
    const n = raw === null ? fallback : Number(raw);
    return Number.isFinite(n) && ok(n) ? n : fallback;
  };
  const divisor = number('divide', 1, (n) => n !== 0 && Math.abs(n) <= 1e4);
  const offset = number('offset', 0, (n) => Math.abs(n) <= 1e5);
  const stride = number('stride', 1, (n) => Number.isInteger(n) && n >= 1 && n <= 3);
  const padding = number('padding', 0, (n) => Number.isInteger(n) && n >= 0 && n <= 2);
  const from = /^([a-z][a-z0-9_]{0,30})-(\d{1,4})$/.exec(q.get('from') ?? '');
  return {
    kernel: { weights, divisor, offset },
    options: { stride, padding },
    ...(from ? { from: { layer: from[1]!, number: Number(from[2]) } } : {}),
  };
}
