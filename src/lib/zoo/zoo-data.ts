/**
 * The model zoo as the site's charts read it: src/data/zoo.json (written by `npm run zoo`,
 * scripts/zoo.ts collectZoo()), the peer table src/data/peers.json (scripts/compare-peers.ts) and the
 * figures other people reported (src/data/reported-figures.json).
 *
 * Every parser here is forgiving: a file that is missing, or a model whose metrics or history are not
 * there yet, gives an empty or partial result, never an exception — the widgets then say that the
 * figures appear once the models are trained. Nothing here holds a figure of its own.
 *
 * Pure functions, no DOM: used by the Astro shells at build time, by the widgets in the browser and by
 * the unit tests (src/widgets/model-comparison/comparison.test.ts, src/widgets/confusion-matrix/matrix.test.ts).
 */
import { count, TEST_SET, testSetName } from '../format.ts';
import { FOUR_CLASS_SUBSET } from '../ml/model-card.ts';
import { zooText } from './text.ts';

export interface HistoryEntry {
  epoch: number;
  train_loss: number;
  train_accuracy: number;
  holdout_loss: number;
  holdout_accuracy: number;
  lr?: number;
  seconds?: number;
  cpu_seconds?: number;
}

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ZooMetrics {
  split: string;
  images: number;
  accuracy: number;
  accuracy4?: number;
  /** Per class, in the model card's label order. */
  per_class: Record<string, ClassMetrics>;
  /** confusion[true][predicted], labels in the card's order. */
  confusion: number[][];
  /** The labels in the order of the confusion matrix (from per_class's key order). */
  labels: string[];
  date?: string;
}

export interface ZooInput {
  width: number;
  height: number;
  channels: number;
}

export interface ZooModel {
  name: string;
  shipped: boolean;
  modelUrl: string | null;
  input?: ZooInput;
  parameters?: number;
  weightBytes?: number;
  trainSeconds?: number;
  epochs?: number;
  bestEpoch?: number;
  /**
   * Set when the model shipped is a final fit: the recipe of the hold-out run `selectedRun` (whose
   * history this entry carries) repeated on all `trainSize` training pictures.
   */
  finalFit?: { trainSize: number; selectedRun: string };
  metrics?: ZooMetrics;
  history: HistoryEntry[];
}

