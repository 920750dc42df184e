import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gapCouldBeChance, median, wilsonInterval } from '../../lib/stats.ts';
import {
  accuracyCell,
  accuracyInterval,
  chartBars,
  comparisonRows,
  leaderSentence,
  rowsWith,
  speedTargets,
  valueOf,
  type ComparisonRow,
} from './comparison.ts';
import {
  fourEmotionImages,
  modelTitle,
  parsePeers,
  parseReported,
  parseZoo,
  splitText,
  trainingCosts,
} from '../../lib/zoo/zoo-data.ts';
import { bytes, duration, emotionWord } from '../../lib/format.ts';

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const fixture = () => readJson('tests/fixtures/zoo.json');
const reported = () => parseReported(readJson('src/data/reported-figures.json'));

const peersFile = {
  split: 'validation',
  images: 3589,
  labels: ['angry', 'sad'],
  machine: { cpu: 'Test CPU', cores: 2 },
  backend: { name: 'wasm' },
  notes: ['a note'],
  models: [
    {
      id: 'ours',
      name: 'Ours (emotion-cnn)',
      accuracy: 0.6,
      accuracy4: 0.8,
      weightBytes: 1000,
      parameters: 10,
      msPerFaceBatch1: 0.5,
      confusion: [
        [1, 0],
        [0, 1],
      ],
      per_class: {},
    },
    {
      id: 'face-api',
      name: 'face-api.js FaceExpressionNet',
      accuracy: 0.5,
      accuracy4: 0.7,
      weightBytes: 300000,
      parameters: 90000,
      msPerFaceBatch1: 2,
      confusion: [
        [1, 1],
        [1, 1],
      ],
      per_class: { a: {}, b: {} },
    },
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
    expect(
      parseZoo({
        models: [{ name: 'x', metrics: { accuracy: 0.5, confusion: [[1, 2]], per_class: {} } }],
      })!.models[0].metrics,
    ).toBeUndefined();
    expect(
      parseZoo({ models: [{ name: 'x', modelUrl: 'https://elsewhere.example/m.json' }] })!.models[0]
        .modelUrl,
    ).toBeNull();
  });

  it('reads a final fit and the hold-out run it repeats, and ignores a broken one', () => {
    const finalFit = { trainSize: 28709, selectedRun: 'emotion-cnn-holdout' };
    expect(parseZoo({ models: [{ name: 'x', finalFit }] })!.models[0].finalFit).toEqual(finalFit);
    expect(
      parseZoo({ models: [{ name: 'x', finalFit: null }] })!.models[0].finalFit,
    ).toBeUndefined();
    expect(
      parseZoo({ models: [{ name: 'x', finalFit: { trainSize: '28709' } }] })!.models[0].finalFit,
    ).toBeUndefined();
  });
});

describe('comparison rows', () => {
  it('puts ours first, then the zoo, the peers and the reported figure last, each marked', () => {
    const rows = comparisonRows(parseZoo(fixture()), parsePeers(peersFile), reported());
    expect(rows[0]).toMatchObject({
      id: 'emotion-cnn',
      kind: 'zoo',
      shipped: true,
      msPerFaceNode: 0.5,
    });
    expect(rows.filter((r) => r.id === 'emotion-cnn')).toHaveLength(1);
    expect(rows.find((r) => r.kind === 'peer')).toMatchObject({
      id: 'peer-face-api',
      accuracy: 0.5,
    });
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
    expect(rows.map((r) => r.id)).toEqual([
      'emotion-cnn',
      'peer-face-api',
      'reported-capstone-final-cnn',
    ]);
    expect(rows[0].title).toBe(modelTitle('emotion-cnn'));
    expect(comparisonRows(null, null, [])).toEqual([]);
  });

  it('names the leader of a metric from measured rows only', () => {
    const rows = comparisonRows(parseZoo(fixture()), null, reported());
    expect(leaderSentence(rows, 'accuracy4')).toMatch(
      /^Our model: most accurate on the 4 emotions/,
    );
    const speeds = new Map([
      ['emotion-cnn', 3],
      ['capstone-cnn', 1.5],
    ]);
    expect(valueOf(rows[0], 'speed', speeds)).toBe(3);
    expect(leaderSentence(rows, 'speed', speeds)).toBe(
      'Capstone’s final CNN, retrained here: fastest on your device (1.50 ms).',
    );
    expect(leaderSentence([], 'speed')).toBeNull();
    // Two figures that read the same share the lead.
    const level = new Map([
      ['emotion-cnn', 1.501],
      ['capstone-cnn', 1.504],
    ]);
    expect(leaderSentence(rows, 'speed', level)).toBe(
      'Our model and Capstone’s final CNN, retrained here: fastest on your device, level (1.50 ms).',
    );
  });

  it('times every zoo model that has a file, or our shipped one when there is no zoo', () => {
    expect(speedTargets(parseZoo(fixture())).map((t) => t.id)).toEqual([
      'emotion-cnn',
      'simple-cnn-rgb',
      'simple-cnn-gray',
      'capstone-cnn',
      'transfer-facemesh',
    ]);
    expect(speedTargets(null)).toEqual([
      {
        id: 'emotion-cnn',
        title: 'Our model',
        modelUrl: '/models/emotion-cnn/model.json',
        input: undefined,
      },
    ]);
  });
});

