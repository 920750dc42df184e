/**
 * Reading a confusion matrix in words: row percentages, what one cell says, a short summary of the
 * biggest strengths and mix-ups, and the grid's arrow-key moves. Pure functions, no DOM
 * (matrix.test.ts).
 *
 * confusion[t][p] = how many test faces of true emotion t the model called p.
 */
import { count, percent } from '../../lib/format.ts';
import { matrixText } from './text.ts';

export type Mode = 'counts' | 'percent';

export function rowTotals(confusion: readonly (readonly number[])[]): number[] {
  return confusion.map((row) => row.reduce((a, b) => a + b, 0));
}

/** Each cell as a share (0–1) of its row: "of the angry faces, this share was called …". */
export function rowShares(confusion: readonly (readonly number[])[]): number[][] {
  const totals = rowTotals(confusion);
  return confusion.map((row, t) => row.map((c) => (totals[t] ? c / totals[t] : 0)));
}

/**
 * One cell in words, e.g. "Of 467 angry faces, 120 (26%) were called sad."
 * `word` turns a label into the adjective used in the sentence.
 */
export function cellSentence(
  confusion: readonly (readonly number[])[],
  labels: readonly string[],
  t: number,
  p: number,
  word: (label: string) => string = (l) => l,
): string {
  const total = confusion[t].reduce((a, b) => a + b, 0);
  const c = confusion[t][p];
  const share = total ? c / total : 0;
  const truth = word(labels[t]);
  const guess = word(labels[p]);
  if (total === 0) return matrixText('cellNoFaces', { truth });
  const vars = {
    total: count(total),
    truth,
    faces: matrixText('faces', { count: total }),
    called: count(c),
    share: percent(share),
    guess,
  };
  return t === p
    ? matrixText('cellCorrect', vars)
    : matrixText('cellCalled', { ...vars, count: c });
}

export interface MatrixSummary {
  total: number;
  correct: number;
  accuracy: number;
  /** Emotion recognised best (highest share of its row on the diagonal), and how many faces it has. */
  best: { label: string; share: number; faces: number };
  worst: { label: string; share: number; faces: number };
  /** The largest off-diagonal share of a row, and how many faces that row has. */
  topMixUp: { truth: string; guess: string; count: number; share: number; faces: number } | null;
}

export function summarise(
  confusion: readonly (readonly number[])[],
  labels: readonly string[],
): MatrixSummary {
  const shares = rowShares(confusion);
  const totals = rowTotals(confusion);
  const total = totals.reduce((a, b) => a + b, 0);
  const correct = confusion.reduce((s, row, i) => s + row[i], 0);
  let best = -1;
  let worst = -1;
  let mix: MatrixSummary['topMixUp'] = null;
  shares.forEach((row, t) => {
    if (!totals[t]) return;
    if (best < 0 || row[t] > shares[best][best]) best = t;
    if (worst < 0 || row[t] < shares[worst][worst]) worst = t;
    row.forEach((s, p) => {
      if (p !== t && confusion[t][p] > 0 && (!mix || s > mix.share))
        mix = {
          truth: labels[t],
          guess: labels[p],
          count: confusion[t][p],
          share: s,
          faces: totals[t],
        };
    });
  });
  return {
    total,
    correct,
    accuracy: total ? correct / total : 0,
    best: {
      label: labels[Math.max(best, 0)],
      share: best >= 0 ? shares[best][best] : 0,
      faces: best >= 0 ? totals[best] : 0,
    },
    worst: {
      label: labels[Math.max(worst, 0)],
      share: worst >= 0 ? shares[worst][worst] : 0,
      faces: worst >= 0 ? totals[worst] : 0,
    },
    topMixUp: mix,
  };
}

/** Where focus goes in an n × n grid for a key, or null if the key is not a grid key. */
export function moveInGrid(
  key: string,
  row: number,
  col: number,
  n: number,
  ctrl = false,
): [number, number] | null {
  const clamp = (v: number) => Math.min(n - 1, Math.max(0, v));
  switch (key) {
    case 'ArrowUp':
      return [clamp(row - 1), col];
    case 'ArrowDown':
      return [clamp(row + 1), col];
    case 'ArrowLeft':
      return [row, clamp(col - 1)];
    case 'ArrowRight':
      return [row, clamp(col + 1)];
    case 'Home':
      return ctrl ? [0, 0] : [row, 0];
    case 'End':
      return ctrl ? [n - 1, n - 1] : [row, n - 1];
    case 'PageUp':
      return [0, col];
    case 'PageDown':
      return [n - 1, col];
    default:
      return null;
  }
}