export interface Zoo {
  split: string;
  models: ZooModel[];
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (isNum(v) ? v : undefined);

function parseHistory(value: unknown): HistoryEntry[] {
  if (!Array.isArray(value)) return [];
  const keys = [
    'epoch',
    'train_loss',
    'train_accuracy',
    'holdout_loss',
    'holdout_accuracy',
  ] as const;
  return value
    .filter((e): e is Record<string, unknown> => isObj(e) && keys.every((k) => isNum(e[k])))
    .map((e) => {
      const entry: HistoryEntry = {
        epoch: e.epoch as number,
        train_loss: e.train_loss as number,
        train_accuracy: e.train_accuracy as number,
        holdout_loss: e.holdout_loss as number,
        holdout_accuracy: e.holdout_accuracy as number,
      };
      for (const k of ['lr', 'seconds', 'cpu_seconds'] as const)
        if (isNum(e[k])) entry[k] = e[k] as number;
      return entry;
    })
    .sort((a, b) => a.epoch - b.epoch);
}

/** Metrics with a square confusion matrix that matches its per-class table, or undefined. */
export function parseMetrics(
  value: unknown,
  labelsHint?: readonly string[],
): ZooMetrics | undefined {
  if (
    !isObj(value) ||
    !isNum(value.accuracy) ||
    !Array.isArray(value.confusion) ||
    !isObj(value.per_class)
  )
    return undefined;
  const confusion = value.confusion as unknown[];
  const n = confusion.length;
  if (
    n < 2 ||
    !confusion.every(
      (row) => Array.isArray(row) && row.length === n && row.every((c) => isNum(c) && c >= 0),
    )
  )
    return undefined;
  const perClass: Record<string, ClassMetrics> = {};
  for (const [label, m] of Object.entries(value.per_class)) {
    if (!isObj(m)) return undefined;
    perClass[label] = {
      precision: num(m.precision) ?? 0,
      recall: num(m.recall) ?? 0,
      f1: num(m.f1) ?? 0,
      support: num(m.support) ?? 0,
    };
  }
  const keys = Object.keys(perClass);
  const labels =
    keys.length === n ? keys : labelsHint && labelsHint.length === n ? [...labelsHint] : null;
  if (!labels) return undefined;
  const matrix = confusion as number[][];
  return {
    split: typeof value.split === 'string' ? value.split : 'unknown',
    images: num(value.images) ?? matrix.flat().reduce((a, b) => a + b, 0),
    accuracy: value.accuracy,
    accuracy4: num(value.accuracy4),
    per_class: perClass,
    confusion: matrix.map((row) => [...row]),
    labels,
    date: typeof value.date === 'string' ? value.date : undefined,
  };
}

function parseInput(value: unknown): ZooInput | undefined {
  if (!isObj(value) || !isNum(value.width) || !isNum(value.height) || !isNum(value.channels))
    return undefined;
  return { width: value.width, height: value.height, channels: value.channels };
}

function parseFinalFit(value: unknown): ZooModel['finalFit'] {
  if (!isObj(value) || !isNum(value.trainSize) || typeof value.selectedRun !== 'string')
    return undefined;
  return { trainSize: value.trainSize, selectedRun: value.selectedRun };
}

/** The zoo file, or null when there is none or it holds no usable model. Models keep the file's order. */
export function parseZoo(value: unknown, labelsHint?: readonly string[]): Zoo | null {
  if (!isObj(value) || !Array.isArray(value.models)) return null;
  const models: ZooModel[] = [];
  for (const m of value.models) {
    if (!isObj(m) || typeof m.name !== 'string' || !m.name) continue;
    models.push({
      name: m.name,
      shipped: m.shipped === true,
      modelUrl: typeof m.modelUrl === 'string' && m.modelUrl.startsWith('/') ? m.modelUrl : null,
      input: parseInput(m.input),
      parameters: num(m.parameters),
      weightBytes: num(m.weightBytes),
      trainSeconds: num(m.trainSeconds),
      epochs: num(m.epochs),
      bestEpoch: num(m.bestEpoch),
      finalFit: parseFinalFit(m.finalFit),
      metrics: parseMetrics(m.metrics, labelsHint),
      history: parseHistory(m.history),
    });
  }
  if (models.length === 0) return null;
  // Ours first, the rest in the file's order.
  models.sort((a, b) => Number(b.shipped) - Number(a.shipped));
  return { split: typeof value.split === 'string' ? value.split : 'validation', models };
}

/** How many of the measured faces belong to the four emotions of accuracy4 (its interval's n). */
export function fourEmotionImages(metrics: ZooMetrics | undefined): number | undefined {
  if (!metrics) return undefined;
  const rows = FOUR_CLASS_SUBSET.map((label) => metrics.labels.indexOf(label));
  if (rows.some((r) => r < 0)) return undefined;
  return rows.reduce((sum, r) => sum + metrics.confusion[r].reduce((a, b) => a + b, 0), 0);
}

export function shippedModel(zoo: Zoo | null): ZooModel | undefined {
  return zoo?.models.find((m) => m.shipped);
}

// ---------- Peers (src/data/peers.json) ----------

export interface Peer {
  id: string;
  name: string;
  source?: string;
  parameters?: number;
  weightBytes?: number;
  accuracy?: number;
  accuracy4?: number;
  msPerFaceBatch1?: number;
  metrics?: ZooMetrics;
}

export interface Peers {
  split: string;
  images?: number;
  date?: string;
  machine?: string;
  backend?: string;
  notes: string[];
  models: Peer[];
}

/** peers.json, or null. Our own row (id "ours") is kept; the caller decides whether to show it. */
export function parsePeers(value: unknown): Peers | null {
  if (!isObj(value) || !Array.isArray(value.models)) return null;
  const labels =
    Array.isArray(value.labels) && value.labels.every((l) => typeof l === 'string')
      ? (value.labels as string[])
      : undefined;
  const models: Peer[] = [];
  for (const m of value.models) {
    if (!isObj(m) || typeof m.id !== 'string' || typeof m.name !== 'string') continue;
    models.push({
      id: m.id,
      name: m.name,
      source: typeof m.source === 'string' ? m.source : undefined,
      parameters: num(m.parameters),
      weightBytes: num(m.weightBytes),
      accuracy: num(m.accuracy),
      accuracy4: num(m.accuracy4),
      msPerFaceBatch1: num(m.msPerFaceBatch1),
      metrics: parseMetrics({ ...m, split: value.split, images: value.images }, labels),
    });
  }
  if (models.length === 0) return null;
  const machine =
    isObj(value.machine) && typeof value.machine.cpu === 'string'
      ? `${value.machine.cpu}${isNum(value.machine.cores) ? `, ${value.machine.cores} cores` : ''}`
      : undefined;
  // compare-peers.ts writes the backend's name; older files wrote { name }.
  const backend =
    typeof value.backend === 'string'
      ? value.backend
      : isObj(value.backend) && typeof value.backend.name === 'string'
        ? value.backend.name
        : undefined;
  return {
    split: typeof value.split === 'string' ? value.split : 'unknown',
    images: num(value.images),
    date: typeof value.date === 'string' ? value.date : undefined,
    machine,
    backend,
    notes: Array.isArray(value.notes)
      ? value.notes.filter((n): n is string => typeof n === 'string')
      : [],
    models,
  };
}

// ---------- Reported figures (src/data/reported-figures.json) ----------

export interface ReportedFigure {
  id: string;
  model: string;
  title: string;
  /** "accuracy" (all classes of its own task) or "accuracy4" (the 4-class subset). */
  metric: 'accuracy' | 'accuracy4';
  value: number;
  classes: number;
  testSet: string;
  testImages: number;
  /** Short label shown beside the bar, e.g. "reported, 128-image test set". */
  label: string;
  source: string;
  note?: string;
}

export function parseReported(value: unknown): ReportedFigure[] {
  if (!isObj(value) || !Array.isArray(value.figures)) return [];
  return value.figures.filter(
    (f): f is ReportedFigure =>
      isObj(f) &&
      typeof f.id === 'string' &&
      typeof f.model === 'string' &&
      typeof f.title === 'string' &&
      (f.metric === 'accuracy' || f.metric === 'accuracy4') &&
      isNum(f.value) &&
      isNum(f.testImages) &&
      typeof f.label === 'string' &&
      typeof f.source === 'string',
  );
}

// ---------- Training costs (each model's model-card.json) ----------

export interface TrainingCost {
  /** Processor time spent training (all threads added up). */
  cpuSeconds?: number;
  /** Threads training used; 1 means the run shared the computer with another run. */
  threads?: number;
}

/** Each card's training cost by model name; cards that record neither figure are left out. */
export function trainingCosts(cards: readonly unknown[]): Record<string, TrainingCost> {
  const costs: Record<string, TrainingCost> = {};
  for (const card of cards) {
    if (!isObj(card) || typeof card.name !== 'string' || !isObj(card.training)) continue;
    const cost = {
      cpuSeconds: num(card.training.cpu_seconds),
      threads: num(card.training.threads),
    };
    if (cost.cpuSeconds !== undefined || cost.threads !== undefined) costs[card.name] = cost;
  }
  return costs;
}

// ---------- Words ----------

/** How a model is named on the page. Unknown names are shown as they are. */
const MODEL_TITLES: Record<string, string> = {
  'emotion-cnn': zooText('title.emotion-cnn'),
  'emotion-cnn-v1': zooText('title.emotion-cnn-v1'),
  'fast-s': zooText('title.fast-s'),
  // FER2013 is grey: this network gets the grey picture copied into its three (red, green, blue) inputs.
  'simple-cnn-rgb': zooText('title.simple-cnn-rgb'),
  'simple-cnn-gray': zooText('title.simple-cnn-gray'),
  'capstone-cnn': zooText('title.capstone-cnn'),
};

export function modelTitle(name: string): string {
  if (MODEL_TITLES[name]) return MODEL_TITLES[name];
  const transfer = /^transfer-(.+)$/.exec(name);
  if (transfer)
    return zooText('title.transfer', {
      base: transfer[1] === 'facemesh' ? 'FaceMesh' : transfer[1],
    });
  return name;
}

/** The split as readers see it: our test split ("validation" on disk) by its public name. */
export function splitText(split: string, images?: number): string {
  if (split === 'validation') return images ? testSetName(images) : `test set (${TEST_SET})`;
  return images ? `${split}, ${count(images)} faces` : split;
}