describe('peers, reported figures and formatting', () => {
  it('reads peers.json forgivingly', () => {
    const p = parsePeers(peersFile)!;
    expect(p.machine).toBe('Test CPU, 2 cores');
    expect(p.backend).toBe('wasm');
    expect(parsePeers({ ...peersFile, backend: 'webgl' })!.backend).toBe('webgl');
    expect(p.models[0].metrics?.confusion).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(p.models[0].metrics?.labels).toEqual(['angry', 'sad']);
    expect(p.models[1].metrics?.labels).toEqual(['a', 'b']);
    expect(parsePeers({})).toBeNull();
  });

  it('only accepts complete reported figures', () => {
    expect(reported()).toHaveLength(1);
    expect(
      parseReported({ figures: [{ id: 'x', model: 'y', metric: 'accuracy', value: 0.9 }] }),
    ).toEqual([]);
  });

  it('formats sizes, times, medians and words', () => {
    expect(bytes(925582)).toBe('926 KB');
    expect(bytes(4854812)).toBe('4.9 MB');
    expect(duration(45)).toBe('45 s');
    expect(duration(1479)).toBe('25 min');
    expect(duration(6000)).toBe('1 h 40 min');
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(emotionWord('surprise')).toBe('surprised');
    expect(modelTitle('transfer-facemesh')).toBe('Transfer learning (FaceMesh + new last layers)');
    expect(modelTitle('mystery')).toBe('mystery');
  });

  it('never calls the grey network fed three copies a colour one', () => {
    expect(modelTitle('simple-cnn-rgb')).not.toMatch(/colou?r|rgb/i);
    expect(modelTitle('simple-cnn-rgb')).toMatch(/grey/);
  });

  it('names our test split as readers know it, never as "validation"', () => {
    expect(splitText('validation', 3589)).toBe('test set (FER2013 PublicTest, 3,589 faces)');
    expect(splitText('validation')).not.toMatch(/validation/);
    expect(splitText('holdout', 12)).toBe('holdout, 12 faces');
  });

  it('reads processor time and threads from the model cards', () => {
    expect(
      trainingCosts([
        { name: 'a', training: { cpu_seconds: 100, threads: 1 } },
        { name: 'b', training: { cpu_seconds: null, train_seconds: 50 } },
        { name: 'c' },
        null,
      ]),
    ).toEqual({ a: { cpuSeconds: 100, threads: 1 } });
  });
});

