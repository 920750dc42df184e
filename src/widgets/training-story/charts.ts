/**
 * The training story's charts (D3), drawn when the reader reaches them:
 *  - drawHistory: for each run in the history part, loss and accuracy per epoch, training (solid) vs
 *    held out (dashed), the held-out accuracy's 95% interval as a band, the epoch with the lowest
 *    held-out loss marked, the stretch after it shaded when the held-out loss clearly climbs again, and
 *    an epoch cursor moved by the run's range input (keyboard) or by pointing at a chart (mouse, touch).
 *    All runs share the same scales, so they can be compared by eye.
 *  - drawClasses: the pictures per emotion as bars, the smallest class in the warm colour.
 * The figures themselves are in server-rendered tables next to the charts.
 */
import { area, axisBottom, axisLeft, line, scaleLinear, select } from 'd3';
import { accuracyWithInterval, emotionWord, percent } from '../../lib/format.ts';
import { wilsonInterval } from '../../lib/stats.ts';
import { drawBars } from '../_kit/bar-chart.ts';
import { prefersReducedMotion } from '../_kit/reduced-motion.ts';
import type { HistoryEntry } from '../../lib/zoo/zoo-data.ts';
import { epochReadout, type ClassBalance, type HistoryStory } from './story-data.ts';
import { storyText } from './text.ts';

type Key = 'loss' | 'accuracy';
/** What the page hands over for one run: its story, the size of its hold-out, and its name in words. */
type RunData = HistoryStory & { holdoutSize: number; name: string };
type Scales = Record<Key, [number, number]>;

const SERIES: Record<
  Key,
  {
    train: keyof HistoryEntry;
    holdout: keyof HistoryEntry;
    format: (v: number) => string;
    axis: (v: number) => string;
  }
> = {
  loss: {
    train: 'train_loss',
    holdout: 'holdout_loss',
    format: (v) => v.toFixed(2),
    axis: (v) => v.toFixed(1),
  },
  accuracy: {
    train: 'train_accuracy',
    holdout: 'holdout_accuracy',
    format: (v) => percent(v, 1),
    axis: (v) => percent(v),
  },
};

function chartDescription(run: RunData, key: Key): string {
  const s = SERIES[key];
  const h = run.history;
  const first = h[0];
  const last = h[h.length - 1];
  const v = (e: HistoryEntry, k: keyof HistoryEntry) => s.format(e[k] as number);
  const lowest = h.find((e) => e.epoch === run.lowestHoldoutLossEpoch)!;
  const lowestVars = { epoch: lowest.epoch, loss: v(lowest, 'holdout_loss') };
  const extra =
    key !== 'loss'
      ? storyText('finalAccuracy', {
          accuracy: accuracyWithInterval(last.holdout_accuracy, run.holdoutSize),
        })
      : run.clearOverfitting
        ? storyText('lowestLossThenClimbs', { ...lowestVars, lastLoss: v(last, 'holdout_loss') })
        : storyText('lowestLossNeverUp', lowestVars);
  const description = storyText('chartDescription', {
    what: storyText(key === 'loss' ? 'chartLoss' : 'chartAccuracy'),
    run: run.name,
    first: first.epoch,
    last: last.epoch,
    trainFirst: v(first, s.train),
    trainLast: v(last, s.train),
    holdoutFirst: v(first, s.holdout),
    holdoutLast: v(last, s.holdout),
  });
  return [description, extra, storyText('numbersInTable')].join(' ');
}

export function drawHistory(root: HTMLElement): void {
  const holder = root.querySelector<HTMLElement>('[data-scales]');
  if (!holder) return;
  const scales = JSON.parse(holder.dataset.scales!) as Scales;
  const redraws = [...holder.querySelectorAll<HTMLElement>('[data-story]')].map((section) =>
    drawRun(section, scales),
  );
  let width = root.clientWidth;
  new ResizeObserver(() => {
    if (Math.abs(root.clientWidth - width) < 8) return;
    width = root.clientWidth;
    for (const redraw of redraws) redraw();
  }).observe(root);
  root.dataset.ready = 'true';
}

