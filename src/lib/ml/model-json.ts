/**
 * The site's one reader of a TF.js LayersModel's model.json: type, output shape and parameter count
 * per layer, worked out from the file itself (the layer configs and the weights manifest) — no TF.js
 * needed, so the anatomy diagram costs one small fetch, and the lessons' model facts, the transfer
 * lab's diagram and lesson 4's filters read the same description at build time. readWeight decodes
 * one weight from the manifest and the weight bytes (lesson 4's filters).
 * src/widgets/cnn-anatomy/explain.test.ts and classifier.test.ts check it against TF.js's own model summary.
 */

export type Shape = (number | null)[];

export interface LayerInfo {
  name: string;
  /** Keras class name, e.g. "Conv2D". */
  type: string;
  /** Without the batch dimension, e.g. [48, 48, 32]; null when this layer type is not understood. */
  outputShape: number[] | null;
  /** Shape of what comes in (without the batch dimension). */
  inputShape: number[] | null;
  parameters: number;
  /** The config values the explanations talk about. */
  filters?: number;
  kernel?: [number, number];
  strides?: [number, number];
  poolSize?: [number, number];
  padding?: string;
  units?: number;
  activation?: string;
  rate?: number;
  useBias?: boolean;
}

export interface Architecture {
  name: string;
  input: number[];
  layers: LayerInfo[];
  totalParameters: number;
  /** Bytes of the weight files, from the manifest's dtypes (after quantization). */
  weightBytes: number;
}

interface RawLayer {
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes?: unknown;
}

/** Keras layers that change the numbers but not their shape, grouped as the diagram explains them. */
export const NORM_LAYERS: ReadonlySet<string> = new Set([
  'BatchNormalization',
  'LayerNormalization',
]);
export const ACTIVATION_LAYERS: ReadonlySet<string> = new Set([
  'Activation',
  'ReLU',
  'LeakyReLU',
  'PReLU',
  'ELU',
  'Softmax',
]);
export const DROPOUT_LAYERS: ReadonlySet<string> = new Set(['Dropout', 'SpatialDropout2D']);

const pair = (v: unknown, fallback: [number, number]): [number, number] => {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length >= 2 && typeof v[0] === 'number' && typeof v[1] === 'number')
    return [v[0], v[1]];
  return fallback;
};

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function convOut(
  size: number,
  kernel: number,
  stride: number,
  padding: string,
  dilation = 1,
): number {
  const k = (kernel - 1) * dilation + 1;
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - k) / stride) + 1;
}

