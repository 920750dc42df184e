/** Classification metrics computed from true and predicted label indices. */
import type { ClassMetrics } from './model-card.ts';

/** confusion[t][p] = how many images of true class t were predicted as p. */
export function confusionMatrix(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): number[][] {
  if (truth.length !== predicted.length) throw new Error('truth and predictions differ in length');
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) matrix[truth[i]][predicted[i]]++;
  return matrix;
}

export function accuracy(confusion: number[][]): number {
  let correct = 0;
  let total = 0;
  confusion.forEach((row, t) =>
    row.forEach((count, p) => {
      total += count;
      if (t === p) correct += count;
    }),
  );
  return total ? correct / total : 0;
}

export function perClassMetrics(
  confusion: number[][],
  labels: string[],
): Record<string, ClassMetrics> {
  const result: Record<string, ClassMetrics> = {};
  labels.forEach((label, c) => {
    const truePositives = confusion[c][c];
    const support = confusion[c].reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((sum, row) => sum + row[c], 0);
    const precision = predicted ? truePositives / predicted : 0;
    const recall = support ? truePositives / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    result[label] = { precision, recall, f1, support };
  });
  return result;
}

/**
 * Accuracy on images whose true class is in `subset`, predicting the argmax over
 * the subset's scores only (how a 4-class model would answer).
 */
export function subsetAccuracy(
  truth: ArrayLike<number>,
  scores: ArrayLike<number>[],
  subset: number[],
): number {
  let correct = 0;
  let total = 0;
  for (let i = 0; i < truth.length; i++) {
    if (!subset.includes(truth[i])) continue;
    let best = subset[0];
    for (const c of subset) if (scores[i][c] > scores[i][best]) best = c;
    total++;
    if (best === truth[i]) correct++;
  }
  return total ? correct / total : 0;
}