/** Draws one run's two charts and wires its slider; returns the function that redraws them. */
function drawRun(section: HTMLElement, scales: Scales): () => void {
  const run = JSON.parse(section.dataset.story!) as RunData;
  const slider = section.querySelector<HTMLInputElement>('[data-epoch]')!;
  const readout = section.querySelector<HTMLOutputElement>('[data-readout]')!;
  const h = run.history;
  const figures = [...section.querySelectorAll<HTMLElement>('[data-chart]')];
  const cursors: ((epoch: number) => void)[] = [];
  const animate = !prefersReducedMotion(section);
  let drawnOnce = false;

  const entryAt = (epoch: number) =>
    h.reduce((a, b) => (Math.abs(b.epoch - epoch) < Math.abs(a.epoch - epoch) ? b : a));
  const interval = (e: HistoryEntry) => wilsonInterval(e.holdout_accuracy, run.holdoutSize);

  function draw() {
    cursors.length = 0;
    for (const figure of figures) {
      const key = figure.dataset.chart as Key;
      const s = SERIES[key];
      const plot = figure.querySelector<HTMLElement>('[data-plot]')!;
      const width = Math.max(260, plot.clientWidth || 300);
      const height = width < 420 ? 190 : 220;
      const margin = { top: 18, right: 12, bottom: 34, left: 46 };
      const x = scaleLinear()
        .domain([h[0].epoch, h[h.length - 1].epoch])
        .range([margin.left, width - margin.right]);
      // The same scale for every run (from the page), padded a little; accuracy stays within 0–100%.
      const [lo, hi] = scales[key];
      const pad = (hi - lo) * 0.05 || 0.05;
      const y = scaleLinear()
        .domain([Math.max(0, lo - pad), key === 'accuracy' ? Math.min(1, hi + pad) : hi + pad])
        .nice()
        .range([height - margin.bottom, margin.top]);

      const svg = select(plot)
        .selectAll<SVGSVGElement, null>('svg')
        .data([null])
        .join('svg')
        .attr('viewBox', `0 0 ${width} ${height}`)
        .attr('width', width)
        .attr('height', height)
        .attr('role', 'img')
        .attr('aria-label', chartDescription(run, key));
      svg.selectAll('*').remove();

      // The stretch after the lowest held-out loss, when the held-out loss clearly climbs in it.
      if (run.clearOverfitting) {
        const x0 = x(run.lowestHoldoutLossEpoch);
        svg
          .append('rect')
          .attr('class', 'ts-overfit')
          .attr('x', x0)
          .attr('y', margin.top)
          .attr('width', Math.max(0, x(h[h.length - 1].epoch) - x0))
          .attr('height', height - margin.top - margin.bottom);
      }

      const ticks = Math.min(h.length, width < 420 ? 5 : 8);
      svg
        .append('g')
        .attr('class', 'ts-axis')
        .attr('transform', `translate(0,${height - margin.bottom})`)
        .call(
          axisBottom(x)
            .ticks(ticks)
            .tickFormat((d) => String(d))
            .tickSizeOuter(0),
        );
      svg
        .append('text')
        .attr('class', 'ts-axis-title')
        .attr('x', width - margin.right)
        .attr('y', height - 4)
        .attr('text-anchor', 'end')
        .text(storyText('chartEpochAxis'));
      svg
        .append('g')
        .attr('class', 'ts-axis')
        .attr('transform', `translate(${margin.left},0)`)
        .call(
          axisLeft(y)
            .ticks(5)
            .tickFormat((d) => s.axis(d as number))
            .tickSizeOuter(0),
        );

      // The epoch with the lowest held-out loss.
      const bx = x(run.lowestHoldoutLossEpoch);
      svg
        .append('line')
        .attr('class', 'ts-best')
        .attr('x1', bx)
        .attr('x2', bx)
        .attr('y1', margin.top)
        .attr('y2', height - margin.bottom);
      svg
        .append('text')
        .attr('class', 'ts-best-label')
        .attr('x', bx)
        .attr('y', margin.top - 5)
        .attr('text-anchor', bx > width - 90 ? 'end' : bx < margin.left + 60 ? 'start' : 'middle')
        .text(storyText('lowestLossMarker', { epoch: run.lowestHoldoutLossEpoch }));

      // How sure the held-out accuracy is: its 95% interval, from the number of held-out pictures.
      if (key === 'accuracy') {
        svg
          .append('path')
          .datum(h)
          .attr('class', 'ts-band')
          .attr(
            'd',
            area<HistoryEntry>()
              .x((e) => x(e.epoch))
              .y0((e) => y(interval(e).low))
              .y1((e) => y(interval(e).high)),
          );
      }

      const path = (k: keyof HistoryEntry, cls: string) => {
        const p = svg
          .append('path')
          .datum(h)
          .attr('class', cls)
          .attr('data-points', h.length)
          .attr(
            'd',
            line<HistoryEntry>()
              .x((e) => x(e.epoch))
              .y((e) => y(e[k] as number)),
          );
        if (animate && !drawnOnce) {
          // Draw the line from left to right once (Web Animations; skipped with reduced motion).
          const node = p.node()!;
          const length = node.getTotalLength?.() ?? 0;
          if (length > 0 && typeof node.animate === 'function') {
            const dash = cls.includes('holdout') ? null : `${length} ${length}`;
            if (dash) {
              node.style.strokeDasharray = dash;
              node
                .animate([{ strokeDashoffset: length }, { strokeDashoffset: 0 }], {
                  duration: 900,
                  easing: 'ease-out',
                })
                .finished.then(
                  () => (node.style.strokeDasharray = ''),
                  () => (node.style.strokeDasharray = ''),
                );
            } else {
              node.animate([{ opacity: 0 }, { opacity: 1 }], { duration: 900, easing: 'ease-out' });
            }
          }
        }
        return p;
      };
      path(s.train, 'ts-line ts-train');
      path(s.holdout, 'ts-line ts-holdout');

      // Cursor: a vertical line and a dot on each series.
      const cursor = svg.append('g').attr('class', 'ts-cursor');
      const cl = cursor
        .append('line')
        .attr('y1', margin.top)
        .attr('y2', height - margin.bottom);
      const dots = (['train', 'holdout'] as const).map((which) =>
        cursor.append('circle').attr('r', 4).attr('class', `ts-dot ts-dot-${which}`),
      );
      cursors.push((epoch) => {
        const e = entryAt(epoch);
        cl.attr('x1', x(e.epoch)).attr('x2', x(e.epoch));
        dots[0].attr('cx', x(e.epoch)).attr('cy', y(e[s.train] as number));
        dots[1].attr('cx', x(e.epoch)).attr('cy', y(e[s.holdout] as number));
      });

      // Point at the chart to move the cursor (the range input is the keyboard way).
      const overlay = svg
        .append('rect')
        .attr('class', 'ts-hit')
        .attr('x', margin.left)
        .attr('y', margin.top)
        .attr('width', width - margin.left - margin.right)
        .attr('height', height - margin.top - margin.bottom);
      const pick = (event: PointerEvent) => {
        const box = (svg.node() as SVGSVGElement).getBoundingClientRect();
        const px = ((event.clientX - box.left) / box.width) * width;
        setEpoch(Math.round(x.invert(px)));
      };
      overlay.on('pointerdown', pick).on('pointermove', (event: PointerEvent) => {
        if (event.pointerType === 'mouse' || event.buttons) pick(event);
      });
    }
    drawnOnce = true;
    setEpoch(Number(slider.value));
  }

  function setEpoch(epoch: number) {
    const e = entryAt(epoch);
    if (Number(slider.value) !== e.epoch) slider.value = String(e.epoch);
    for (const c of cursors) c(e.epoch);
    readout.textContent = epochReadout(e, run.lowestHoldoutLossEpoch, run.holdoutSize);
  }

  slider.addEventListener('input', () => setEpoch(Number(slider.value)));
  draw();
  return draw;
}

