/**
 * Shapes the training story's figures: the shipped model's per-epoch history (from the zoo) and the
 * data set's class counts (src/data/dataset-stats.json). Pure functions, no DOM; the Astro shell uses
 * them at build time, the charts in the browser, and tests/unit/training-story.test.ts checks them.
 */
import type { HistoryEntry } from '../model-comparison/zoo-data.ts';

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
export function analyseHistory(raw: readonly HistoryEntry[], bestEpoch?: number, clearRise = 0.03): HistoryStory | null {
  const history = [...raw].sort((a, b) => a.epoch - b.epoch);
  if (history.length === 0) return null;
  let lowest = history[0];
  for (const e of history) if (e.holdout_loss < lowest.holdout_loss) lowest = e;
  let bestAcc = history[0];
  for (const e of history) if (e.holdout_accuracy > bestAcc.holdout_accuracy) bestAcc = e;
  const best = bestEpoch !== undefined && history.some((e) => e.epoch === bestEpoch) ? bestEpoch : bestAcc.epoch;
  const last = history[history.length - 1];
  const bestRow = history.find((e) => e.epoch === best)!;
  const after = history.find((e) => e.epoch > lowest.epoch);
  const peak = Math.max(lowest.holdout_loss, ...history.filter((e) => e.epoch > lowest.epoch).map((e) => e.holdout_loss));
  const riseAfterLowest = lowest.holdout_loss > 0 ? (peak - lowest.holdout_loss) / lowest.holdout_loss : 0;
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

export function classBalance(split: string, counts: Record<string, number>, labelOrder?: readonly string[]): ClassBalance | null {
  const labels = labelOrder?.filter((l) => l in counts) ?? Object.keys(counts);
  const valid = labels.filter((l) => Number.isFinite(counts[l]) && counts[l] >= 0);
  if (valid.length === 0) return null;
  const total = valid.reduce((s, l) => s + counts[l], 0);
  const rows = valid
    .map((label) => ({ label, count: counts[label], share: total ? counts[label] / total : 0 }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  const largest = rows[0];
  const smallest = rows[rows.length - 1];
  return { split, total, rows, largest, smallest, ratio: smallest.count ? largest.count / smallest.count : Infinity };
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
  const obj = (x: unknown) => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : {});
  const splits: Record<string, Record<string, number>> = {};
  for (const [name, counts] of Object.entries(obj(v.splits))) {
    const c: Record<string, number> = {};
    for (const [label, n] of Object.entries(obj(counts))) if (typeof n === 'number' && Number.isFinite(n)) c[label] = n;
    splits[name] = c;
  }
  const strings = (x: unknown) => Object.fromEntries(Object.entries(obj(x)).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return {
    dataset: typeof v.dataset === 'string' ? v.dataset : undefined,
    labels: Array.isArray(v.labels) ? v.labels.filter((l): l is string => typeof l === 'string') : [],
    splits,
    splitNotes: strings(v.splitNotes),
    averageFaces: strings(v.averageFaces),
  };
}
