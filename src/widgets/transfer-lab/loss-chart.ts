/**
 * The lab's live loss chart (d3): one point per epoch, drawn as training goes, plus the same numbers
 * in a table for screen readers and for anyone who prefers numbers. No animation: each epoch simply
 * redraws the line, so reduced-motion settings need nothing special.
 */
import { axisBottom, axisLeft, line, max, scaleLinear, select } from 'd3';
import { percent } from '../../lib/format.ts';
import type { EpochReport } from './head.ts';
import { labText as t } from './text.ts';

const W = 320;
const H = 180;
const M = { top: 12, right: 14, bottom: 34, left: 42 };

export class LossChart {
  private readonly svg: SVGSVGElement;
  private readonly table: HTMLTableElement;
  private points: EpochReport[] = [];
  private epochs = 1;

  constructor(svg: SVGSVGElement, table: HTMLTableElement) {
    this.svg = svg;
    this.table = table;
  }

  reset(epochs: number): void {
    this.points = [];
    this.epochs = Math.max(1, epochs);
    this.draw();
    this.table.replaceChildren();
  }

  add(report: EpochReport): void {
    this.points.push(report);
    this.draw();
  }

  /** Writes the table (at the end of training: one row per epoch). */
  writeTable(): void {
    const head = this.table.createTHead().insertRow();
    for (const text of [t('table.epoch'), t('table.loss'), t('table.right')]) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = text;
      head.append(th);
    }
    const body = this.table.createTBody();
    for (const p of this.points) {
      const row = body.insertRow();
      row.insertCell().textContent = String(p.epoch);
      row.insertCell().textContent = p.loss.toFixed(3);
      row.insertCell().textContent = percent(p.accuracy);
    }
  }

  private draw(): void {
    const svg = select(this.svg);
    svg.selectAll('g, path.tl-loss, circle').remove();
    const x = scaleLinear()
      .domain([1, Math.max(2, this.epochs)])
      .range([M.left, W - M.right]);
    const top = max(this.points, (p) => p.loss) ?? 1;
    const y = scaleLinear()
      .domain([0, Math.max(0.1, top * 1.05)])
      .range([H - M.bottom, M.top])
      .nice();
    svg
      .append('g')
      .attr('class', 'tl-axis')
      .attr('transform', `translate(0,${H - M.bottom})`)
      .call(
        axisBottom(x)
          .ticks(Math.min(8, this.epochs))
          .tickFormat((d) => String(d)),
      );
    svg
      .append('g')
      .attr('class', 'tl-axis')
      .attr('transform', `translate(${M.left},0)`)
      .call(axisLeft(y).ticks(5));
    const labels = svg.append('g');
    labels
      .append('text')
      .attr('class', 'tl-axis-label')
      .attr('x', (M.left + W - M.right) / 2)
      .attr('y', H - 4)
      .attr('text-anchor', 'middle')
      .text(t('chart.epochAxis'));
    labels
      .append('text')
      .attr('class', 'tl-axis-label')
      .attr('x', 4)
      .attr('y', M.top - 2)
      .text(t('chart.lossAxis'));
    if (this.points.length === 0) return;
    svg
      .append('path')
      .attr('class', 'tl-loss')
      .datum(this.points)
      .attr(
        'd',
        line<EpochReport>()
          .x((p) => x(p.epoch))
          .y((p) => y(p.loss)),
      );
    const last = this.points[this.points.length - 1]!;
    svg
      .append('circle')
      .attr('class', 'tl-dot')
      .attr('r', 3.5)
      .attr('cx', x(last.epoch))
      .attr('cy', y(last.loss));
  }
}