export function drawClasses(root: HTMLElement): void {
  const holder = root.querySelector<HTMLElement>('[data-balances]');
  if (!holder) return;
  const balances = JSON.parse(holder.dataset.balances!) as ClassBalance[];
  const words = JSON.parse(holder.dataset.words ?? '{}') as Record<string, string>;
  const plot = holder.querySelector<HTMLElement>('[data-plot]')!;
  const note = holder.querySelector<HTMLElement>('[data-split-note]');
  const inputs = [...holder.querySelectorAll<HTMLInputElement>('[data-split]')];
  const notes = JSON.parse(holder.dataset.notes ?? '{}') as Record<string, string>;

  const show = (split: string) => {
    const b = balances.find((x) => x.split === split) ?? balances[0];
    const word = (l: string) => words[l] ?? l;
    drawBars(
      plot,
      b.rows.map((r) => ({
        id: r.label,
        label: word(r.label),
        value: r.count,
        valueText: `${r.count.toLocaleString('en-GB')} (${percent(r.share)})`,
        tone: r.label === b.smallest.label ? 'low' : 'main',
        note:
          r.label === b.smallest.label && b.ratio > 1.5
            ? storyText('fewerThan', {
                ratio: b.ratio.toFixed(1),
                emotion: emotionWord(b.largest.label),
              })
            : undefined,
      })),
      {
        label: storyText('picturesPerEmotion', { total: b.total.toLocaleString('en-GB') }),
        max: b.largest.count,
      },
    );
    if (note && notes[b.split] !== undefined) note.textContent = notes[b.split];
  };
  for (const input of inputs)
    input.addEventListener('change', () => input.checked && show(input.value));
  show(inputs.find((i) => i.checked)?.value ?? balances[0].split);
  root.dataset.ready = 'true';
}
