import { describe, expect, it } from 'vitest';
import { accuracy, confusionMatrix, perClassMetrics, subsetAccuracy } from './metrics.ts';

describe('metrics', () => {
  // truth:     0 0 0 1 1 2
  // predicted: 0 0 1 1 2 2
  const truth = [0, 0, 0, 1, 1, 2];
  const predicted = [0, 0, 1, 1, 2, 2];

  it('counts a confusion matrix as [true][predicted]', () => {
    expect(confusionMatrix(truth, predicted, 3)).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
  });

  it('derives accuracy, precision, recall and F1', () => {
    const confusion = confusionMatrix(truth, predicted, 3);
    expect(accuracy(confusion)).toBeCloseTo(4 / 6);
    const perClass = perClassMetrics(confusion, ['a', 'b', 'c']);
    expect(perClass.a).toEqual({ precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
    expect(perClass.b.precision).toBeCloseTo(0.5);
    expect(perClass.b.recall).toBeCloseTo(0.5);
    expect(perClass.c.precision).toBeCloseTo(0.5);
    expect(perClass.c.f1).toBeCloseTo(2 / 3);
  });

  it('scores a subset by the argmax over the subset only', () => {
    const scores = [
      [0.1, 0.6, 0.3], // true 0, best in {0,2} is 2: wrong
      [0.5, 0.1, 0.4], // true 0: right
      [0.9, 0.05, 0.05], // true 1: not in subset, ignored
      [0.2, 0.7, 0.1], // true 2, best in {0,2} is 0: wrong
    ];
    expect(subsetAccuracy([0, 0, 1, 2], scores, [0, 2])).toBeCloseTo(1 / 3);
  });

  it('rejects mismatched lengths', () => {
    expect(() => confusionMatrix([0], [0, 1], 2)).toThrow(/differ in length/);
  });
});
