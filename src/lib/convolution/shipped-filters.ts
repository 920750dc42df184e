/**
 * The shipped model's first-layer filters, read at build time from the files the browser downloads
 * (public/models/emotion-cnn/model.json and its weights), for lesson 4's gallery and text:
 *
 *   import { firstLayer, filterCounts } from '../../lib/convolution/shipped-filters.ts';
 *
 * Build-time only (it reads the disk): never import it from a widget's browser code.
 */
import { join } from 'node:path';
import { readModelJson, readWeightBytes } from '../ml/node-io.ts';
import {
  canRespond,
  firstLayerFilters,
  sumsToAboutZero,
  type FirstLayer,
} from './model-filters.ts';

const MODEL_DIR = join('public', 'models', 'emotion-cnn');

function readFirstLayer(): FirstLayer {
  return firstLayerFilters(readModelJson(MODEL_DIR), readWeightBytes(MODEL_DIR));
}

export const firstLayer = readFirstLayer();

/** How many of the first layer's filters are of each kind the lesson names. */
export const filterCounts = {
  all: firstLayer.filters.length,
  /** Numbers that add up to about 0: like Sobel's, they answer changes in brightness, not brightness. */
  balanced: firstLayer.filters.filter(sumsToAboutZero).length,
  /** Can never give more than 0 after ReLU, whatever the picture: they pass nothing on. */
  silent: firstLayer.filters.filter((f) => !canRespond(f)).length,
};
