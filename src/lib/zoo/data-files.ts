/**
 * Build-time access to the data files the comparison widgets read. Used only in the Astro shells'
 * frontmatter (never in browser code), so the files end up in the HTML as shaped figures.
 *
 * zoo.json and peers.json may not exist yet (they are written once the models are trained and
 * compared): import.meta.glob then finds nothing and the parsers return null — no build error.
 */
import {
  parsePeers,
  parseReported,
  parseZoo,
  trainingCosts,
  type Peers,
  type ReportedFigure,
  type TrainingCost,
  type Zoo,
} from './zoo-data.ts';

const zooFiles = import.meta.glob('../../data/zoo.json', { eager: true, import: 'default' });
const peerFiles = import.meta.glob('../../data/peers.json', { eager: true, import: 'default' });
const reportedFiles = import.meta.glob('../../data/reported-figures.json', {
  eager: true,
  import: 'default',
});
const statsFiles = import.meta.glob('../../data/dataset-stats.json', {
  eager: true,
  import: 'default',
});
const cardFiles = import.meta.glob('../../../public/models/**/model-card.json', {
  eager: true,
  import: 'default',
});

const first = (files: Record<string, unknown>): unknown => Object.values(files)[0];

/** The dataset's label order (the model card's), when the statistics file has it. */
export function datasetLabels(): string[] | undefined {
  const labels = (first(statsFiles) as { labels?: unknown } | undefined)?.labels;
  return Array.isArray(labels)
    ? labels.filter((l): l is string => typeof l === 'string')
    : undefined;
}

export function loadZoo(): Zoo | null {
  return parseZoo(first(zooFiles), datasetLabels());
}

export function loadPeers(): Peers | null {
  return parsePeers(first(peerFiles));
}

export function loadReported(): ReportedFigure[] {
  return parseReported(first(reportedFiles));
}

/** Processor time and threads of each model's training, from the model cards the site ships. */
export function loadTrainingCosts(): Record<string, TrainingCost> {
  return trainingCosts(Object.values(cardFiles));
}

export function loadDatasetStats(): unknown {
  return first(statsFiles);
}
