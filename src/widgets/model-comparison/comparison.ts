/**
 * The rows the comparison charts and table show: our zoo (measured on the same test split), the peer
 * models (measured by scripts/compare-peers.ts on the same split), and figures reported by others
 * (never measured by us, always labelled as such). Every accuracy keeps the number of faces it was
 * measured on, so its 95% interval can be drawn and written beside it. Pure functions, no DOM
 * (comparison.test.ts).
 */
import { bytes, count, duration, intervalText, percent } from '../../lib/format.ts';
import { MODEL_CARD_PATH } from '../../lib/ml/model-card.ts';
import type { BarDatum } from '../_kit/bar-chart.ts';
import { gapCouldBeChance, wilsonInterval } from '../../lib/stats.ts';
import { comparisonText } from './text.ts';
import {
  fourEmotionImages,
  modelTitle,
  splitText,
  type Peers,
  type ReportedFigure,
  type TrainingCost,
  type Zoo,
  type ZooInput,
  type ZooMetrics,
} from '../../lib/zoo/zoo-data.ts';

export type RowKind = 'zoo' | 'peer' | 'reported';

export interface ComparisonRow {
  id: string;
  title: string;
  kind: RowKind;
  shipped: boolean;
  accuracy?: number;
  accuracy4?: number;
  /** How many faces `accuracy` was measured on (the n of its interval). */
  images?: number;
  /** How many faces of the four emotions `accuracy4` was measured on. */
  images4?: number;
  weightBytes?: number;
  parameters?: number;
  /** Processor time spent training, as the model's card records it. */
  trainCpuSeconds?: number;
  /** Trained on one thread while another run shared the computer (the card's threads = 1). */
  sharedComputer?: boolean;
  /** Measured by compare-peers.ts in Node (not on the reader's device). */
  msPerFaceNode?: number;
  /** Where the accuracy was measured, e.g. "test set (FER2013 PublicTest, 3,589 faces)". */
  measuredOn?: string;
  /** For reported figures: the label that must sit beside the bar. */
  reportedLabel?: string;
  note?: string;
}

export type Metric =
  'accuracy' | 'accuracy4' | 'weightBytes' | 'parameters' | 'trainCpuSeconds' | 'speed';
export type AccuracyMetric = 'accuracy' | 'accuracy4';

export interface MetricInfo {
  id: Metric;
  label: string;
  /** Axis / column title. */
  axis: string;
  /** Which end is better, for the sentence under the chart. */
  better: 'higher' | 'lower';
  format: (v: number) => string;
}

