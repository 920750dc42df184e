/**
 * Draws every convolution layer's activations for one face as small multiples: one canvas per layer
 * (fast to redraw), with a grid of buttons over it so that each map can be picked by click or by
 * keyboard (arrow keys inside a layer, Tab between layers, Enter/Space to enlarge). The picked map is
 * shown large with the colour scale and its values. A short text description for screen readers is
 * rewritten at most every two seconds.
 *
 * Colours: each map on its own scale, from 0 (no response, dark purple) to its own highest value in
 * this frame (yellow), so that the pattern of every map shows; the enlarged map says what that value
 * is. The activations come after ReLU, so they are never below 0. A map whose highest value is tiny
 * next to the strongest map of its layer (under 2%) is drawn on the layer's scale instead, so that
 * noise is not blown up into a pattern.
 */
import type { FeatureMap } from '../../lib/ml/classifier.ts';
import { VIRIDIS, legendGradient } from './colormap.ts';
import { kitText } from './text.ts';

export interface RenderInfo {
  /** Which face, in words, e.g. "face 1". */
  faceName?: string;
}

interface LayerView {
  name: string;
  section: HTMLElement;
  title: HTMLElement;
  canvas: HTMLCanvasElement;
  ctx: CanvasRenderingContext2D;
  grid: HTMLElement;
  buttons: HTMLButtonElement[];
  shown: number;
  cols: number;
  width: number;
  height: number;
  channels: number;
  image: ImageData | null;
}

/** Maps shown per layer until the reader asks for all of them. */
export const DEFAULT_PER_LAYER = 16;
const COLS = 16;
/** Smallest width of a map's button, CSS px (WCAG 2.2 target size is 24). */
const MIN_CELL = 26;
const DESCRIBE_EVERY_MS = 2000;

const part = <T extends HTMLElement>(root: HTMLElement, name: string) =>
  root.querySelector<T>(`[data-fm="${name}"]`);

/** A map's nine regions in words: rows top to bottom, columns left to right. */
const PLACES = [
  ['maps.place.upperLeft', 'maps.place.upperCentre', 'maps.place.upperRight'],
  ['maps.place.middleLeft', 'maps.place.centre', 'maps.place.middleRight'],
  ['maps.place.lowerLeft', 'maps.place.lowerCentre', 'maps.place.lowerRight'],
] as const;

/** Where in a map its strongest response is, in words. */
export function placeWords(map: FeatureMap, channel: number): string {
  const { width, height, channels, data } = map;
  let best = -Infinity;
  let bx = 0;
  let by = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = data[(y * width + x) * channels + channel]!;
      if (v > best) [best, bx, by] = [v, x, y];
    }
  }
  const row = Math.min(2, Math.floor((3 * (by + 0.5)) / height));
  const col = Math.min(2, Math.floor((3 * (bx + 0.5)) / width));
  return kitText(PLACES[row]![col]!);
}

/** Strongest value of each channel, and of the whole layer. */
export function channelPeaks(map: FeatureMap): { peaks: Float32Array; max: number } {
  const peaks = new Float32Array(map.channels);
  const { data, channels } = map;
  for (let i = 0; i < data.length; i++) {
    const c = i % channels;
    if (data[i]! > peaks[c]!) peaks[c] = data[i]!;
  }
  let max = 0;
  for (const p of peaks) if (p > max) max = p;
  return { peaks, max };
}

/** The placeholders every sentence about one layer's maps uses. */
const layerFacts = (m: FeatureMap, index: number) => ({
  layer: index + 1,
  name: m.layer,
  count: m.channels,
  width: m.width,
  height: m.height,
});

export class FeatureMapsView {
  private readonly root: HTMLElement;
  private layers: LayerView[] = [];
  private maps: FeatureMap[] = [];
  private peaks: { peaks: Float32Array; max: number }[] = [];
  private selected = { layer: 0, channel: 0 };
  private showAll = false;
  private lastDescribed = -Infinity;
  private info: RenderInfo = {};
  private readonly detailCanvas: HTMLCanvasElement;
  private readonly detailCtx: CanvasRenderingContext2D;
  private readonly detailCaption: HTMLElement;
  private readonly legendMax: HTMLElement;

