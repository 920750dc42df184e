/** Which confusion matrices the widget offers: our zoo (ours first), then the peer models. */
import { modelTitle, type Peers, type Zoo } from '../model-comparison/zoo-data.ts';

export interface MatrixChoice {
  id: string;
  title: string;
  /** Where it was measured, e.g. "validation split, 3,589 pictures". */
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
      measuredOn: `${m.metrics.split} split, ${m.metrics.images.toLocaleString('en-GB')} pictures`,
      labels: m.metrics.labels,
      confusion: m.metrics.confusion,
    });
  }
  for (const p of peers?.models ?? []) {
    if (!p.metrics || out.some((c) => c.id === (p.id === 'ours' ? 'emotion-cnn' : p.id))) continue;
    out.push({
      id: p.id === 'ours' ? 'emotion-cnn' : `peer-${p.id}`,
      title: p.id === 'ours' ? modelTitle('emotion-cnn') : `${p.name} (another project)`,
      measuredOn: `${p.metrics.split} split, ${p.metrics.images.toLocaleString('en-GB')} pictures`,
      labels: p.metrics.labels,
      confusion: p.metrics.confusion,
      note: p.id === 'ours' ? undefined : 'Tested by us on the same pictures.',
    });
  }
  return out;
}
