import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { comparisonRows, leaderSentence, median, rowsWith, speedTargets, valueOf } from '../../src/widgets/model-comparison/comparison.ts';
import { bytes, duration, emotionWord, modelTitle, parsePeers, parseReported, parseZoo } from '../../src/widgets/model-comparison/zoo-data.ts';

const fixture = () => JSON.parse(readFileSync('tests/fixtures/zoo.json', 'utf8'));
const reported = () => parseReported(JSON.parse(readFileSync('src/data/reported-figures.json', 'utf8')));

const peersFile = {
  split: 'validation',
  images: 3589,
  labels: ['angry', 'sad'],
  machine: { cpu: 'Test CPU', cores: 2 },
  backend: { name: 'wasm' },
  notes: ['a note'],
  models: [
    { id: 'ours', name: 'Ours (emotion-cnn)', accuracy: 0.6, accuracy4: 0.8, weightBytes: 1000, parameters: 10, msPerFaceBatch1: 0.5, confusion: [[1, 0], [0, 1]], perClass: {} },
    { id: 'face-api', name: 'face-api.js FaceExpressionNet', accuracy: 0.5, accuracy4: 0.7, weightBytes: 300000, parameters: 90000, msPerFaceBatch1: 2, confusion: [[1, 1], [1, 1]], perClass: { a: {}, b: {} } },
  ],
};

describe('parseZoo', () => {
  it('reads the fixture, ours first, with labels from the per-class table', () => {
    const zoo = parseZoo(fixture())!;
    expect(zoo.split).toBe('validation');
    expect(zoo.models[0].shipped).toBe(true);
    expect(zoo.models).toHaveLength(5);
    const m = zoo.models[0].metrics!;
    expect(m.labels).toEqual(['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise']);
    expect(m.confusion.flat().reduce((a, b) => a + b)).toBe(m.images);
  });

  it('keeps what it can from a partial file and drops what is broken', () => {
    const zoo = parseZoo(JSON.parse(readFileSync('tests/fixtures/zoo-partial.json', 'utf8')))!;
    expect(zoo.models.map((m) => m.name)).toEqual(['emotion-cnn', 'capstone-cnn']);
    expect(zoo.models[0].history).toEqual([]);
    expect(zoo.models[1].metrics).toBeUndefined();
    expect(zoo.models[1].modelUrl).toBeNull();
    expect(parseZoo(null)).toBeNull();
    expect(parseZoo({ models: [] })).toBeNull();
    expect(parseZoo({ models: [{ name: 'x', metrics: { accuracy: 0.5, confusion: [[1, 2]], perClass: {} } }] })!.models[0].metrics).toBeUndefined();
    expect(parseZoo({ models: [{ name: 'x', modelUrl: 'https://elsewhere.example/m.json' }] })!.models[0].modelUrl).toBeNull();
  });

  it('reads a final fit and the hold-out run it repeats, and ignores a broken one', () => {
    const finalFit = { trainSize: 28709, selectedRun: 'emotion-cnn-holdout' };
    expect(parseZoo({ models: [{ name: 'x', finalFit }] })!.models[0].finalFit).toEqual(finalFit);
    expect(parseZoo({ models: [{ name: 'x', finalFit: null }] })!.models[0].finalFit).toBeUndefined();
    expect(parseZoo({ models: [{ name: 'x', finalFit: { trainSize: '28709' } }] })!.models[0].finalFit).toBeUndefined();
  });
});

describe('comparison rows', () => {
  it('puts ours first, then the zoo, the peers and the reported figure last, each marked', () => {
    const rows = comparisonRows(parseZoo(fixture()), parsePeers(peersFile), reported());
    expect(rows[0]).toMatchObject({ id: 'emotion-cnn', kind: 'zoo', shipped: true, msPerFaceNode: 0.5 });
    expect(rows.filter((r) => r.id === 'emotion-cnn')).toHaveLength(1);
    expect(rows.find((r) => r.kind === 'peer')).toMatchObject({ id: 'peer-face-api', accuracy: 0.5 });
    const rep = rows.at(-1)!;
    expect(rep.kind).toBe('reported');
    expect(rep.reportedLabel).toBe('reported, 128-image test set');
    expect(rep.accuracy4).toBe(0.87);
    expect(rep.accuracy).toBeUndefined();
    expect(rowsWith(rows, 'accuracy').some((r) => r.kind === 'reported')).toBe(false);
    expect(rowsWith(rows, 'accuracy4').some((r) => r.kind === 'reported')).toBe(true);
  });

  it('without a zoo, shows our model from the peer table and the reported figure', () => {
    const rows = comparisonRows(null, parsePeers(peersFile), reported());
    expect(rows.map((r) => r.id)).toEqual(['emotion-cnn', 'peer-face-api', 'reported-capstone-final-cnn']);
    expect(rows[0].title).toBe(modelTitle('emotion-cnn'));
    expect(comparisonRows(null, null, [])).toEqual([]);
  });

  it('names the leader of a metric from measured rows only', () => {
    const rows = comparisonRows(parseZoo(fixture()), null, reported());
    expect(leaderSentence(rows, 'accuracy4')).toMatch(/^Our model: most accurate on the 4 emotions/);
    const speeds = new Map([['emotion-cnn', 3], ['capstone-cnn', 1.5]]);
    expect(valueOf(rows[0], 'speed', speeds)).toBe(3);
    expect(leaderSentence(rows, 'speed', speeds)).toBe('Capstone’s final CNN, retrained here: fastest on your device (1.50 ms).');
    expect(leaderSentence([], 'speed')).toBeNull();
  });

  it('times every zoo model that has a file, or our shipped one when there is no zoo', () => {
    expect(speedTargets(parseZoo(fixture())).map((t) => t.id)).toEqual(['emotion-cnn', 'simple-cnn-rgb', 'simple-cnn-gray', 'capstone-cnn', 'transfer-facemesh']);
    expect(speedTargets(null)).toEqual([{ id: 'emotion-cnn', title: 'Our model', modelUrl: '/models/emotion-cnn/model.json', input: undefined }]);
  });
});

describe('peers, reported figures and formatting', () => {
  it('reads peers.json forgivingly', () => {
    const p = parsePeers(peersFile)!;
    expect(p.machine).toBe('Test CPU, 2 cores');
    expect(p.models[0].metrics?.confusion).toEqual([[1, 0], [0, 1]]);
    expect(p.models[0].metrics?.labels).toEqual(['angry', 'sad']);
    expect(p.models[1].metrics?.labels).toEqual(['a', 'b']);
    expect(parsePeers({})).toBeNull();
  });

  it('only accepts complete reported figures', () => {
    expect(reported()).toHaveLength(1);
    expect(parseReported({ figures: [{ id: 'x', model: 'y', metric: 'accuracy', value: 0.9 }] })).toEqual([]);
  });

  it('formats sizes, times, medians and words', () => {
    expect(bytes(925582)).toBe('904 KB');
    expect(bytes(4854812)).toBe('4.6 MB');
    expect(duration(45)).toBe('45 s');
    expect(duration(1479)).toBe('25 min');
    expect(duration(6000)).toBe('1 h 40 min');
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(emotionWord('surprise')).toBe('surprised');
    expect(modelTitle('transfer-facemesh')).toBe('Transfer learning (FaceMesh + new last layers)');
    expect(modelTitle('mystery')).toBe('mystery');
  });
});