  constructor(root: HTMLElement) {
    this.root = root;
    const detail = part(root, 'detail')!;
    detail.replaceChildren();
    this.detailCanvas = document.createElement('canvas');
    this.detailCanvas.className = 'fm-detail-canvas';
    this.detailCanvas.setAttribute('role', 'img');
    this.detailCtx = this.detailCanvas.getContext('2d')!;
    this.detailCaption = document.createElement('p');
    this.detailCaption.className = 'fm-detail-caption';
    this.detailCaption.id = `${root.id || 'fm'}-detail-caption`;
    this.detailCanvas.setAttribute('aria-labelledby', this.detailCaption.id);
    const legend = document.createElement('div');
    legend.className = 'fm-legend';
    const bar = document.createElement('div');
    bar.className = 'fm-legend-bar';
    bar.style.backgroundImage = legendGradient();
    const ends = document.createElement('div');
    ends.className = 'fm-legend-ends';
    const low = document.createElement('span');
    low.textContent = kitText('maps.legendLow');
    this.legendMax = document.createElement('span');
    ends.append(low, this.legendMax);
    const legendTitle = document.createElement('p');
    legendTitle.className = 'fm-legend-title';
    legendTitle.textContent = kitText('maps.legendTitle');
    legend.append(legendTitle, bar, ends);
    const figure = document.createElement('div');
    figure.className = 'fm-detail-figure';
    figure.append(this.detailCanvas);
    const text = document.createElement('div');
    text.className = 'fm-detail-text';
    text.append(this.detailCaption, legend);
    detail.append(figure, text);

    // Narrow screens get fewer columns (bigger buttons); rebuild when the count changes.
    if (typeof ResizeObserver === 'function') {
      let cols = 0;
      new ResizeObserver(() => {
        const next = this.maxCols();
        if (next !== cols && this.maps.length > 0) {
          cols = next;
          this.rebuild();
          this.draw();
        }
        cols = next;
      }).observe(part(root, 'layers')!);
    }
    part(root, 'all')?.addEventListener('click', (e) => {
      this.showAll = !this.showAll;
      (e.currentTarget as HTMLElement).setAttribute('aria-pressed', String(this.showAll));
      (e.currentTarget as HTMLElement).textContent = this.showAll
        ? kitText('maps.showFewer')
        : kitText('maps.showAll');
      this.rebuild();
      this.draw();
    });
  }

  /** Draws a new set of maps (same model: the layout is kept). Returns the milliseconds it took. */
  render(maps: FeatureMap[], info: RenderInfo = {}): number {
    const t0 = performance.now();
    this.info = info;
    const changed =
      maps.length !== this.maps.length ||
      maps.some((m, i) => m.layer !== this.maps[i]?.layer || m.channels !== this.maps[i]?.channels);
    this.maps = maps;
    this.peaks = maps.map((m) => channelPeaks(m));
    if (changed) {
      this.selected = { layer: 0, channel: 0 };
      this.rebuild();
    }
    part(this.root, 'placeholder')?.setAttribute('hidden', '');
    for (const el of this.root.querySelectorAll<HTMLElement>('[data-fm-when-ready]'))
      el.hidden = false;
    this.draw();
    const now = performance.now();
    if (now - this.lastDescribed >= DESCRIBE_EVERY_MS) {
      this.lastDescribed = now;
      this.describe();
    }
    return performance.now() - t0;
  }

  /** Shows the "choose a picture" placeholder again. */
  clear(): void {
    this.maps = [];
    this.layers.forEach((l) => l.section.remove());
    this.layers = [];
    part(this.root, 'placeholder')?.removeAttribute('hidden');
    for (const el of this.root.querySelectorAll<HTMLElement>('[data-fm-when-ready]'))
      el.hidden = true;
  }

