/**
 * A horizontal bar chart made of HTML (a list of rows, each a label, a value and a decorative bar), with
 * D3 doing the data join and the scale. Being real text, it reads well with a screen reader, wraps at
 * 360 px and follows the theme; bars grow with a transition unless the reader prefers reduced motion.
 * A bar may carry an interval (e.g. an accuracy's 95% interval): drawn as an error bar over the bar
 * and written as text beside the value, so the drawing is never the only place it is said.
 * Styles: bar-chart.css (imported by the widgets that use it).
 */
import { scaleLinear, scaleLog, select } from 'd3';
import { prefersReducedMotion } from './reduced-motion.ts';

export interface BarDatum {
  id: string;
  label: string;
  /** A second, smaller line under the label (e.g. "reported, 128-image test set"). */
  sublabel?: string;
  value: number;
  valueText: string;
  /** ours: our shipped model; reported: someone else's claim (hatched); peer: another project; low: the smallest (warm); main: accent. */
  tone?: 'ours' | 'reported' | 'peer' | 'low' | 'main' | 'plain';
  /** Extra words after the value, e.g. "16.5 × fewer than happy". */
  note?: string;
  /** A range around the value, in the value's units: drawn as an error bar and written beside the value. */
  interval?: BarInterval;
}

export interface BarInterval {
  low: number;
  high: number;
  /** The range as the reader sees it, e.g. "65.8–68.8%". */
  text: string;
  /** What the range is, read out before it by screen readers, e.g. "95% interval". */
  name: string;
}

export interface BarOptions {
  /** Name of the list for assistive technology, e.g. "Accuracy on all 7 emotions". */
  label: string;
  /** Upper end of the scale (default: the largest value). */
  max?: number;
  /** A log scale for values that span orders of magnitude (sizes). */
  log?: boolean;
}

/** Draws (or redraws, with the same container) the bars. */
export function drawBars(
  container: HTMLElement,
  data: readonly BarDatum[],
  options: BarOptions,
): void {
  const max = options.max ?? Math.max(...data.map((d) => d.value), 0);
  const min = Math.min(...data.map((d) => d.value).filter((v) => v > 0));
  const scale =
    options.log && min > 0 && max / min > 20
      ? scaleLog()
          .domain([min / 3, max])
          .range([2, 100])
          .clamp(true)
      : scaleLinear()
          .domain([0, max || 1])
          .range([0, 100])
          .clamp(true);

  let list = select(container).select<HTMLUListElement>('ul.bc');
  if (list.empty()) list = select(container).append('ul').attr('class', 'bc');
  const still = prefersReducedMotion(container);
  list.attr('aria-label', options.label).classed('bc-animate', !still);

  const rows = list
    .selectAll<HTMLLIElement, BarDatum>('li.bc-row')
    .data(data, (d) => d.id)
    .join((enter) => {
      const li = enter.append('li').attr('class', 'bc-row');
      const head = li.append('div').attr('class', 'bc-head');
      head.append('span').attr('class', 'bc-label');
      head.append('span').attr('class', 'bc-sub');
      head.append('span').attr('class', 'bc-note');
      const line = li.append('div').attr('class', 'bc-line');
      const track = line.append('span').attr('class', 'bc-track').attr('aria-hidden', 'true');
      track.append('span').attr('class', 'bc-fill').style('width', '0%');
      track.append('span').attr('class', 'bc-interval');
      const value = line.append('span').attr('class', 'bc-value');
      value.append('span').attr('class', 'bc-value-main');
      const range = value.append('span').attr('class', 'bc-range');
      range.append('span').attr('class', 'visually-hidden bc-range-name');
      range.append('span').attr('class', 'bc-range-text');
      return li;
    });

  rows.attr('class', (d) => `bc-row bc-${d.tone ?? 'plain'}`).attr('data-id', (d) => d.id);
  rows.select('.bc-label').text((d) => d.label);
  rows
    .select('.bc-sub')
    .text((d) => d.sublabel ?? '')
    .attr('hidden', (d) => (d.sublabel ? null : ''));
  rows
    .select('.bc-note')
    .text((d) => d.note ?? '')
    .attr('hidden', (d) => (d.note ? null : ''));
  rows.select('.bc-value-main').text((d) => d.valueText);
  rows.select('.bc-range').attr('hidden', (d) => (d.interval ? null : ''));
  rows.select('.bc-range-name').text((d) => (d.interval ? `, ${d.interval.name} ` : ''));
  rows.select('.bc-range-text').text((d) => d.interval?.text ?? '');
  rows
    .select<HTMLSpanElement>('.bc-interval')
    .attr('hidden', (d) => (d.interval ? null : ''))
    .style('left', (d) => (d.interval ? `${scale(d.interval.low)}%` : null))
    .style('width', (d) =>
      d.interval ? `${Math.max(0, scale(d.interval.high) - scale(d.interval.low))}%` : null,
    );
  // Set the width on the next frame so a new bar grows from zero (CSS transition, when allowed).
  const fills = rows.select<HTMLSpanElement>('.bc-fill');
  const apply = () => fills.style('width', (d) => `${Math.max(0.5, scale(d.value))}%`);
  if (still) apply();
  else requestAnimationFrame(apply);
  rows.order();
}
