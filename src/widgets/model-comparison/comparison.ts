/**
 * The rows the comparison charts and table show: our zoo (measured on the same test split), the peer
 * models (measured by scripts/compare-peers.ts on the same split), and figures reported by others
 * (never measured by us, always labelled as such). Pure functions, no DOM
 * (tests/unit/model-comparison.test.ts).
 */
import { MODEL_CARD_PATH } from '../../lib/ml/model-card.ts';
import { bytes, count, duration, modelTitle, percent, type Peers, type ReportedFigure, type Zoo, type ZooInput } from './zoo-data.ts';

export type RowKind = 'zoo' | 'peer' | 'reported';

export interface ComparisonRow {
  id: string;
  title: string;
  kind: RowKind;
  shipped: boolean;
  accuracy?: number;
  accuracy4?: number;
  weightBytes?: number;
  parameters?: number;
  trainSeconds?: number;
  /** Measured by compare-peers.ts in Node (not on the reader's device). */
  msPerFaceNode?: number;
  /** Where the accuracy was measured, e.g. "validation, 3,589 images". */
  measuredOn?: string;
  /** For reported figures: the label that must sit beside the bar. */
  reportedLabel?: string;
  note?: string;
}

export type Metric = 'accuracy' | 'accuracy4' | 'weightBytes' | 'parameters' | 'trainSeconds' | 'speed';

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
  { id: 'accuracy', label: 'Accuracy, 7 emotions', axis: 'Accuracy on all 7 emotions', better: 'higher', format: (v) => percent(v, 1) },
  { id: 'accuracy4', label: 'Accuracy, 4 emotions', axis: 'Accuracy on 4 emotions (happy, sad, neutral, surprised)', better: 'higher', format: (v) => percent(v, 1) },
  { id: 'weightBytes', label: 'Download size', axis: 'Size of the weights to download', better: 'lower', format: bytes },
  { id: 'parameters', label: 'Weights (numbers learned)', axis: 'Numbers learned in training (parameters)', better: 'lower', format: count },
  { id: 'trainSeconds', label: 'Training time', axis: 'Training time on our 2-core computer', better: 'lower', format: duration },
  { id: 'speed', label: 'Speed on your device', axis: 'Milliseconds per face on this device (lower is faster)', better: 'lower', format: (v) => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms` },
];

export function metricInfo(id: Metric): MetricInfo {
  return METRICS.find((m) => m.id === id)!;
}

export function splitText(split: string, images?: number): string {
  return images ? `${split}, ${count(images)} images` : split;
}

export function comparisonRows(zoo: Zoo | null, peers: Peers | null, reported: readonly ReportedFigure[]): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  for (const m of zoo?.models ?? []) {
    rows.push({
      id: m.name,
      title: modelTitle(m.name),
      kind: 'zoo',
      shipped: m.shipped,
      accuracy: m.metrics?.accuracy,
      accuracy4: m.metrics?.accuracy4,
      weightBytes: m.weightBytes,
      parameters: m.parameters,
      trainSeconds: m.trainSeconds,
      measuredOn: m.metrics ? splitText(m.metrics.split, m.metrics.images) : undefined,
    });
  }
  for (const p of peers?.models ?? []) {
    const ours = p.id === 'ours';
    const shippedRow = rows.find((r) => r.shipped);
    if (ours && shippedRow) {
      // The same model: its Node timing is new; its accuracy only fills a gap in the zoo.
      shippedRow.msPerFaceNode = p.msPerFaceBatch1;
      if (shippedRow.accuracy === undefined && p.accuracy !== undefined) {
        Object.assign(shippedRow, { accuracy: p.accuracy, accuracy4: p.accuracy4, measuredOn: peers ? splitText(peers.split, peers.images) : undefined });
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
      weightBytes: p.weightBytes,
      parameters: p.parameters,
      msPerFaceNode: p.msPerFaceBatch1,
      measuredOn: peers ? splitText(peers.split, peers.images) : undefined,
      note: ours ? undefined : 'another project’s model, tested by us on the same pictures',
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
      measuredOn: f.testSet,
      reportedLabel: f.label,
      note: f.note,
    });
  }
  return rows;
}

/** The value a row has for a metric (speed comes from the live measurements). */
export function valueOf(row: ComparisonRow, metric: Metric, speeds: ReadonlyMap<string, number> = new Map()): number | undefined {
  if (metric === 'speed') return speeds.get(row.id);
  return row[metric];
}

/** Rows that have a value for this metric, in the usual order (ours first). */
export function rowsWith(rows: readonly ComparisonRow[], metric: Metric, speeds?: ReadonlyMap<string, number>): ComparisonRow[] {
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
    targets.push({ id: 'emotion-cnn', title: modelTitle('emotion-cnn'), modelUrl: `/${MODEL_CARD_PATH.replace(/model-card\.json$/, 'model.json')}`, input: undefined });
  }
  return targets;
}

/** Median of a list of timings. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A short sentence that names the leader for a metric, or null. */
export function leaderSentence(rows: readonly ComparisonRow[], metric: Metric, speeds?: ReadonlyMap<string, number>): string | null {
  const info = metricInfo(metric);
  const measured = rowsWith(rows, metric, speeds).filter((r) => r.kind !== 'reported');
  if (measured.length < 2) return null;
  const best = measured.reduce((a, b) => {
    const va = valueOf(a, metric, speeds)!;
    const vb = valueOf(b, metric, speeds)!;
    return (info.better === 'higher' ? vb > va : vb < va) ? b : a;
  });
  const word = { accuracy: 'most accurate on all 7 emotions', accuracy4: 'most accurate on the 4 emotions', weightBytes: 'smallest download', parameters: 'fewest weights', trainSeconds: 'quickest to train', speed: 'fastest on your device' }[metric];
  return `${best.title}: ${word} (${info.format(valueOf(best, metric, speeds)!)}).`;
}
