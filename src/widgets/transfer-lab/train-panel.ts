/**
 * The lab's step 3 on the page: the Train and Stop buttons, the status line under them, the live
 * loss chart (loss-chart.ts with d3, imported at the first training) and the new head's size.
 */
import { percent } from '../../lib/format.ts';
import type { EpochReport, TrainedHead } from './head.ts';
import { MIN_TO_TRAIN, type LabState, type TrainProblem } from './lab-state.ts';
import type { LossChart } from './loss-chart.ts';
import { labText as t } from './text.ts';

const q = <T extends Element = HTMLElement>(root: ParentNode, name: string) =>
  root.querySelector<T>(`[data-tl="${name}"]`)!;

export function problemText(problem: TrainProblem, state: LabState<unknown, TrainedHead>): string {
  if (problem.kind === 'no-network') return t('train.noNetwork');
  return t('train.tooFew', {
    name: state.className(problem.index),
    examples: t('examples', { count: problem.count }),
    min: MIN_TO_TRAIN,
  });
}

export const epochText = (r: EpochReport) =>
  t('train.epoch', {
    epoch: r.epoch,
    epochs: r.epochs,
    loss: r.loss.toFixed(3),
    accuracy: percent(r.accuracy),
  });

/** What the status says when training ends: how it went, and that it is no test. */
export function resultText(head: TrainedHead, ms: number): string {
  const last = head.history[head.history.length - 1];
  if (!last) return t('train.stoppedEarly');
  return t('train.result', {
    outcome: t(head.complete ? 'train.trained' : 'train.stopped'),
    epochs: t('train.epochs', { count: last.epoch }),
    seconds: (ms / 1000).toFixed(1),
    first: head.history[0]!.loss.toFixed(2),
    last: last.loss.toFixed(2),
    accuracy: percent(last.accuracy),
  });
}

export class TrainPanel {
  private readonly root: ParentNode;
  private readonly train: HTMLButtonElement;
  private readonly stop: HTMLButtonElement;
  private readonly statusLine: HTMLElement;
  private readonly chartBox: HTMLElement;
  private chart: LossChart | null = null;

  constructor(root: ParentNode) {
    this.root = root;
    this.train = q<HTMLButtonElement>(root, 'train');
    this.stop = q<HTMLButtonElement>(root, 'stop');
    this.statusLine = q(root, 'train-status');
    this.chartBox = q(root, 'chart');
  }

  status(text: string): void {
    if (this.statusLine.textContent !== text) this.statusLine.textContent = text;
  }

  /** Train stays focusable while it cannot train (aria-disabled), so it can say why. */
  setTrainable(trainable: boolean): void {
    this.train.setAttribute('aria-disabled', String(!trainable));
  }

  /** Shows Stop and an empty chart for `epochs` epochs; returns the chart to feed. */
  async begin(epochs: number): Promise<LossChart> {
    this.stop.hidden = false;
    this.chartBox.hidden = false;
    if (!this.chart) {
      const { LossChart } = await import('./loss-chart.ts');
      this.chart = new LossChart(
        q<SVGSVGElement>(this.root, 'chart-svg'),
        q<HTMLTableElement>(this.root, 'chart-table'),
      );
    }
    this.chart.reset(epochs);
    return this.chart;
  }

  end(): void {
    this.stop.hidden = true;
  }

  showParameters(head: TrainedHead): void {
    q(this.root, 'head-params').textContent = head.parameters.toLocaleString('en-GB');
  }

  /** Back to the start: no chart, no status. */
  reset(epochs: number): void {
    this.chart?.reset(epochs);
    this.chartBox.hidden = true;
    this.status('');
  }
}
