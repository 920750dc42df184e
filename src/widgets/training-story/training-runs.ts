/**
 * The training runs lesson 5 shows, read at build time from the files that describe them. Build-time
 * only (the Astro shell's frontmatter and the lesson's MDX): it bundles the JSON files.
 *  - the shipped recipe's hold-out run (public/models/emotion-cnn/history.json): the run that settled how
 *    to train, scored on held-out pictures after every epoch;
 *  - a run made to overfit on purpose (src/data/overfitting-demo-history.json, written by
 *    `npm run train:overfitting-demo`): few pictures and none of the tricks against memorising;
 *  - the model we ship, a final fit of the recipe on all of train/ (its model card's `training`), and
 *    how it does on the rarest emotion (src/data/dataset-stats.json and the card's test-set metrics).
 */
import recipeJson from '../../../public/models/emotion-cnn/history.json';
import demoJson from '../../data/overfitting-demo-history.json';
import statsJson from '../../data/dataset-stats.json';
import { card } from '../../lib/ml/shipped-model.ts';
import {
  analyseHistory,
  parseDatasetStats,
  parseFinalFit,
  parseTrainingRun,
  rarestEmotion,
  type FinalFit,
  type HistoryStory,
  type RareEmotion,
  type TrainingRun,
} from './story-data.ts';

export interface ChartedRun {
  /** Names the run in the page (data-run) and in element ids. */
  key: 'overfitting-demo' | 'recipe';
  run: TrainingRun;
  story: HistoryStory;
}

function charted(key: ChartedRun['key'], value: unknown): ChartedRun | null {
  const run = parseTrainingRun(value);
  const story = run && analyseHistory(run.history, run.bestEpoch);
  return run && story ? { key, run, story } : null;
}

export const overfittingDemo = charted('overfitting-demo', demoJson);
export const recipeRun = charted('recipe', recipeJson);
export const finalFit: FinalFit | null = parseFinalFit(card.training);

/** How many times the final fit nudged its weights: one nudge per batch, every epoch (training/train.py). */
export const finalFitNudges: number | null =
  finalFit && finalFit.settings.batch
    ? Math.ceil(finalFit.trainSize / finalFit.settings.batch) * finalFit.epochs
    : null;

const stats = parseDatasetStats(statsJson);
export const rarest: RareEmotion | null =
  card.metrics && stats.splits.train
    ? rarestEmotion(stats.splits.train, card.metrics, card.labels)
    : null;
