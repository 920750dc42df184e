/**
 * The shipped emotion model's facts (./model-facts.ts), read at build time from the same files the
 * browser downloads. Lessons import this instead of typing the numbers in:
 *
 *   import { model } from '../../lib/ml/shipped-model.ts';
 *   … its {numberWord(model.convolutions)} convolution layers …
 *
 * Build-time only: do not import it from a widget's browser code (it bundles model.json). `modelJson`
 * is the file itself, for a page that shows its layers (the transfer lab's diagram).
 */
import modelJson from '../../../public/models/emotion-cnn/model.json';
import cardJson from '../../../public/models/emotion-cnn/model-card.json';
import { modelFacts } from './model-facts.ts';
import { validateModelCard } from './validate-model-card.ts';

export const card = validateModelCard(cardJson, 'public/models/emotion-cnn/model-card.json');
export const model = modelFacts(modelJson, card);
export { modelJson };
export { numberWord, roughly } from './model-facts.ts';
