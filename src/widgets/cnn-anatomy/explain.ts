/**
 * Plain-language words for each kind of layer, filled in with the real layer's numbers. No DOM.
 *
 * Checked against how our model really runs (training/models.py, training/export_tfjs.py): batch norm
 * is folded into each filter layer at export, so the browser's model has no rescaling layer; dropout
 * only acts in training; each filter's "bias" (Keras's word) is called its offset here, because "bias"
 * means unfairness elsewhere on the site.
 */
import {
  ACTIVATION_LAYERS,
  DROPOUT_LAYERS,
  NORM_LAYERS,
  type Architecture,
  type LayerInfo,
} from '../../lib/ml/model-json.ts';
import { percent } from '../../lib/format.ts';
import { anatomyText as t } from './text.ts';

export type LayerKind =
  | 'input'
  | 'conv'
  | 'pool'
  | 'global-pool'
  | 'flatten'
  | 'dropout'
  | 'dense'
  | 'output'
  | 'norm'
  | 'activation'
  | 'other';

export interface LayerWords {
  kind: LayerKind;
  /** A short name a newcomer can hold on to, e.g. "Filters (convolution)". */
  title: string;
  /** One line for the diagram, e.g. "32 filters of 3 × 3". */
  summary: string;
  /** What the output is, in words: "32 feature maps, each 48 × 48". */
  output: string;
  /** Two to four sentences on what the layer does. */
  explanation: string;
  /** Where its count of learned numbers comes from, or why it has none. */
  weights: string;
}

const n = (x: number) => x.toLocaleString('en-GB');

/** Words in the explanations that the glossary explains: the diagram links them to /glossary/#id. */
export const GLOSSARY_WORDS: Readonly<Record<string, string>> = {
  ReLU: 'relu',
  softmax: 'softmax',
  dropout: 'dropout',
};

/** Sentences in one paragraph; empty ones (a part that does not apply) are left out. */
const sentences = (...parts: string[]) => parts.filter(Boolean).join(' ');

export function outputWords(shape: readonly number[] | null): string {
  if (!shape) return t('explain.output.unknown');
  if (shape.length === 3)
    return t('explain.output.maps', {
      count: shape[2],
      number: n(shape[2]),
      height: shape[0],
      width: shape[1],
    });
  if (shape.length === 1) return t('explain.output.list', { number: n(shape[0]) });
  return shape.join(' × ');
}

function kindOf(layer: LayerInfo, isLast: boolean): LayerKind {
  switch (layer.type) {
    case 'Conv2D':
    case 'SeparableConv2D':
    case 'DepthwiseConv2D':
      return 'conv';
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return 'pool';
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D':
      return 'global-pool';
    case 'Flatten':
    case 'Reshape':
      return 'flatten';
    case 'Dense':
      return isLast ? 'output' : 'dense';
    default:
      if (DROPOUT_LAYERS.has(layer.type)) return 'dropout';
      if (NORM_LAYERS.has(layer.type)) return 'norm';
      if (ACTIVATION_LAYERS.has(layer.type)) return 'activation';
      return 'other';
  }
}

function activationWords(activation: string | undefined): string {
  switch (activation) {
    case 'relu':
      return t('explain.activation.relu');
    case 'softmax':
      return t('explain.activation.softmax');
    case undefined:
    case 'linear':
      return '';
    default:
      return t('explain.activation.other', { name: activation });
  }
}

export interface ExplainContext {
  /** Output labels in order (from the model card), to name the final scores. */
  labels?: readonly string[];
  /** Words for the labels, e.g. "angry", "disgusted"… */
  labelWord?: (label: string) => string;
}