describe('95% intervals on the committed figures', () => {
  const zoo = parseZoo(
    readJson('src/data/zoo.json'),
    readJson('src/data/dataset-stats.json').labels,
  )!;
  const peers = parsePeers(readJson('src/data/peers.json'))!;
  const cards = [
    readJson('public/models/emotion-cnn/model-card.json'),
    ...readdirSync('public/models/zoo').map((d) =>
      readJson(`public/models/zoo/${d}/model-card.json`),
    ),
  ];
  const rows = comparisonRows(zoo, peers, reported(), trainingCosts(cards));
  const accuracyRows = rows.filter((r) => r.accuracy !== undefined);
  const ours = rows.find((r) => r.shipped)!;

  it('counts each accuracy’s faces: every accuracy is a whole number of them', () => {
    for (const r of rows.filter((x) => x.kind !== 'reported')) {
      expect(r.images, r.id).toBe(3589);
      // accuracy4 is measured on the faces of the four emotions only (src/lib/ml/metrics.ts subsetAccuracy).
      const m =
        zoo.models.find((z) => z.name === r.id)?.metrics ??
        peers.models.find((p) => `peer-${p.id}` === r.id)?.metrics;
      expect(r.images4, r.id).toBe(fourEmotionImages(m));
      for (const [value, n] of [
        [r.accuracy!, r.images!],
        [r.accuracy4!, r.images4!],
      ]) {
        expect(Math.abs(value * n - Math.round(value * n)), r.id).toBeLessThan(1e-6);
      }
    }
    expect(ours.images4).toBe(
      ['happy', 'sad', 'neutral', 'surprise'].reduce(
        (sum, l) => sum + zoo.models[0].metrics!.per_class[l].support,
        0,
      ),
    );
  });

  it('draws each accuracy bar’s interval as the Wilson interval of its value on its face count', () => {
    for (const metric of ['accuracy', 'accuracy4'] as const) {
      const shown = rowsWith(rows, metric);
      const { bars } = chartBars(shown, metric);
      expect(bars).toHaveLength(shown.length);
      for (const [i, bar] of bars.entries()) {
        const r: ComparisonRow = shown[i];
        const n = metric === 'accuracy' ? r.images! : r.images4!;
        const expected = wilsonInterval(r[metric]!, n);
        expect(bar.interval, r.id).toMatchObject(expected);
        expect(bar.interval!.low).toBeLessThan(bar.value);
        expect(bar.interval!.high).toBeGreaterThan(bar.value);
        expect(bar.interval!.text).toBe(
          `${(expected.low * 100).toFixed(1)}–${(expected.high * 100).toFixed(1)}%`,
        );
      }
    }
  });

  it('gives the seed deck’s figure on 128 pictures its wide interval, about 4 times ours', () => {
    const deck = rows.find((r) => r.kind === 'reported')!;
    expect(deck.images4).toBe(128);
    const theirs = accuracyInterval(deck, 'accuracy4')!;
    const oursRange = accuracyInterval(ours, 'accuracy4')!;
    // About ±6 points on 128 pictures, about ±1.5 on our thousands.
    expect(deck.accuracy4! - theirs.low).toBeGreaterThan(0.06);
    expect(theirs.high - theirs.low).toBeGreaterThan(0.1);
    expect(oursRange.high - oursRange.low).toBeLessThan(0.04);
    expect((theirs.high - theirs.low) / (oursRange.high - oursRange.low)).toBeGreaterThan(3);
    const all7 = accuracyInterval(ours, 'accuracy')!;
    expect((all7.high - all7.low) / 2).toBeCloseTo(0.015, 2);
  });

  it('writes the interval in the table and leaves non-accuracy bars without one', () => {
    expect(accuracyCell(ours, 'accuracy')).toMatch(/^\d+\.\d% \(\d+\.\d–\d+\.\d%\)$/);
    expect(
      chartBars(rowsWith(rows, 'weightBytes'), 'weightBytes').bars.every(
        (b) => b.interval === undefined,
      ),
    ).toBe(true);
    expect(
      accuracyRows.every((r) => accuracyInterval(r, 'accuracy') || r.kind === 'reported'),
    ).toBe(true);
  });

  it('names our test set once for the 4 emotions, with its face count', () => {
    const { testedOn } = chartBars(rowsWith(rows, 'accuracy4'), 'accuracy4');
    expect(testedOn).toBe(
      `${ours.images4!.toLocaleString('en-GB')} faces of these 4 emotions in the test set (FER2013 PublicTest, 3,589 faces)`,
    );
  });

  it('times training in processor time from the cards, where they record it', () => {
    expect(ours.trainCpuSeconds).toBe(
      readJson('public/models/emotion-cnn/model-card.json').training.cpu_seconds,
    );
    expect(rows.find((r) => r.id === 'transfer-facemesh')?.trainCpuSeconds).toBeUndefined();
  });
});

describe('leader sentence: a lead that could be chance is called so', () => {
  const row = (id: string, accuracy: number, images = 1000): ComparisonRow => ({
    id,
    title: id,
    kind: 'zoo',
    shipped: false,
    accuracy,
    images,
  });

  it('tests the gap against the uncertainty of both figures', () => {
    // 70% vs 67% on 1,000 faces each: the gap's standard error is about 2.1 points, so 3 points could be chance.
    expect(gapCouldBeChance(0.7, 1000, 0.67, 1000)).toBe(true);
    expect(gapCouldBeChance(0.7, 1000, 0.64, 1000)).toBe(false);
    // On 128 faces even a 5-point gap could be chance.
    expect(gapCouldBeChance(0.87, 128, 0.82, 2570)).toBe(true);
  });

  it('names the rivals the leader may not truly beat', () => {
    expect(leaderSentence([row('A', 0.7), row('B', 0.69), row('C', 0.5)], 'accuracy')).toBe(
      'A: most accurate on all 7 emotions (70.0%). Its lead over B is small enough to be chance.',
    );
    expect(leaderSentence([row('A', 0.7), row('B', 0.5)], 'accuracy')).toBe(
      'A: most accurate on all 7 emotions (70.0%). Its lead over every other model is bigger than chance alone would likely give.',
    );
    expect(leaderSentence([row('A', 0.7), row('B', 0.69), row('C', 0.695)], 'accuracy')).toMatch(
      /lead over B and C is small enough to be chance\.$/,
    );
  });
});
