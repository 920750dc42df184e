/**
 * The interactive part of <model-comparison>, loaded when the reader reaches it: the bar chart for the
 * chosen figure, and the live speed test (speed.ts, which imports TF.js only when the button is pressed).
 */
import { drawBars } from '../_kit/bar-chart.ts';
import {
  chartBars,
  isAccuracy,
  leaderSentence,
  metricInfo,
  rowsWith,
  type ComparisonRow,
  type Metric,
  type SpeedTarget,
} from './comparison.ts';
import type { SpeedResult } from './speed.ts';
import { ms } from '../../lib/format.ts';
import { comparisonText } from './text.ts';

export function start(root: HTMLElement): void {
  const rows = JSON.parse(root.dataset.rows ?? '[]') as ComparisonRow[];
  const targets = JSON.parse(root.dataset.targets ?? '[]') as SpeedTarget[];
  const chart = root.querySelector<HTMLElement>('[data-chart]')!;
  const axis = root.querySelector<HTMLElement>('[data-axis]')!;
  const leader = root.querySelector<HTMLElement>('[data-leader]')!;
  const inputs = [...root.querySelectorAll<HTMLInputElement>('[data-metric]')];
  const button = root.querySelector<HTMLButtonElement>('[data-measure]')!;
  const status = root.querySelector<HTMLElement>('[data-status]')!;
  const notes = root.querySelector<HTMLElement>('[data-problems]')!;
  const speeds = new Map<string, number>();
  const problems = new Map<string, string>();
  // The speed rows: each timed model, even those that are not in the accuracy rows (no zoo yet).
  const speedRows: ComparisonRow[] = targets.map(
    (t) =>
      rows.find((r) => r.id === t.id) ?? {
        id: t.id,
        title: t.title,
        kind: 'zoo',
        shipped: t.id === 'emotion-cnn',
      },
  );
  let metric: Metric = (inputs.find((i) => i.checked)?.value as Metric) ?? 'accuracy';
  let measuring = false;

  function draw() {
    const info = metricInfo(metric);
    axis.textContent = comparisonText(
      info.better === 'higher' ? 'axisLongerBetter' : 'axisShorterBetter',
      { axis: info.axis },
    );
    chart.querySelector('.mc-loading')?.remove();
    const source = metric === 'speed' ? speedRows : rows;
    const shown = rowsWith(source, metric, speeds);
    let empty = chart.querySelector<HTMLElement>('.mc-none');
    if (shown.length === 0) {
      chart.querySelector('ul.bc')?.remove();
      if (!empty) {
        empty = document.createElement('p');
        empty.className = 'mc-none';
        chart.append(empty);
      }
      empty.textContent =
        metric === 'speed'
          ? measuring
            ? comparisonText('measuringBars')
            : comparisonText('pressMeasure')
          : comparisonText('noFigureYet');
      leader.textContent = '';
      showProblems();
      return;
    }
    empty?.remove();
    const { bars: data, testedOn } = chartBars(shown, metric, speeds);
    if (testedOn) axis.textContent += ` ${comparisonText('axisTestedOn', { testedOn })}`;
    const accuracy = isAccuracy(metric);
    if (data.some((d) => d.interval)) {
      axis.textContent += ` ${comparisonText('axisInterval')}`;
    }
    drawBars(chart, data, {
      label: info.axis,
      max: accuracy ? 1 : undefined,
      log: metric === 'weightBytes' || metric === 'parameters',
    });
    leader.textContent = leaderSentence(source, metric, speeds) ?? '';
    showProblems();
  }

  function showProblems() {
    const list = metric === 'speed' ? [...problems] : [];
    notes.hidden = list.length === 0;
    notes.replaceChildren(
      ...list.map(([id, why]) => {
        const li = document.createElement('li');
        li.textContent = comparisonText('speedProblem', {
          model: speedRows.find((r) => r.id === id)?.title ?? id,
          why,
        });
        return li;
      }),
    );
  }

  for (const input of inputs) {
    input.addEventListener('change', () => {
      if (!input.checked) return;
      metric = input.value as Metric;
      draw();
    });
  }

  function showSpeed(result: SpeedResult) {
    const cell = root.querySelector<HTMLElement>(`[data-speed-cell="${CSS.escape(result.id)}"]`);
    if (result.ms !== undefined) {
      speeds.set(result.id, result.ms);
      problems.delete(result.id);
      if (cell) cell.textContent = comparisonText('perFace', { time: ms(result.ms) });
    } else if (result.problem) {
      problems.set(result.id, result.problem);
      if (cell) cell.textContent = result.problem;
    }
    if (metric === 'speed') draw();
  }

  button.addEventListener('click', async () => {
    if (measuring) return;
    measuring = true;
    button.disabled = true;
    root.dataset.measuring = 'true';
    const speedInput = inputs.find((i) => i.value === 'speed');
    if (speedInput && !speedInput.checked) {
      speedInput.checked = true;
      metric = 'speed';
    }
    draw();
    try {
      const { measureSpeeds } = await import('./speed.ts');
      const run = await measureSpeeds(targets, (text, result) => {
        status.textContent = text;
        if (result) showSpeed(result);
      });
      const timed = run.results.filter((r) => r.ms !== undefined).length;
      status.textContent = comparisonText('speedDone', {
        timed,
        count: targets.length,
        backend: run.backendLabel,
      });
      root.dataset.measured = String(timed);
    } catch (error) {
      status.textContent = comparisonText('speedFailed', {
        reason: error instanceof Error ? error.message : String(error),
      });
    } finally {
      measuring = false;
      button.disabled = false;
      button.textContent = comparisonText('measureAgain');
      delete root.dataset.measuring;
      draw();
    }
  });

  draw();
  root.dataset.ready = 'true';
}
