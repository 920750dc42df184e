import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  analyseHistory,
  classBalance,
  parseDatasetStats,
  parseFinalFit,
  parseTrainingRun,
  rarestEmotion,
} from './story-data.ts';
import { parseZoo, shippedModel, type HistoryEntry } from '../../lib/zoo/zoo-data.ts';

const row = (
  epoch: number,
  train_loss: number,
  holdout_loss: number,
  holdout_accuracy: number,
  train_accuracy = 0.5,
): HistoryEntry => ({
  epoch,
  train_loss,
  train_accuracy,
  holdout_loss,
  holdout_accuracy,
});

describe('analyseHistory', () => {
  it('finds where the hold-out loss stops improving and the kept epoch', () => {
    const story = analyseHistory([
      row(3, 1.2, 1.25, 0.5),
      row(1, 1.8, 1.7, 0.3),
      row(2, 1.5, 1.3, 0.45),
      row(4, 1.0, 1.22, 0.55, 0.7),
      row(5, 0.8, 1.3, 0.54),
      row(6, 0.6, 1.4, 0.53),
    ]);
    expect(story!.history.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(story!.lowestHoldoutLossEpoch).toBe(4);
    expect(story!.overfittingFrom).toBe(5);
    expect(story!.bestEpoch).toBe(4);
    expect(story!.gapAtBest).toBeCloseTo(0.15);
    expect(story!.lastEpoch).toBe(6);
    expect(story!.riseAfterLowest).toBeCloseTo((1.4 - 1.22) / 1.22);
    expect(story!.clearOverfitting).toBe(true);
  });

  it('ignores a one-epoch bump: only the lowest point counts', () => {
    const story = analyseHistory([
      row(1, 2, 1.6, 0.3),
      row(2, 1.8, 1.7, 0.3),
      row(3, 1.6, 1.4, 0.4),
      row(4, 1.5, 1.35, 0.42),
    ]);
    expect(story!.lowestHoldoutLossEpoch).toBe(4);
    expect(story!.overfittingFrom).toBeNull();
  });

  it('calls a tiny rise after the lowest point "no longer improving", not overfitting', () => {
    const story = analyseHistory([
      row(1, 2, 1.6, 0.3),
      row(2, 1.8, 1.0, 0.4),
      row(3, 1.6, 1.01, 0.42),
      row(4, 1.5, 1.005, 0.42),
    ])!;
    expect(story.lowestHoldoutLossEpoch).toBe(2);
    expect(story.overfittingFrom).toBe(3);
    expect(story.riseAfterLowest).toBeCloseTo(0.01);
    expect(story.clearOverfitting).toBe(false);
    expect(analyseHistory(story.history, undefined, 0.005)!.clearOverfitting).toBe(true);
  });

  it('uses the card’s best epoch when it is in the history, else the best hold-out accuracy', () => {
    const h = [row(1, 2, 1.6, 0.3), row(2, 1.8, 1.5, 0.4), row(3, 1.6, 1.55, 0.35)];
    expect(analyseHistory(h, 3)!.bestEpoch).toBe(3);
    expect(analyseHistory(h, 99)!.bestEpoch).toBe(2);
    expect(analyseHistory([])).toBeNull();
  });

  it('reads the history of the shipped model in the zoo fixture', () => {
    const zoo = parseZoo(JSON.parse(readFileSync('tests/fixtures/zoo.json', 'utf8')));
    const ours = shippedModel(zoo)!;
    const story = analyseHistory(ours.history, ours.bestEpoch)!;
    expect(story.bestEpoch).toBe(ours.bestEpoch);
    expect(story.lastEpoch).toBe(ours.epochs);
  });
});

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('the committed training runs', () => {
  it('the overfitting demo: its held-out loss turns up and climbs clearly, while the training loss keeps falling', () => {
    const raw = readJson('src/data/overfitting-demo-history.json');
    const run = parseTrainingRun(raw)!;
    expect(run.history).toHaveLength(raw.history.length);
    expect(run.trainSize).toBe(raw.train_size);
    expect(run.holdoutSize).toBe(raw.holdout_size);
    expect(run.settings).toMatchObject({
      dropout: 0,
      weightDecay: 0,
      labelSmoothing: 0,
      augmentStrength: 0,
    });
    const story = analyseHistory(run.history, run.bestEpoch)!;
    const losses = raw.history.map((e: { holdout_loss: number }) => e.holdout_loss);
    expect(story.lowestHoldoutLossEpoch).toBe(
      raw.history[losses.indexOf(Math.min(...losses))].epoch,
    );
    expect(story.lowestHoldoutLossEpoch).toBeLessThan(story.lastEpoch);
    expect(story.clearOverfitting).toBe(true);
    const lowest = run.history.find((e) => e.epoch === story.lowestHoldoutLossEpoch)!;
    const last = run.history[run.history.length - 1];
    expect(last.holdout_loss).toBeGreaterThan(lowest.holdout_loss);
    expect(last.train_loss).toBeLessThan(lowest.train_loss);
    // Made on this machine's checkout: no absolute path to it.
    expect(JSON.stringify(raw)).not.toMatch(/"\/(work|home|Users)\//);
  });

  it('the shipped recipe’s hold-out run shows no clear turn, and the shipped model is a final fit keeping its last epoch', () => {
    const run = parseTrainingRun(readJson('public/models/emotion-cnn/history.json'))!;
    const story = analyseHistory(run.history, run.bestEpoch)!;
    expect(story.clearOverfitting).toBe(false);
    const card = readJson('public/models/emotion-cnn/model-card.json');
    const fit = parseFinalFit(card.training)!;
    expect(fit.trainSize).toBe(run.trainSize + run.holdoutSize);
    expect(fit.keptEpoch).toBe(fit.epochs);
    expect(fit.settings.classWeightPower).toBe(card.training.config.class_weight_power);
  });

  it('reads no run without a hold-out, and no final fit that held pictures out', () => {
    expect(
      parseTrainingRun({ history: [row(1, 1, 1, 0.5)], train_size: 10, holdout_size: 0 }),
    ).toBeNull();
    expect(parseTrainingRun(null)).toBeNull();
    expect(parseFinalFit({ train_size: 10, epochs: 5, best_epoch: 4, holdout_size: 2 })).toBeNull();
  });
});

describe('the rarest emotion', () => {
  it('finds it, its recall, whether it is the lowest and its commonest wrong answer', () => {
    const labels = ['a', 'b', 'c'];
    const metrics = {
      per_class: {
        a: { recall: 0.8, support: 10 },
        b: { recall: 0.4, support: 5 },
        c: { recall: 0.5, support: 10 },
      },
      confusion: [
        [8, 0, 2],
        [2, 2, 1],
        [5, 0, 5],
      ],
    };
    expect(rarestEmotion({ a: 50, b: 5, c: 40 }, metrics, labels)).toEqual({
      label: 'b',
      trainCount: 5,
      trainShare: 5 / 95,
      testFaces: 5,
      recall: 0.4,
      lowestRecall: true,
      commonestMistake: { label: 'a', count: 2 },
      misses: 3,
    });
  });

  it('on the real data and model card', () => {
    const stats = parseDatasetStats(readJson('src/data/dataset-stats.json'));
    const card = readJson('public/models/emotion-cnn/model-card.json');
    const rare = rarestEmotion(stats.splits.train, card.metrics, card.labels)!;
    expect(rare.trainCount).toBe(Math.min(...Object.values(stats.splits.train)));
    expect(rare.recall).toBe(card.metrics.per_class[rare.label].recall);
    expect(rare.misses + Math.round(rare.recall * rare.testFaces)).toBe(rare.testFaces);
  });
});

describe('class balance', () => {
  it('sorts classes by count and says how lopsided they are', () => {
    const b = classBalance('train', { angry: 40, disgust: 4, happy: 70 }, [
      'angry',
      'disgust',
      'happy',
    ])!;
    expect(b.rows.map((r) => r.label)).toEqual(['happy', 'angry', 'disgust']);
    expect(b.total).toBe(114);
    expect(b.ratio).toBeCloseTo(17.5);
    expect(b.smallest.label).toBe('disgust');
    expect(b.rows[0].share).toBeCloseTo(70 / 114);
    expect(classBalance('x', {})).toBeNull();
  });

  it('reads the real dataset statistics', () => {
    const stats = parseDatasetStats(
      JSON.parse(readFileSync('src/data/dataset-stats.json', 'utf8')),
    );
    expect(stats.labels.length).toBeGreaterThan(1);
    const train = classBalance('train', stats.splits.train, stats.labels)!;
    expect(train.total).toBe(Object.values(stats.splits.train).reduce((a, b) => a + b, 0));
    expect(train.ratio).toBeGreaterThan(1);
    for (const label of stats.labels) expect(stats.averageFaces[label]).toMatch(/^\/.+\.png$/);
  });

  it('survives a broken statistics file', () => {
    expect(parseDatasetStats(null)).toEqual({
      dataset: undefined,
      labels: [],
      splits: {},
      splitNotes: {},
      averageFaces: {},
    });
    expect(parseDatasetStats({ splits: { train: { a: 'x', b: 3 } } }).splits.train).toEqual({
      b: 3,
    });
  });
});