export function describeLayer(
  layer: LayerInfo,
  isLast: boolean,
  ctx: ExplainContext = {},
): LayerWords {
  const kind = kindOf(layer, isLast);
  const out = layer.outputShape;
  const inp = layer.inputShape;
  const output = outputWords(out);
  const none = t('explain.noWeights');
  const learned = () => t('explain.learned', { total: n(layer.parameters) });
  switch (kind) {
    case 'conv': {
      const [kh, kw] = layer.kernel ?? [3, 3];
      const filters = out?.[2] ?? layer.filters ?? 0;
      const inMaps = inp?.[2] ?? 1;
      const size = { filters: n(filters), kh, kw };
      if (layer.type === 'DepthwiseConv2D') {
        const own = kh * kw + (layer.useBias === false ? 0 : 1);
        return {
          kind,
          title: t('explain.depthwise.title'),
          summary: t('explain.depthwise.summary', size),
          output,
          explanation: sentences(
            t('explain.depthwise.explanation', { maps: n(inMaps), kh, kw }),
            activationWords(layer.activation),
          ),
          weights:
            layer.parameters === filters * own
              ? t(
                  own > kh * kw
                    ? 'explain.depthwise.weightsWithOffset'
                    : 'explain.depthwise.weights',
                  {
                    ...size,
                    weights: n(kh * kw),
                    perFilter: n(own),
                    total: n(layer.parameters),
                  },
                )
              : learned(),
        };
      }
      const perFilter = kh * kw * inMaps;
      const bias = layer.useBias === false ? 0 : 1;
      const weights =
        layer.type === 'Conv2D' && layer.parameters === filters * (perFilter + bias)
          ? t(bias ? 'explain.conv.weightsWithOffset' : 'explain.conv.weights', {
              ...size,
              count: inMaps,
              maps: n(inMaps),
              weights: n(perFilter),
              perFilter: n(perFilter + bias),
              total: n(layer.parameters),
            })
          : learned();
      const [sh] = layer.strides ?? [1, 1];
      const jumps =
        sh > 1 && inp && out
          ? t('explain.conv.stride', {
              stride: sh,
              outHeight: out[0],
              outWidth: out[1],
              inHeight: inp[0],
              inWidth: inp[1],
            })
          : '';
      return {
        kind,
        title: t('explain.conv.title'),
        summary:
          sh > 1
            ? t('explain.conv.summaryStride', { ...size, stride: sh })
            : t('explain.conv.summary', size),
        output,
        explanation: sentences(
          inMaps === 1
            ? t('explain.conv.slidesOverPicture', size)
            : t('explain.conv.slidesOverMaps', { ...size, maps: n(inMaps) }),
          t(bias ? 'explain.conv.multipliesWithOffset' : 'explain.conv.multiplies'),
          jumps,
          inMaps === 1 ? t('explain.conv.firstLayer', { kh, kw }) : t('explain.conv.laterLayer'),
          activationWords(layer.activation),
        ),
        weights,
      };
    }
    case 'pool': {
      const [ph, pw] = layer.poolSize ?? [2, 2];
      const max = layer.type === 'MaxPooling2D';
      return {
        kind,
        title: t('explain.pool.title'),
        summary: t(max ? 'explain.pool.summaryMax' : 'explain.pool.summaryAverage', { ph, pw }),
        output,
        explanation: sentences(
          t(max ? 'explain.pool.keepsMax' : 'explain.pool.keepsAverage', { ph, pw }),
          inp && out
            ? t('explain.pool.shrinksFromTo', {
                inHeight: inp[0],
                inWidth: inp[1],
                outHeight: out[0],
                outWidth: out[1],
              })
            : t('explain.pool.shrinks'),
        ),
        weights: none,
      };
    }
    case 'global-pool': {
      const maps = inp?.[2] ?? out?.[0] ?? 0;
      const avg = layer.type === 'GlobalAveragePooling2D';
      return {
        kind,
        title: t('explain.globalPool.title'),
        summary: t(avg ? 'explain.globalPool.summaryAverage' : 'explain.globalPool.summaryMax'),
        output,
        explanation: t(
          avg ? 'explain.globalPool.explanationAverage' : 'explain.globalPool.explanationMax',
          { maps: n(maps) },
        ),
        weights: none,
      };
    }
    case 'flatten':
      return {
        kind,
        title: t('explain.flatten.title'),
        summary: t('explain.flatten.summary'),
        output,
        explanation: t('explain.flatten.explanation', {
          numbers: out ? n(out[0]) : t('explain.flatten.many'),
        }),
        weights: none,
      };
    case 'dropout': {
      const share = percent(layer.rate ?? 0);
      return {
        kind,
        title: t('explain.dropout.title'),
        summary: t('explain.dropout.summary', { percent: share }),
        output,
        explanation: t('explain.dropout.explanation', { percent: share }),
        weights: none,
      };
    }
    case 'dense':
    case 'output': {
      const units = out?.[out.length - 1] ?? layer.units ?? 0;
      const inputs = inp?.[inp.length - 1] ?? 0;
      const labels =
        ctx.labels && ctx.labels.length === units
          ? ctx.labels.map((l) => (ctx.labelWord ? ctx.labelWord(l) : l))
          : null;
      const bias = layer.useBias === false ? 0 : 1;
      const sizes = { units: n(units), inputs: n(inputs) };
      const weights =
        layer.parameters === units * (inputs + bias)
          ? t(bias ? 'explain.dense.weightsWithOffset' : 'explain.dense.weights', {
              ...sizes,
              perUnit: n(inputs + bias),
              total: n(layer.parameters),
            })
          : learned();
      if (kind === 'output') {
        return {
          kind,
          title: t('explain.scores.title'),
          summary: labels
            ? t('explain.scores.summaryPerEmotion', sizes)
            : t('explain.scores.summary', sizes),
          output: labels
            ? t('explain.scores.output', { ...sizes, labels: labels.join(', ') })
            : output,
          explanation: sentences(
            t(bias ? 'explain.scores.connectedWithOffset' : 'explain.scores.connected', sizes),
            labels ? t('explain.scores.rawScore') : '',
            activationWords(layer.activation),
          ),
          weights,
        };
      }
      return {
        kind,
        title: t('explain.dense.title'),
        summary: t('explain.dense.summary', sizes),
        output,
        explanation: sentences(
          t(bias ? 'explain.dense.explanationWithOffset' : 'explain.dense.explanation', sizes),
          activationWords(layer.activation),
        ),
        weights,
      };
    }
    case 'norm':
      return {
        kind,
        title: t('explain.norm.title'),
        summary: t('explain.norm.summary'),
        output,
        explanation: t('explain.norm.explanation'),
        weights: t('explain.norm.weights', { total: n(layer.parameters) }),
      };
    case 'activation':
      return {
        kind,
        title: t('explain.activation.title'),
        summary: layer.activation
          ? t('explain.activation.summaryNamed', { name: layer.activation })
          : t('explain.activation.summary'),
        output,
        explanation: sentences(
          t('explain.activation.explanation'),
          activationWords(layer.activation ?? (layer.type === 'ReLU' ? 'relu' : undefined)),
        ),
        weights: none,
      };
    default:
      return {
        kind,
        title: layer.type,
        summary: layer.type,
        output,
        explanation: t('explain.other.explanation', { type: layer.type }),
        weights: layer.parameters ? learned() : none,
      };
  }
}

/** The words for the input block, from the model's input shape. */
export function describeInput(arch: Architecture): LayerWords {
  const [height, width, channels] = arch.input;
  const grey = channels === 1;
  const size = { height, width, channels };
  return {
    kind: 'input',
    title: t('explain.input.title'),
    summary: t(grey ? 'explain.input.summaryGrey' : 'explain.input.summaryColour', size),
    output: t(grey ? 'explain.input.outputGrey' : 'explain.input.outputColour', size),
    explanation: t(grey ? 'explain.input.explanationGrey' : 'explain.input.explanationColour', {
      ...size,
      numbers: n(height * width * channels),
    }),
    weights: t('explain.input.weights'),
  };
}