  private rebuild(): void {
    const host = part(this.root, 'layers')!;
    const focusedIndex = this.layers.findIndex((l) => l.section.contains(document.activeElement));
    host.replaceChildren();
    this.layers = this.maps.map((m, li) => {
      const shown = this.showAll ? m.channels : Math.min(DEFAULT_PER_LAYER, m.channels);
      const cols = Math.min(this.maxCols(), shown);
      const rows = Math.ceil(shown / cols);
      const section = document.createElement('div');
      section.className = 'fm-layer';
      const title = document.createElement('p');
      title.className = 'fm-layer-title';
      title.id = `${this.root.id || 'fm'}-layer-${li}`;
      const layer = layerFacts(m, li);
      title.textContent =
        shown < m.channels
          ? kitText('maps.layerTitleFirstShown', { ...layer, shown })
          : kitText('maps.layerTitle', layer);
      const wrap = document.createElement('div');
      wrap.className = 'fm-grid-wrap';
      const canvas = document.createElement('canvas');
      canvas.width = cols * m.width;
      canvas.height = rows * m.height;
      canvas.className = 'fm-canvas';
      canvas.setAttribute('aria-hidden', 'true');
      const grid = document.createElement('div');
      grid.className = 'fm-grid';
      grid.setAttribute('role', 'group');
      grid.setAttribute('aria-labelledby', title.id);
      grid.style.gridTemplateColumns = `repeat(${cols}, 1fr)`;
      grid.style.gridTemplateRows = `repeat(${rows}, 1fr)`;
      grid.style.aspectRatio = `${cols * m.width} / ${rows * m.height}`;
      const buttons: HTMLButtonElement[] = [];
      for (let c = 0; c < shown; c++) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'fm-cell';
        b.tabIndex = -1;
        b.setAttribute(
          'aria-label',
          kitText('maps.mapButton', { layer: li + 1, map: c + 1, count: m.channels }),
        );
        b.setAttribute('aria-pressed', 'false');
        b.addEventListener('click', () => this.select(li, c, false));
        b.addEventListener('keydown', (e) => this.onKey(e, li, c, cols, shown));
        buttons.push(b);
        grid.append(b);
      }
      wrap.append(canvas, grid);
      section.append(title, wrap);
      host.append(section);
      const ctx = canvas.getContext('2d')!;
      return {
        name: m.layer,
        section,
        title,
        canvas,
        ctx,
        grid,
        buttons,
        shown,
        cols,
        width: m.width,
        height: m.height,
        channels: m.channels,
        image: null,
      };
    });
    if (
      this.selected.layer >= this.layers.length ||
      this.selected.channel >= (this.layers[this.selected.layer]?.shown ?? 0)
    )
      this.selected = { layer: 0, channel: 0 };
    this.markSelected();
    if (focusedIndex >= 0)
      this.layers[Math.min(focusedIndex, this.layers.length - 1)]?.buttons[0]?.focus();
  }

  /** As many columns as fit with buttons at least MIN_CELL wide (at most 16, at least 4). */
  private maxCols(): number {
    const width = part(this.root, 'layers')?.clientWidth ?? 0;
    return width > 0
      ? Math.max(4, Math.min(COLS, Math.floor(Math.min(width, 576) / MIN_CELL)))
      : COLS;
  }

  private onKey(
    e: KeyboardEvent,
    layer: number,
    channel: number,
    cols: number,
    shown: number,
  ): void {
    let next = channel;
    switch (e.key) {
      case 'ArrowRight':
        next = Math.min(shown - 1, channel + 1);
        break;
      case 'ArrowLeft':
        next = Math.max(0, channel - 1);
        break;
      case 'ArrowDown':
        next = channel + cols < shown ? channel + cols : channel;
        break;
      case 'ArrowUp':
        next = channel - cols >= 0 ? channel - cols : channel;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = shown - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    this.select(layer, next, true);
  }

  private select(layer: number, channel: number, focus: boolean): void {
    this.selected = { layer, channel };
    this.markSelected();
    if (focus) this.layers[layer]?.buttons[channel]?.focus();
    this.drawDetail();
  }

  /** aria-pressed on the picked map; one Tab stop per layer (its picked map, or its first). */
  private markSelected(): void {
    this.layers.forEach((l, li) => {
      const stop = li === this.selected.layer ? this.selected.channel : 0;
      l.buttons.forEach((b, c) => {
        const picked = li === this.selected.layer && c === this.selected.channel;
        b.setAttribute('aria-pressed', String(picked));
        b.tabIndex = c === stop ? 0 : -1;
      });
    });
  }

  private draw(): void {
    this.layers.forEach((l, li) => {
      const map = this.maps[li];
      if (!map) return;
      const rows = Math.ceil(l.shown / l.cols);
      const W = l.cols * l.width;
      if (!l.image || l.image.width !== W) l.image = l.ctx.createImageData(W, rows * l.height);
      const out = l.image.data;
      out.fill(0);
      const { data, channels, width, height } = map;
      for (let c = 0; c < l.shown; c++) {
        const scale = this.scaleOf(li, c);
        const ox = (c % l.cols) * width;
        const oy = Math.floor(c / l.cols) * height;
        for (let y = 0; y < height; y++) {
          let o = ((oy + y) * W + ox) * 4;
          let i = y * width * channels + c;
          for (let x = 0; x < width; x++, o += 4, i += channels) {
            const k = 3 * Math.min(255, Math.max(0, Math.round(data[i]! * scale)));
            out[o] = VIRIDIS[k]!;
            out[o + 1] = VIRIDIS[k + 1]!;
            out[o + 2] = VIRIDIS[k + 2]!;
            out[o + 3] = 255;
          }
        }
      }
      l.ctx.putImageData(l.image, 0, 0);
    });
    this.drawDetail();
  }

  private drawDetail(): void {
    const { layer, channel } = this.selected;
    const map = this.maps[layer];
    if (!map) return;
    const c = this.detailCanvas;
    if (c.width !== map.width || c.height !== map.height) {
      c.width = map.width;
      c.height = map.height;
    }
    const img = this.detailCtx.createImageData(map.width, map.height);
    const scale = this.scaleOf(layer, channel);
    const top = scale > 0 ? 255 / scale : 0;
    let peak = 0;
    for (let p = 0; p < map.width * map.height; p++) {
      const v = map.data[p * map.channels + channel]!;
      if (v > peak) peak = v;
      const k = 3 * Math.min(255, Math.max(0, Math.round(v * scale)));
      img.data[4 * p] = VIRIDIS[k]!;
      img.data[4 * p + 1] = VIRIDIS[k + 1]!;
      img.data[4 * p + 2] = VIRIDIS[k + 2]!;
      img.data[4 * p + 3] = 255;
    }
    this.detailCtx.putImageData(img, 0, 0);
    const shown = {
      layer: layer + 1,
      name: map.layer,
      map: channel + 1,
      count: map.channels,
      width: map.width,
      height: map.height,
      peak: peak.toFixed(2),
    };
    this.detailCaption.textContent =
      peak > 0
        ? kitText('maps.enlarged', { ...shown, place: placeWords(map, channel) })
        : kitText('maps.enlargedNoResponse', shown);
    this.legendMax.textContent = kitText('maps.legendHigh', { value: top.toFixed(2) });
  }

  /** Multiplier from activation to 0–255 colour index for one map (see the note at the top). */
  private scaleOf(layer: number, channel: number): number {
    const { peaks, max } = this.peaks[layer] ?? { peaks: new Float32Array(0), max: 0 };
    const peak = peaks[channel] ?? 0;
    const top = peak >= 0.02 * max ? peak : max;
    return top > 0 ? 255 / top : 0;
  }

  /** A few sentences for screen readers (and anyone who opens them). */
  private describe(): void {
    const out = part(this.root, 'description');
    if (!out) return;
    const sentences = [
      kitText('maps.describe', {
        layers: this.maps.length,
        face: this.info.faceName ?? kitText('maps.theFace'),
      }),
    ];
    this.maps.forEach((m, li) => {
      const { peaks, max } = channelPeaks(m);
      let strongest = 0;
      let active = 0;
      peaks.forEach((p, c) => {
        if (p > 0.05 * max) active++;
        if (p > peaks[strongest]!) strongest = c;
      });
      const layer = layerFacts(m, li);
      sentences.push(
        max > 0
          ? kitText('maps.describeLayer', {
              ...layer,
              active,
              strongest: strongest + 1,
              place: placeWords(m, strongest),
            })
          : kitText('maps.describeLayerSilent', layer),
      );
    });
    out.textContent = sentences.join(' ');
  }
}