export const METRICS: MetricInfo[] = [
  {
    id: 'accuracy',
    label: comparisonText('metric.accuracy.label'),
    axis: comparisonText('metric.accuracy.axis'),
    better: 'higher',
    format: (v) => percent(v, 1),
  },
  {
    id: 'accuracy4',
    label: comparisonText('metric.accuracy4.label'),
    axis: comparisonText('metric.accuracy4.axis'),
    better: 'higher',
    format: (v) => percent(v, 1),
  },
  {
    id: 'weightBytes',
    label: comparisonText('metric.weightBytes.label'),
    axis: comparisonText('metric.weightBytes.axis'),
    better: 'lower',
    format: bytes,
  },
  {
    id: 'parameters',
    label: comparisonText('metric.parameters.label'),
    axis: comparisonText('metric.parameters.axis'),
    better: 'lower',
    format: count,
  },
  {
    id: 'trainCpuSeconds',
    label: comparisonText('metric.trainCpuSeconds.label'),
    axis: comparisonText('metric.trainCpuSeconds.axis'),
    better: 'lower',
    format: duration,
  },
  {
    id: 'speed',
    label: comparisonText('metric.speed.label'),
    axis: comparisonText('metric.speed.axis'),
    better: 'lower',
    format: (v) => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`,
  },
];

export function isAccuracy(metric: Metric): metric is AccuracyMetric {
  return metric === 'accuracy' || metric === 'accuracy4';
}

export function metricInfo(id: Metric): MetricInfo {
  return METRICS.find((m) => m.id === id)!;
}

export function comparisonRows(
  zoo: Zoo | null,
  peers: Peers | null,
  reported: readonly ReportedFigure[],
  costs: Readonly<Record<string, TrainingCost>> = {},
): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  for (const m of zoo?.models ?? []) {
    const cost = costs[m.name];
    rows.push({
      id: m.name,
      title: modelTitle(m.name),
      kind: 'zoo',
      shipped: m.shipped,
      accuracy: m.metrics?.accuracy,
      accuracy4: m.metrics?.accuracy4,
      images: m.metrics?.images,
      images4: fourEmotionImages(m.metrics),
      weightBytes: m.weightBytes,
      parameters: m.parameters,
      trainCpuSeconds: cost?.cpuSeconds,
      sharedComputer: cost?.threads === 1 ? true : undefined,
      measuredOn: m.metrics ? splitText(m.metrics.split, m.metrics.images) : undefined,
    });
  }
  const peerImages = (p: Peers['models'][number]) => ({
    images: peers?.images ?? p.metrics?.images,
    images4: fourEmotionImages(p.metrics),
  });
  for (const p of peers?.models ?? []) {
    const ours = p.id === 'ours';
    const shippedRow = rows.find((r) => r.shipped);
    if (ours && shippedRow) {
      // The same model: its Node timing is new; its accuracy only fills a gap in the zoo.
      shippedRow.msPerFaceNode = p.msPerFaceBatch1;
      if (shippedRow.accuracy === undefined && p.accuracy !== undefined) {
        Object.assign(shippedRow, {
          accuracy: p.accuracy,
          accuracy4: p.accuracy4,
          ...peerImages(p),
          measuredOn: peers ? splitText(peers.split, peers.images) : undefined,
        });
      }
      shippedRow.weightBytes ??= p.weightBytes;
      shippedRow.parameters ??= p.parameters;
      continue;
    }
    rows.push({
      id: ours ? 'emotion-cnn' : `peer-${p.id}`,
      title: ours ? modelTitle('emotion-cnn') : p.name,
      kind: ours ? 'zoo' : 'peer',
      shipped: ours,
      accuracy: p.accuracy,
      accuracy4: p.accuracy4,
      ...peerImages(p),
      weightBytes: p.weightBytes,
      parameters: p.parameters,
      msPerFaceNode: p.msPerFaceBatch1,
      measuredOn: peers ? splitText(peers.split, peers.images) : undefined,
      note: ours ? undefined : comparisonText('row.peerNote'),
    });
  }
  rows.sort((a, b) => Number(b.shipped) - Number(a.shipped));
  for (const f of reported) {
    rows.push({
      id: `reported-${f.id}`,
      title: f.title,
      kind: 'reported',
      shipped: false,
      [f.metric]: f.value,
      [f.metric === 'accuracy' ? 'images' : 'images4']: f.testImages,
      measuredOn: f.testSet,
      reportedLabel: f.label,
      note: f.note,
    });
  }
  return rows;
}

/** Under a bar: another project's model, and where it was tested when the chart does not say. */
function barNote(peer: boolean, testSet: string | undefined): string | undefined {
  if (testSet) return comparisonText(peer ? 'bar.peerTestedOn' : 'bar.testedOn', { testSet });
  return peer ? comparisonText('bar.peer') : undefined;
}

/** How many faces a row's accuracy was measured on: the n of its interval. */
export function accuracyImages(row: ComparisonRow, metric: AccuracyMetric): number | undefined {
  return metric === 'accuracy' ? row.images : row.images4;
}

/** A row's accuracy for a metric and the number of faces it was measured on, when it has both. */
function measuredAccuracy(
  row: ComparisonRow,
  metric: Metric,
): { value: number; n: number } | undefined {
  if (!isAccuracy(metric)) return undefined;
  const value = row[metric];
  const n = accuracyImages(row, metric);
  return value !== undefined && n ? { value, n } : undefined;
}

/** The 95% Wilson interval of a row's accuracy, from the number of faces it was measured on. */
export function accuracyInterval(
  row: ComparisonRow,
  metric: Metric,
): { low: number; high: number } | undefined {
  const m = measuredAccuracy(row, metric);
  return m && wilsonInterval(m.value, m.n);
}

/** A row's 95% interval as text ("65.8–68.8%"), or undefined when it has no accuracy or no face count. */
export function accuracyIntervalText(row: ComparisonRow, metric: Metric): string | undefined {
  const m = measuredAccuracy(row, metric);
  return m && intervalText(m.value, m.n);
}

/** A row's accuracy with its interval, as the table writes it: "67.3% (65.8–68.8%)". */
export function accuracyCell(row: ComparisonRow, metric: AccuracyMetric): string | undefined {
  const value = row[metric];
  if (value === undefined) return undefined;
  const range = accuracyIntervalText(row, metric);
  return range ? `${percent(value, 1)} (${range})` : percent(value, 1);
}

/** The value a row has for a metric (speed comes from the live measurements). */
export function valueOf(
  row: ComparisonRow,
  metric: Metric,
  speeds: ReadonlyMap<string, number> = new Map(),
): number | undefined {
  if (metric === 'speed') return speeds.get(row.id);
  return row[metric];
}

/**
 * The bars for a metric: one per row with a value, accuracies with their 95% interval. When every
 * measured row was tested on the same faces, `testedOn` names them once (and the bars do not).
 */
export function chartBars(
  shown: readonly ComparisonRow[],
  metric: Metric,
  speeds?: ReadonlyMap<string, number>,
): { bars: BarDatum[]; testedOn: string } {
  const info = metricInfo(metric);
  const accuracy = isAccuracy(metric);
  const measured = shown.filter((r) => r.kind !== 'reported');
  const sets = new Set(measured.map((r) => r.measuredOn ?? ''));
  const shared = accuracy && sets.size === 1 ? [...sets][0] : '';
  const faces4 = metric === 'accuracy4' ? measured[0]?.images4 : undefined;
  const testedOn =
    shared && faces4
      ? comparisonText('bar.facesOfFourIn', { faces: count(faces4), testSet: shared })
      : shared;
  const bars = shown.map((r): BarDatum => {
    const v = valueOf(r, metric, speeds)!;
    const testSet = accuracy && !shared && r.kind !== 'reported' ? r.measuredOn : undefined;
    const range = accuracyInterval(r, metric);
    const rangeText = accuracyIntervalText(r, metric);
    return {
      id: r.id,
      label: r.title,
      sublabel: r.kind === 'reported' ? r.reportedLabel : barNote(r.kind === 'peer', testSet),
      value: v,
      valueText: info.format(v),
      tone:
        r.kind === 'reported'
          ? 'reported'
          : r.kind === 'peer'
            ? 'peer'
            : r.shipped
              ? 'ours'
              : 'plain',
      interval:
        range && rangeText ? { ...range, text: rangeText, name: '95% interval' } : undefined,
    };
  });
  return { bars, testedOn };
}

/** Rows that have a value for this metric, in the usual order (ours first). */
export function rowsWith(
  rows: readonly ComparisonRow[],
  metric: Metric,
  speeds?: ReadonlyMap<string, number>,
): ComparisonRow[] {
  return rows.filter((r) => valueOf(r, metric, speeds) !== undefined);
}

/** What the live speed test loads: each zoo model with a file; our shipped model when there is no zoo. */
export interface SpeedTarget {
  id: string;
  title: string;
  modelUrl: string;
  input?: ZooInput;
}

export function speedTargets(zoo: Zoo | null): SpeedTarget[] {
  const targets = (zoo?.models ?? [])
    .filter((m) => m.modelUrl)
    .map((m) => ({ id: m.name, title: modelTitle(m.name), modelUrl: m.modelUrl!, input: m.input }));
  if (targets.length === 0) {
    targets.push({
      id: 'emotion-cnn',
      title: modelTitle('emotion-cnn'),
      modelUrl: `/${MODEL_CARD_PATH.replace(/model-card\.json$/, 'model.json')}`,
      input: undefined,
    });
  }
  return targets;
}

/** A short sentence that names the leader for a metric, or null. For accuracy it says which rivals it may not truly beat. */
export function leaderSentence(
  rows: readonly ComparisonRow[],
  metric: Metric,
  speeds?: ReadonlyMap<string, number>,
): string | null {
  const info = metricInfo(metric);
  const measured = rowsWith(rows, metric, speeds).filter((r) => r.kind !== 'reported');
  if (measured.length < 2) return null;
  const best = measured.reduce((a, b) => {
    const va = valueOf(a, metric, speeds)!;
    const vb = valueOf(b, metric, speeds)!;
    return (info.better === 'higher' ? vb > va : vb < va) ? b : a;
  });
  const word = comparisonText(
    (
      {
        accuracy: 'leader.accuracy',
        accuracy4: 'leader.accuracy4',
        weightBytes: 'leader.weightBytes',
        parameters: 'leader.parameters',
        trainCpuSeconds: 'leader.trainCpuSeconds',
        speed: 'leader.speed',
      } as const
    )[metric],
  );
  const and = ` ${comparisonText('leader.and')} `;
  // Rows that show the same figure as the leader share the lead (e.g. two trainings that both read "11 min").
  const shown = info.format(valueOf(best, metric, speeds)!);
  const tied = measured
    .filter((r) => r !== best && info.format(valueOf(r, metric, speeds)!) === shown)
    .map((r) => r.title);
  const sentence = tied.length
    ? comparisonText('leaderTied', { models: [best.title, ...tied].join(and), word, value: shown })
    : comparisonText('leader', { model: best.title, word, value: shown });
  if (!isAccuracy(metric)) return sentence;
  const bestImages = accuracyImages(best, metric);
  if (!bestImages) return sentence;
  const close = measured
    .filter((r) => {
      const n = accuracyImages(r, metric);
      return (
        r !== best &&
        !tied.includes(r.title) &&
        n !== undefined &&
        gapCouldBeChance(best[metric]!, bestImages, r[metric]!, n)
      );
    })
    .map((r) => r.title);
  if (close.length === 0) return comparisonText('leader.beyondChance', { sentence });
  const models =
    close.length === 1 ? close[0] : `${close.slice(0, -1).join(', ')}${and}${close.at(-1)}`;
  return comparisonText('leader.maybeChance', { sentence, models });
}
