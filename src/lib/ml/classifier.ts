/**
 * Our emotion CNN in TF.js. One call per frame: every tensor it makes is
 * released inside tf.tidy before it returns.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelCard } from './model-card.ts';

export interface FeatureMap {
  layer: string;
  width: number;
  height: number;
  channels: number;
  /** HWC order: value of channel c at (x, y) is data[(y * width + x) * channels + c] */
  data: Float32Array;
}

export interface LayerSummary {
  name: string;
  type: string;
  outputShape: (number | null)[];
  parameters: number;
}

export class EmotionClassifier {
  readonly card: ModelCard;
  readonly model: tf.LayersModel;
  private featureModel: tf.LayersModel | null = null;

  private constructor(model: tf.LayersModel, card: ModelCard) {
    this.model = model;
    this.card = card;
  }

  /** `source` is the URL of model.json, or an IOHandler (Node reads files through one). */
  static async load(
    source: string | tf.io.IOHandler,
    card: ModelCard,
    onProgress?: (fraction: number) => void,
  ): Promise<EmotionClassifier> {
    const model = await tf.loadLayersModel(source, { onProgress });
    const [, height, width, channels] = model.inputs[0].shape;
    const { input, labels } = card;
    if (height !== input.height || width !== input.width || channels !== input.channels) {
      model.dispose();
      throw new Error(
        `Model input ${width}×${height}×${channels} does not match its card (${input.width}×${input.height}×${input.channels})`,
      );
    }
    const classes = model.outputs[0].shape[1];
    if (classes !== labels.length) {
      model.dispose();
      throw new Error(`Model has ${classes} outputs but its card lists ${labels.length} labels`);
    }
    const classifier = new EmotionClassifier(model, card);
    classifier.predict([new Float32Array(input.width * input.height * input.channels)]); // warm-up compiles kernels
    return classifier;
  }

  private inputTensor(inputs: Float32Array[]): tf.Tensor4D {
    const { width, height, channels } = this.card.input;
    const size = width * height * channels;
    const batch = new Float32Array(inputs.length * size);
    inputs.forEach((values, i) => batch.set(values, i * size));
    return tf.tensor4d(batch, [inputs.length, height, width, channels]);
  }

  /** Probabilities per input, in the card's label order (averaged with the mirrored face when the card says so). */
  predict(inputs: Float32Array[]): number[][] {
    if (inputs.length === 0) return [];
    const flat = tf.tidy(() => {
      const batch = this.inputTensor(inputs);
      if (!this.card.test_time_mirror) return (this.model.predict(batch) as tf.Tensor).dataSync();
      // Faces and their mirror images in one call: each layer's fixed cost is paid once.
      const both = this.model.predict(tf.concat([batch, tf.reverse(batch, 2)])) as tf.Tensor;
      const [scores, mirrored] = tf.split(both, 2);
      return tf.add(scores!, mirrored!).div(2).dataSync();
    });
    const n = this.card.labels.length;
    return inputs.map((_, i) => Array.from(flat.subarray(i * n, (i + 1) * n)));
  }

  /** Names of the convolution layers, input to output. */
  get convLayers(): string[] {
    return this.model.layers
      .filter((layer) => layer.getClassName() === 'Conv2D')
      .map((layer) => layer.name);
  }

  /** Every convolution layer's activations for one input, plus its probabilities. */
  featureMaps(input: Float32Array): { scores: number[]; maps: FeatureMap[] } {
    if (!this.featureModel) {
      const outputs = this.convLayers.map(
        (name) => this.model.getLayer(name).output as tf.SymbolicTensor,
      );
      this.featureModel = tf.model({
        inputs: this.model.inputs,
        outputs: [...outputs, this.model.outputs[0]],
      });
    }
    const featureModel = this.featureModel;
    // Read inside tidy but not returned from it: tidy walks every element of what it returns (tf's
    // getTensorsInContainer), which for these arrays (about 80,000 numbers) costs more than the model.
    const values: { shape: number[]; data: Float32Array }[] = [];
    tf.tidy(() => {
      const results = featureModel.predict(this.inputTensor([input])) as tf.Tensor[];
      for (const tensor of results)
        values.push({ shape: tensor.shape, data: tensor.dataSync() as Float32Array });
    });
    const direct = Array.from(values.pop()!.data);
    const scores = this.card.test_time_mirror ? this.predict([input])[0] : direct;
    const maps = values.map(({ shape, data }, i) => ({
      layer: this.convLayers[i],
      height: shape[1]!,
      width: shape[2]!,
      channels: shape[3]!,
      data,
    }));
    return { scores, maps };
  }

  /** Layer types, output shapes and parameter counts, read from the loaded model. */
  summary(): LayerSummary[] {
    return this.model.layers.map((layer) => ({
      name: layer.name,
      type: layer.getClassName(),
      outputShape: layer.outputShape as (number | null)[],
      parameters: layer.countParams(),
    }));
  }

  dispose(): void {
    this.model.dispose();
    this.featureModel = null;
  }
}
