/**
 * Shapes the training story's figures: a training run's per-epoch history (the history.json that
 * training/train.py writes), the shipped model's final fit (its model card) and the data set's class
 * counts (src/data/dataset-stats.json). Pure functions, no DOM; the Astro shell and lesson 5 use them
 * at build time (through ./training-runs.ts), the charts in the browser, and
 * story-data.test.ts checks them.
 */
import { accuracyWithInterval, percent } from '../../lib/format.ts';
import type { HistoryEntry } from '../../lib/zoo/zoo-data.ts';
import { storyText } from './text.ts';

/** The settings of a run that the lesson talks about (training/train.py's config; null = not recorded). */
export interface RunSettings {
  /** 0 = no turns, zooms, shifts or hidden patches (see augment-math.ts for what stays on). */
  augmentStrength: number | null;
  /** null: the architecture's own dropout rate. */
  dropout: number | null;
  weightDecay: number | null;
  labelSmoothing: number | null;
  /** 0 = every picture counts the same; above 0, rarer emotions count more. */
  classWeightPower: number | null;
  /** Pictures per nudge. */
  batch: number | null;
}

export interface TrainingRun {
  history: HistoryEntry[];
  /** Pictures it learned from and pictures held out (both from FER2013's train/). */
  trainSize: number;
  holdoutSize: number;
  /** The epoch with the best held-out accuracy, where train.py saved best.pt. */
  bestEpoch?: number;
  settings: RunSettings;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const numOrNull = (v: unknown): number | null => (isNum(v) ? v : null);

/** Reads the settings out of train.py's config (the history's `config`, or the model card's `training.config`). */
export function parseRunSettings(config: unknown): RunSettings {
  const c = isObj(config) ? config : {};
  return {
    augmentStrength: numOrNull(c.augment_strength),
    dropout: numOrNull(c.dropout),
    weightDecay: numOrNull(c.weight_decay),
    labelSmoothing: numOrNull(c.label_smoothing),
    classWeightPower: numOrNull(c.class_weight_power),
    batch: numOrNull(c.batch),
  };
}

/** A history.json written by training/train.py, or null when it has no hold-out history to chart. */
export function parseTrainingRun(value: unknown): TrainingRun | null {
  if (
    !isObj(value) ||
    !Array.isArray(value.history) ||
    !isNum(value.train_size) ||
    !isNum(value.holdout_size)
  )
    return null;
  const keys = [
    'epoch',
    'train_loss',
    'train_accuracy',
    'holdout_loss',
    'holdout_accuracy',
  ] as const;
  const history = value.history
    .filter((e): e is Record<string, number> => isObj(e) && keys.every((k) => isNum(e[k])))
    .map((e) => Object.fromEntries(keys.map((k) => [k, e[k]])) as unknown as HistoryEntry)
    .sort((a, b) => a.epoch - b.epoch);
  if (history.length === 0 || value.holdout_size === 0) return null;
  return {
    history,
    trainSize: value.train_size,
    holdoutSize: value.holdout_size,
    bestEpoch: isNum(value.best_epoch) ? value.best_epoch : undefined,
    settings: parseRunSettings(value.config),
  };
}

/** The model we ship: trained on all of train/ with nothing held out, keeping its last epoch. */
export interface FinalFit {
  trainSize: number;
  epochs: number;
  /** The epoch shipped: the last one. */
  keptEpoch: number;
  settings: RunSettings;
}

/** The final fit, from the model card's `training` (null when the shipped model is not one). */
export function parseFinalFit(training: unknown): FinalFit | null {
  if (
    !isObj(training) ||
    !isNum(training.train_size) ||
    !isNum(training.epochs) ||
    !isNum(training.best_epoch)
  )
    return null;
  if (training.holdout_size !== 0) return null;
  return {
    trainSize: training.train_size,
    epochs: training.epochs,
    keptEpoch: training.best_epoch,
    settings: parseRunSettings(training.config),
  };
}

/**
 * The epoch slider's readout, in the same words on the server (TrainingStory.astro) and in the browser
 * (charts.ts): the four figures of one epoch, the held-out accuracy with its 95% interval.
 */
export function epochReadout(
  e: HistoryEntry,
  lowestHoldoutLossEpoch: number,
  holdoutSize: number,
): string {
  return storyText(e.epoch === lowestHoldoutLossEpoch ? 'epochReadoutLowest' : 'epochReadout', {
    epoch: e.epoch,
    trainLoss: e.train_loss.toFixed(2),
    holdoutLoss: e.holdout_loss.toFixed(2),
    trainAccuracy: percent(e.train_accuracy),
    holdoutAccuracy: accuracyWithInterval(e.holdout_accuracy, holdoutSize, 0),
  });
}

export interface HistoryStory {
  /** The per-epoch rows, in epoch order. */
  history: HistoryEntry[];
  lastEpoch: number;
  /** The epoch the training kept (the card's best epoch, picked by hold-out accuracy). */
  bestEpoch: number;
  /** Where the hold-out loss was lowest: after it, it never gets lower again. */
  lowestHoldoutLossEpoch: number;
  /**
   * First epoch after the lowest hold-out loss, when that is not the last epoch: from here the
   * network keeps improving on its training pictures but no longer on the held-out ones. Null when
   * the hold-out loss was still at its lowest in the last epoch (no overfitting seen in this run).
   */
  overfittingFrom: number | null;
  /** How far the held-out loss climbed after its lowest point, as a share of that lowest value. */
  riseAfterLowest: number;
  /**
   * True when that climb is big enough to call overfitting plainly (at least `clearRise`, 3% by
   * default); a smaller wobble after the lowest point is only "no longer improving".
   */
  clearOverfitting: boolean;
  /** Accuracy on the training pictures minus accuracy on the held-out ones, at the kept epoch. */
  gapAtBest: number;
}

/** Reads the story out of a training history; null when there is nothing to tell. */
export function analyseHistory(
  raw: readonly HistoryEntry[],
  bestEpoch?: number,
  clearRise = 0.03,
): HistoryStory | null {
  const history = [...raw].sort((a, b) => a.epoch - b.epoch);
  if (history.length === 0) return null;
  let lowest = history[0];
  for (const e of history) if (e.holdout_loss < lowest.holdout_loss) lowest = e;
  let bestAcc = history[0];
  for (const e of history) if (e.holdout_accuracy > bestAcc.holdout_accuracy) bestAcc = e;
  const best =
    bestEpoch !== undefined && history.some((e) => e.epoch === bestEpoch)
      ? bestEpoch
      : bestAcc.epoch;
  const last = history[history.length - 1];
  const bestRow = history.find((e) => e.epoch === best)!;
  const after = history.find((e) => e.epoch > lowest.epoch);
  const peak = Math.max(
    lowest.holdout_loss,
    ...history.filter((e) => e.epoch > lowest.epoch).map((e) => e.holdout_loss),
  );
  const riseAfterLowest =
    lowest.holdout_loss > 0 ? (peak - lowest.holdout_loss) / lowest.holdout_loss : 0;
  return {
    history,
    lastEpoch: last.epoch,
    bestEpoch: best,
    lowestHoldoutLossEpoch: lowest.epoch,
    overfittingFrom: after ? after.epoch : null,
    riseAfterLowest,
    clearOverfitting: after !== undefined && riseAfterLowest >= clearRise,
    gapAtBest: bestRow.train_accuracy - bestRow.holdout_accuracy,
  };
}

export interface ClassCount {
  label: string;
  count: number;
  /** Share of the split, 0–1. */
  share: number;
}

export interface ClassBalance {
  split: string;
  total: number;
  /** Largest first. */
  rows: ClassCount[];
  largest: ClassCount;
  smallest: ClassCount;
  /** How many times more pictures the largest class has than the smallest. */
  ratio: number;
}

export function classBalance(
  split: string,
  counts: Record<string, number>,
  labelOrder?: readonly string[],
): ClassBalance | null {
  const labels = labelOrder?.filter((l) => l in counts) ?? Object.keys(counts);
  const valid = labels.filter((l) => Number.isFinite(counts[l]) && counts[l] >= 0);
  if (valid.length === 0) return null;
  const total = valid.reduce((s, l) => s + counts[l], 0);
  const rows = valid
    .map((label) => ({ label, count: counts[label], share: total ? counts[label] / total : 0 }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  const largest = rows[0];
  const smallest = rows[rows.length - 1];
  return {
    split,
    total,
    rows,
    largest,
    smallest,
    ratio: smallest.count ? largest.count / smallest.count : Infinity,
  };
}

/** How the rarest emotion in the training pictures fares on the test set. */
export interface RareEmotion {
  label: string;
  trainCount: number;
  /** Its share of all training pictures, 0–1. */
  trainShare: number;
  testFaces: number;
  /** Share of its test faces the model calls by its name. */
  recall: number;
  /** True when no other emotion has a lower recall. */
  lowestRecall: boolean;
  /** The wrong answer the model gives most often for it, and how often, of `misses`. */
  commonestMistake: { label: string; count: number } | null;
  misses: number;
}

/**
 * The emotion with the fewest training pictures and its test-set figures, from the training counts
 * and the model card's metrics (per-class recall and the confusion matrix, rows = true label).
 */
export function rarestEmotion(
  trainCounts: Record<string, number>,
  metrics: {
    per_class: Record<string, { recall: number; support: number }>;
    confusion: number[][];
  },
  labels: readonly string[],
): RareEmotion | null {
  const balance = classBalance('train', trainCounts, labels);
  const label = balance?.smallest.label;
  const own = label ? metrics.per_class[label] : undefined;
  if (!balance || !label || !own) return null;
  const row = metrics.confusion[labels.indexOf(label)] ?? [];
  const wrong = row
    .map((n, i) => ({ label: labels[i], count: n }))
    .filter((c) => c.label !== label);
  const misses = wrong.reduce((a, c) => a + c.count, 0);
  const top = wrong.sort((a, b) => b.count - a.count)[0];
  return {
    label,
    trainCount: balance.smallest.count,
    trainShare: balance.smallest.share,
    testFaces: own.support,
    recall: own.recall,
    lowestRecall: Object.values(metrics.per_class).every((m) => m.recall >= own.recall),
    commonestMistake: top && top.count > 0 ? top : null,
    misses,
  };
}

export interface DatasetStats {
  dataset?: string;
  labels: string[];
  splits: Record<string, Record<string, number>>;
  splitNotes: Record<string, string>;
  averageFaces: Record<string, string>;
}

/** dataset-stats.json, forgiving: missing parts become empty. */
export function parseDatasetStats(value: unknown): DatasetStats {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const obj = (x: unknown) =>
    typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : {};
  const splits: Record<string, Record<string, number>> = {};
  for (const [name, counts] of Object.entries(obj(v.splits))) {
    const c: Record<string, number> = {};
    for (const [label, n] of Object.entries(obj(counts)))
      if (typeof n === 'number' && Number.isFinite(n)) c[label] = n;
    splits[name] = c;
  }
  const strings = (x: unknown) =>
    Object.fromEntries(
      Object.entries(obj(x)).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  return {
    dataset: typeof v.dataset === 'string' ? v.dataset : undefined,
    labels: Array.isArray(v.labels)
      ? v.labels.filter((l): l is string => typeof l === 'string')
      : [],
    splits,
    splitNotes: strings(v.splitNotes),
    averageFaces: strings(v.averageFaces),
  };
}
