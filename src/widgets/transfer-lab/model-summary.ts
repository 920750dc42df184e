/**
 * The layers of our emotion CNN as the lab's diagram shows them, read from a TF.js model.json
 * (its Keras topology and weight manifest) without loading TF.js: used at build time by the Astro
 * shell, so the diagram shows the real shipped model before anything is downloaded.
 */
import { parseModelJson } from '../../lib/ml/model-json.ts';
import { labText } from './text.ts';

export interface LayerRow {
  name: string;
  /** Keras class name: Conv2D, MaxPooling2D, GlobalAveragePooling2D, Dropout, Dense… */
  type: string;
  /** Learnable numbers in the layer. */
  parameters: number;
  /** Filters (Conv2D) or units (Dense), when it has them. */
  size?: number;
}

export interface ModelSummary {
  /** The picture the network reads: height, width and channels (e.g. 48 × 48 × 1, grey). */
  input: { height: number; width: number; channels: number } | null;
  layers: LayerRow[];
  /** Layers up to and including the global-average-pooling layer: the frozen trunk. */
  trunk: LayerRow[];
  /** Layers after it (dropout, the 7-emotion dense layer): the old head, set aside. */
  oldHead: LayerRow[];
  trunkParameters: number;
  /** Features the trunk gives: the filters of its last convolution. */
  features: number;
  classes: number;
}

/** The summary of a model.json, read by the site's one model.json reader (src/lib/ml/model-json.ts). */
export function summarizeModelJson(json: unknown): ModelSummary {
  const arch = parseModelJson(json);
  const rows: LayerRow[] = arch.layers.map((l) => {
    const size = l.filters ?? l.units;
    return { name: l.name, type: l.type, parameters: l.parameters, ...(size ? { size } : {}) };
  });
  const gap = rows.findIndex((r) => r.type === 'GlobalAveragePooling2D');
  if (gap < 0) throw new Error('model.json has no GlobalAveragePooling2D layer');
  const trunk = rows.slice(0, gap + 1);
  const oldHead = rows.slice(gap + 1);
  const lastConv = [...trunk].reverse().find((r) => r.type === 'Conv2D');
  const lastDense = [...oldHead].reverse().find((r) => r.type === 'Dense');
  const [height = 0, width = 0, channels = 0] = arch.input;
  return {
    input: height && width && channels ? { height, width, channels } : null,
    layers: rows,
    trunk,
    oldHead,
    trunkParameters: trunk.reduce((s, r) => s + r.parameters, 0),
    features: lastConv?.size ?? 0,
    classes: lastDense?.size ?? 0,
  };
}

/** "Conv2D" → "convolution", for the reader. */
export function layerKind(type: string): string {
  switch (type) {
    case 'Conv2D':
      return labText('layer.conv2d');
    case 'MaxPooling2D':
      return labText('layer.maxPooling');
    case 'GlobalAveragePooling2D':
      return labText('layer.globalPooling');
    case 'Dropout':
      return labText('layer.dropout');
    case 'Dense':
      return labText('layer.dense');
    case 'BatchNormalization':
      return labText('layer.batchNorm');
    default:
      return type;
  }
}
