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

export function outputWords(shape: readonly number[] | null): string {
  if (!shape) return 'unknown size';
  if (shape.length === 3)
    return `${n(shape[2])} feature ${shape[2] === 1 ? 'map' : 'maps'}, each ${shape[0]} × ${shape[1]}`;
  if (shape.length === 1) return `a list of ${n(shape[0])} numbers`;
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
      return ' Then the zero-rule (an activation called ReLU) keeps every positive number and turns every negative one into zero.';
    case 'softmax':
      return ' A last step, softmax, turns the raw scores into shares that are all positive and add up to 100%: the confidence scores.';
    case undefined:
    case 'linear':
      return '';
    default:
      return ` Then an activation called ${activation} reshapes every number.`;
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
  const none = 'Nothing to learn here: no weights.';
  switch (kind) {
    case 'conv': {
      const [kh, kw] = layer.kernel ?? [3, 3];
      const filters = out?.[2] ?? layer.filters ?? 0;
      const inMaps = inp?.[2] ?? 1;
      if (layer.type === 'DepthwiseConv2D') {
        const own = kh * kw + (layer.useBias === false ? 0 : 1);
        return {
          kind,
          title: 'Filters, one per map (depthwise convolution)',
          summary: `${n(filters)} filters of ${kh} × ${kw}, one per map`,
          output,
          explanation:
            `Gives each of the ${n(inMaps)} feature maps its own small ${kh} × ${kw} filter, which looks at that map alone. ` +
            'A cheap step: the layer after it (filters of 1 × 1) then mixes the maps into new patterns. ' +
            'Together the two do the work of one ordinary filter layer with far fewer multiplications.' +
            activationWords(layer.activation),
          weights:
            layer.parameters === filters * own
              ? `Each of the ${n(filters)} filters holds ${kh} × ${kw} = ${n(kh * kw)} weights${own > kh * kw ? ' plus 1 added number, its offset' : ''}: ${n(filters)} × ${n(own)} = ${n(layer.parameters)} numbers learned in training.`
              : `${n(layer.parameters)} numbers learned in training.`,
        };
      }
      const perFilter = kh * kw * inMaps;
      const bias = layer.useBias === false ? 0 : 1;
      const weights =
        layer.type === 'Conv2D' && layer.parameters === filters * (perFilter + bias)
          ? `Each of the ${n(filters)} filters holds ${kh} × ${kw} × ${n(inMaps)} = ${n(perFilter)} weights (a ${kh} × ${kw} patch across all ${n(inMaps)} ${inMaps === 1 ? 'map' : 'maps'} coming in)${bias ? ' plus 1 added number, its offset' : ''}: ${n(filters)} × ${n(perFilter + bias)} = ${n(layer.parameters)} numbers learned in training.`
          : `${n(layer.parameters)} numbers learned in training.`;
      const [sh] = layer.strides ?? [1, 1];
      const jumps =
        sh > 1 && inp && out
          ? `It jumps ${sh} pixels at a time (a stride of ${sh}), so its maps are ${out[0]} × ${out[1]}, smaller than the ${inp[0]} × ${inp[1]} coming in. `
          : '';
      return {
        kind,
        title: 'Filters (convolution)',
        summary: `${n(filters)} filters of ${kh} × ${kw}${sh > 1 ? `, stride ${sh}` : ''}`,
        output,
        explanation:
          (inMaps === 1
            ? `Slides ${n(filters)} small filters, each ${kh} × ${kw} pixels, over the picture. `
            : `Slides ${n(filters)} small filters over the ${n(inMaps)} feature maps from the layer before; each covers a ${kh} × ${kw} patch of all of them at once. `) +
          `Each filter multiplies what is under it by its weights, adds them up${bias ? ' with its offset' : ''}, and draws a feature map of where its pattern is. ` +
          jumps +
          (inMaps === 1
            ? `Seeing only ${kh} × ${kw} pixels at a time, this first layer can only find small, simple things, such as changes from light to dark.`
            : 'Because it looks at maps, not pixels, it can find patterns of patterns.') +
          activationWords(layer.activation),
        weights,
      };
    }
    case 'pool': {
      const [ph, pw] = layer.poolSize ?? [2, 2];
      const max = layer.type === 'MaxPooling2D';
      return {
        kind,
        title: 'Pooling (zooming out)',
        summary: `keeps the ${max ? 'largest' : 'average'} of each ${ph} × ${pw} block`,
        output,
        explanation:
          `Looks at each ${ph} × ${pw} block of every feature map and keeps only ${max ? 'the largest number' : 'the average'}. ` +
          (inp && out
            ? `The maps shrink from ${inp[0]} × ${inp[1]} to ${out[0]} × ${out[1]}, `
            : 'The maps shrink, ') +
          'so the next layer has less work, a pattern that moves by a pixel gives much the same numbers, and each filter after it covers a bigger part of the face.',
        weights: none,
      };
    }
    case 'global-pool': {
      const maps = inp?.[2] ?? out?.[0] ?? 0;
      const avg = layer.type === 'GlobalAveragePooling2D';
      return {
        kind,
        title: 'Summing up each map',
        summary: `${avg ? 'averages' : 'takes the largest of'} each whole map`,
        output,
        explanation:
          `Turns each of the ${n(maps)} feature maps into one number: ${avg ? 'the average' : 'the largest value'} of the whole map. ` +
          `Each number now says how strongly one pattern showed up ${avg ? 'over the whole face' : 'somewhere in the face'}; where it showed up no longer counts.`,
        weights: none,
      };
    }
    case 'flatten':
      return {
        kind,
        title: 'Laying out as a list',
        summary: 'lays the maps out in one row',
        output,
        explanation: `Lays all the numbers of the feature maps out as one long list of ${out ? n(out[0]) : 'many'} numbers, so the next layer can look at all of them at once.`,
        weights: none,
      };
    case 'dropout': {
      const pct = Math.round((layer.rate ?? 0) * 100);
      return {
        kind,
        title: 'Dropout (training only)',
        summary: `switches off ${pct}% at random while training`,
        output,
        explanation:
          `While the network trains, dropout switches off (sets to 0) a random ${pct}% of the numbers each time and scales up the rest to make up for it, so the network cannot lean on any single one. ` +
          'The hope is that it learns patterns that hold up better on new faces. In the finished model, in your browser, it lets everything through unchanged.',
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
      const weights =
        layer.parameters === units * (inputs + bias)
          ? `Each of the ${n(units)} outputs has one weight for each of the ${n(inputs)} numbers coming in${bias ? ', plus an offset' : ''}: ${n(units)} × ${n(inputs + bias)} = ${n(layer.parameters)} numbers learned in training.`
          : `${n(layer.parameters)} numbers learned in training.`;
      if (kind === 'output') {
        return {
          kind,
          title: 'The scores',
          summary: labels ? `one score per emotion (${n(units)})` : `${n(units)} scores`,
          output: labels ? `${n(units)} scores: ${labels.join(', ')}` : output,
          explanation:
            `Every one of the ${n(inputs)} numbers is connected to each of the ${n(units)} outputs through its own weight; each output adds up its inputs times their weights${bias ? ', plus its offset' : ''}. ` +
            (labels ? `Each output is the raw score for one emotion.` : '') +
            activationWords(layer.activation),
          weights,
        };
      }
      return {
        kind,
        title: 'Fully connected layer',
        summary: `${n(units)} neurons, each connected to everything`,
        output,
        explanation:
          `Each of its ${n(units)} outputs (sometimes called neurons) looks at all ${n(inputs)} numbers coming in, multiplies each by its own weight and adds them up${bias ? ', with its offset' : ''}.` +
          activationWords(layer.activation),
        weights,
      };
    }
    case 'norm':
      return {
        kind,
        title: 'Rescaling (normalisation)',
        summary: 'keeps the numbers in a steady range',
        output,
        explanation:
          'Rescales the numbers so they stay in a steady range from layer to layer. This usually makes training quicker and steadier.',
        weights: `${n(layer.parameters)} numbers: a scale and a shift per map, learned or measured during training.`,
      };
    case 'activation':
      return {
        kind,
        title: 'Activation',
        summary: layer.activation
          ? `the ${layer.activation} rule`
          : 'a simple rule for every number',
        output,
        explanation: `Applies one simple rule to every number.${activationWords(layer.activation ?? (layer.type === 'ReLU' ? 'relu' : undefined))}`,
        weights: none,
      };
    default:
      return {
        kind,
        title: layer.type,
        summary: layer.type,
        output,
        explanation: `A ${layer.type} layer.`,
        weights: layer.parameters ? `${n(layer.parameters)} numbers learned in training.` : none,
      };
  }
}

/** The words for the input block, from the model's input shape. */
export function describeInput(arch: Architecture): LayerWords {
  const [h, w, c] = arch.input;
  return {
    kind: 'input',
    title: 'The input: your face',
    summary: `${h} × ${w} ${c === 1 ? 'grey' : 'colour'} pixels`,
    output: c === 1 ? `1 picture, ${h} × ${w}` : `${c} colour channels, each ${h} × ${w}`,
    explanation:
      `The face, cropped and shrunk to ${h} × ${w} pixels${c === 1 ? ' and turned grey' : ''}. ` +
      `That is ${n(h * w * c)} numbers, one for the brightness of each pixel${c === 1 ? '' : ' in each colour'}. Everything after this is worked out from these numbers.`,
    weights: 'Nothing to learn here: this is the data itself.',
  };
}
