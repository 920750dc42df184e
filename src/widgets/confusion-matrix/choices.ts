/** Which confusion matrices the widget offers: our zoo (ours first), then the peer models. */
import { modelTitle, splitText, type Peers, type Zoo } from '../../lib/zoo/zoo-data.ts';
import { matrixText } from './text.ts';

export interface MatrixChoice {
  id: string;
  title: string;
  /** Where it was measured, e.g. "test set (FER2013 PublicTest, 3,589 faces)". */
  measuredOn: string;
  labels: string[];
  confusion: number[][];
  note?: string;
}

export function matrixChoices(zoo: Zoo | null, peers: Peers | null): MatrixChoice[] {
  const out: MatrixChoice[] = [];
  for (const m of zoo?.models ?? []) {
    if (!m.metrics) continue;
    out.push({
      id: m.name,
      title: modelTitle(m.name),
      measuredOn: splitText(m.metrics.split, m.metrics.images),
      labels: m.metrics.labels,
      confusion: m.metrics.confusion,
    });
  }
  for (const p of peers?.models ?? []) {
    if (!p.metrics || out.some((c) => c.id === (p.id === 'ours' ? 'emotion-cnn' : p.id))) continue;
    out.push({
      id: p.id === 'ours' ? 'emotion-cnn' : `peer-${p.id}`,
      title:
        p.id === 'ours'
          ? modelTitle('emotion-cnn')
          : matrixText('anotherProject', { name: p.name }),
      measuredOn: splitText(p.metrics.split, p.metrics.images),
      labels: p.metrics.labels,
      confusion: p.metrics.confusion,
      note: p.id === 'ours' ? undefined : matrixText('testedByUs'),
    });
  }
  return out;
}