/** Output shape of one layer, given its input shape (no batch dimension), or null if unknown. */
export function layerOutputShape(layer: RawLayer, input: number[] | null): number[] | null {
  if (!input) return null;
  const c = layer.config;
  const padding = typeof c.padding === 'string' ? c.padding : 'valid';
  const keepsShape = [NORM_LAYERS, ACTIVATION_LAYERS, DROPOUT_LAYERS].some((kinds) =>
    kinds.has(layer.class_name),
  );
  if (keepsShape || layer.class_name === 'InputLayer' || layer.class_name === 'GaussianNoise')
    return [...input];
  switch (layer.class_name) {
    case 'Conv2D':
    case 'SeparableConv2D':
    case 'DepthwiseConv2D': {
      if (input.length !== 3) return null;
      const [kh, kw] = pair(c.kernel_size, [1, 1]);
      const [sh, sw] = pair(c.strides, [1, 1]);
      const [dh, dw] = pair(c.dilation_rate, [1, 1]);
      const channels =
        layer.class_name === 'DepthwiseConv2D'
          ? input[2] * (typeof c.depth_multiplier === 'number' ? c.depth_multiplier : 1)
          : (c.filters as number);
      return [
        convOut(input[0], kh, sh, padding, dh),
        convOut(input[1], kw, sw, padding, dw),
        channels,
      ];
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      if (input.length !== 3) return null;
      const [ph, pw] = pair(c.pool_size, [2, 2]);
      const [sh, sw] = pair(c.strides ?? c.pool_size, [ph, pw]);
      return [convOut(input[0], ph, sh, padding), convOut(input[1], pw, sw, padding), input[2]];
    }
    case 'ZeroPadding2D': {
      if (input.length !== 3) return null;
      const p = c.padding;
      const [t, b, l, r] =
        Array.isArray(p) && Array.isArray(p[0])
          ? [p[0][0], p[0][1], p[1][0], p[1][1]]
          : typeof p === 'number'
            ? [p, p, p, p]
            : Array.isArray(p)
              ? [p[0], p[0], p[1], p[1]]
              : [1, 1, 1, 1];
      return [input[0] + t + b, input[1] + l + r, input[2]];
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D':
      return input.length === 3 ? [input[2]] : null;
    case 'Flatten':
      return [product(input)];
    case 'Reshape':
      return Array.isArray(c.target_shape) ? (c.target_shape as number[]) : null;
    case 'Dense':
      return typeof c.units === 'number' ? [...input.slice(0, -1), c.units] : null;
    default:
      return null;
  }
}

/** Bytes per number of each weight dtype a manifest may name (after quantization). */
const DTYPE_BYTES: Record<string, number> = {
  float32: 4,
  int32: 4,
  float16: 2,
  uint16: 2,
  int16: 2,
  uint8: 1,
  int8: 1,
  bool: 1,
};

/** The weights each layer owns, from the manifest: names look like "<layer>/kernel". */
function weightsByLayer(manifest: unknown): { params: Map<string, number>; bytes: number } {
  const params = new Map<string, number>();
  let bytes = 0;
  for (const group of Array.isArray(manifest) ? manifest : []) {
    for (const w of Array.isArray(group?.weights) ? group.weights : []) {
      if (typeof w?.name !== 'string' || !Array.isArray(w.shape)) continue;
      const n = product(w.shape as number[]);
      const layer = w.name.split('/')[0];
      params.set(layer, (params.get(layer) ?? 0) + n);
      const dtype = (w.quantization?.dtype ?? w.dtype ?? 'float32') as string;
      bytes += n * (DTYPE_BYTES[dtype] ?? 4);
    }
  }
  return { params, bytes };
}

function numberOrUndefined(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Parse model.json (a TF.js "layers-model" file). Throws a plain-language error when it is not one. */
export function parseModelJson(json: unknown): Architecture {
  const root = json as { modelTopology?: Record<string, unknown>; weightsManifest?: unknown };
  let topology = root?.modelTopology as Record<string, unknown> | undefined;
  if (topology && 'model_config' in topology)
    topology = topology.model_config as Record<string, unknown>;
  const config = topology?.config as
    { name?: string; layers?: RawLayer[] } | RawLayer[] | undefined;
  const rawLayers = Array.isArray(config) ? config : config?.layers;
  if (!Array.isArray(rawLayers) || rawLayers.length === 0)
    throw new Error('This file does not describe a layers model (no layers found).');
  const functional = topology?.class_name !== 'Sequential';
  const { params, bytes } = weightsByLayer(root.weightsManifest);

  const first = rawLayers[0].config;
  const batchInput = (first.batch_input_shape ?? first.batchInputShape) as Shape | undefined;
  if (!Array.isArray(batchInput))
    throw new Error('The model file does not say what size of input it takes.');
  const input = batchInput.slice(1).map((d) => d ?? 0);

  const shapes = new Map<string, number[] | null>();
  const layers: LayerInfo[] = [];
  let previous: number[] | null = input;
  for (const raw of rawLayers) {
    const c = raw.config ?? {};
    const name = typeof c.name === 'string' ? c.name : `${raw.class_name}_${layers.length}`;
    let inShape: number[] | null = previous;
    if (functional && raw.class_name !== 'InputLayer') {
      const nodes = raw.inbound_nodes as unknown[][] | undefined;
      const from = Array.isArray(nodes?.[0]?.[0]) ? (nodes![0][0] as unknown[])[0] : undefined;
      inShape = typeof from === 'string' ? (shapes.get(from) ?? null) : previous;
    }
    if (raw.class_name === 'InputLayer') inShape = input;
    const out = layerOutputShape(raw, inShape);
    shapes.set(name, out);
    previous = out;
    if (raw.class_name === 'InputLayer') continue; // the diagram draws the input itself
    const info: LayerInfo = {
      name,
      type: raw.class_name,
      outputShape: out,
      inputShape: inShape,
      parameters: params.get(name) ?? 0,
    };
    if (typeof c.filters === 'number') info.filters = c.filters;
    if (c.kernel_size !== undefined) info.kernel = pair(c.kernel_size, [1, 1]);
    if (c.strides !== undefined) info.strides = pair(c.strides, [1, 1]);
    if (c.pool_size !== undefined) info.poolSize = pair(c.pool_size, [2, 2]);
    if (typeof c.padding === 'string') info.padding = c.padding;
    info.units = numberOrUndefined(c.units);
    if (typeof c.activation === 'string') info.activation = c.activation;
    info.rate = numberOrUndefined(c.rate);
    if (typeof c.use_bias === 'boolean') info.useBias = c.use_bias;
    for (const k of Object.keys(info) as (keyof LayerInfo)[])
      if (info[k] === undefined) delete info[k];
    layers.push(info);
  }
  return {
    name: (Array.isArray(config) ? undefined : config?.name) ?? 'model',
    input,
    layers,
    totalParameters: layers.reduce((s, l) => s + l.parameters, 0),
    weightBytes: bytes,
  };
}

/** The weight files the manifest names, in the order TF.js reads them (paths relative to model.json). */
export function weightFilePaths(json: unknown): string[] {
  const manifest = (json as { weightsManifest?: unknown })?.weightsManifest;
  return (Array.isArray(manifest) ? manifest : []).flatMap((group) =>
    Array.isArray(group?.paths)
      ? group.paths.filter((p: unknown): p is string => typeof p === 'string')
      : [],
  );
}

/** "48 × 48 × 32" */
export function shapeText(shape: readonly number[] | null): string {
  return shape ? shape.join(' × ') : 'unknown';
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number };
}

/** IEEE 754 half precision to a JavaScript number. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** The dtypes readWeight decodes: what our export writes (8-bit kernels: q × scale + min). */
const DECODED = ['float32', 'float16', 'uint8'];

/** One named weight of the manifest, decoded to numbers the way TF.js does (in the manifest's layout). */
export function readWeight(manifest: unknown, bytes: Uint8Array, name: string): number[] {
  const groups = Array.isArray(manifest) ? manifest : [];
  let offset = 0;
  for (const group of groups) {
    for (const spec of (group?.weights ?? []) as WeightSpec[]) {
      const count = spec.shape.reduce((a, b) => a * b, 1);
      const dtype = spec.quantization?.dtype ?? spec.dtype;
      if (!DECODED.includes(dtype)) throw new Error(`weight ${spec.name}: cannot read ${dtype}`);
      const size = DTYPE_BYTES[dtype]!;
      if (spec.name === name) {
        const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * size);
        return Array.from({ length: count }, (_, i) => {
          if (dtype === 'uint8')
            return (
              view.getUint8(i) * (spec.quantization!.scale ?? 1) + (spec.quantization!.min ?? 0)
            );
          if (dtype === 'float16') return halfToNumber(view.getUint16(2 * i, true));
          return view.getFloat32(4 * i, true);
        });
      }
      offset += count * size;
    }
  }
  throw new Error(`the model has no weight called ${name}`);
}
