/**
 * The pixel grid (lesson 2), built when the reader reaches it (see PixelGrid.astro).
 *
 * Shows the face the reader picked (webcam, sample photo, upload — through the shared <face-source>
 * picker) as the model card's grid of grey numbers: point, tap or use the arrow keys to read a
 * square's value (announced politely); a slider changes the grid from 8 × 8 to 96 × 96; the red,
 * green and blue channels sit beside it; and "the exact array the model receives" can be read and
 * copied. Before any picture is picked, a drawn smiley stands in, so nothing has to download.
 */
import { count } from '../../lib/format.ts';
import type { ModelInputSpec } from '../../lib/ml/model-card.ts';
import { greyCss, h, inkOn, throttle, uid } from '../_kit/dom.ts';
import { mountWithCard } from '../_kit/mount-with-card.ts';
import { SourceBar } from '../_kit/source-bar.ts';
import {
  cellAtPoint,
  channelGrids,
  describeLuma,
  describeNormalisation,
  formatModelInput,
  gridStats,
  modelInput,
  moveCell,
  rescaleCell,
  GRID_SIZES,
  type ChannelGrids,
  type Snapshot,
} from '../_kit/snapshot.ts';
import { gridText } from './text.ts';

const { min: MIN_SIZE, max: MAX_SIZE } = GRID_SIZES;
/** Numbers are written inside the squares when a square is at least this many CSS pixels wide. */
const NUMBERS_FROM_PX = 26;
const CLOSEUP = 5;

type Channel = 'gray' | 'colour' | 'red' | 'green' | 'blue';

interface Cell {
  row: number;
  col: number;
}

export function mount(root: HTMLElement): void {
  mountWithCard(
    root,
    '[data-pg-stage]',
    { className: 'pg-error', text: gridText('couldNotStart') },
    (stage, spec) => new PixelGrid(root, stage, spec),
  );
}

class PixelGrid {
  private readonly spec: ModelInputSpec;
  private readonly root: HTMLElement;
  private readonly bar: SourceBar;
  private snapshot: Snapshot | null = null;
  private grids: ChannelGrids | null = null;
  private size: number;
  private cell: Cell;
  private what = gridText('drawnSmiley');

  // Elements.
  private readonly wrap: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly channelCanvases: Record<Exclude<Channel, 'gray'>, HTMLCanvasElement>;
  private readonly channelValues: Record<Exclude<Channel, 'gray'>, HTMLElement>;
  private readonly closeup: HTMLElement;
  private readonly readCell: HTMLElement;
  private readonly readChannels: HTMLElement;
  private readonly readMix: HTMLElement;
  private readonly readModel: HTMLElement;
  private readonly announcer: HTMLElement;
  private readonly slider: HTMLInputElement;
  private readonly sizeOut: HTMLOutputElement;
  private readonly resetSize: HTMLButtonElement;
  private readonly summary: HTMLElement;
  private readonly arrayBox: HTMLDetailsElement;
  private readonly arrayText: HTMLTextAreaElement;
  private readonly arrayStatus: HTMLElement;
  private readonly arrayShape: HTMLElement;

  constructor(root: HTMLElement, stage: HTMLElement, spec: ModelInputSpec) {
    this.root = root;
    this.spec = spec;
    this.size = spec.width;
    this.cell = { row: Math.floor(spec.height / 2), col: Math.floor(spec.width / 2) };
    const id = uid('pixel-grid');

    this.canvas = h('canvas', {
      class: 'pg-canvas wsrc-pixels',
      width: 480,
      height: 480,
      'aria-hidden': 'true',
    });
    this.wrap = h(
      'div',
      {
        class: 'pg-canvas-wrap wsrc-pixels-wrap',
        tabindex: 0,
        role: 'application',
        'aria-roledescription': gridText('grid.roleDescription'),
        'aria-label': gridText('grid.label'),
        'aria-describedby': `${id}-help ${id}-summary`,
      },
      this.canvas,
    );
    const help = h('p', {
      class: 'pg-help',
      id: `${id}-help`,
      text: gridText('grid.help'),
    });

    this.closeup = h('div', { class: 'pg-closeup', 'aria-hidden': 'true' });
    this.readCell = h('p', { class: 'pg-read-cell' });
    this.readChannels = h('p', { class: 'pg-read-channels' });
    this.readMix = h('p', { class: 'pg-read-mix' });
    this.readModel = h('p', { class: 'pg-read-model' });
    this.announcer = h('div', {
      class: 'visually-hidden',
      'aria-live': 'polite',
      'aria-atomic': 'true',
    });

    const channel = (key: Exclude<Channel, 'gray'>, label: string) => {
      const c = h('canvas', {
        class: `pg-channel-canvas`,
        width: 96,
        height: 96,
        'aria-hidden': 'true',
      });
      const v = h('span', { class: 'pg-channel-value' });
      const item = h(
        'li',
        { class: `pg-channel pg-channel-${key}` },
        c,
        h('span', { class: 'pg-channel-name', text: label }),
        v,
      );
      return { c, v, item };
    };
    const colour = channel('colour', gridText('channel.colour'));
    const red = channel('red', gridText('channel.red'));
    const green = channel('green', gridText('channel.green'));
    const blue = channel('blue', gridText('channel.blue'));
    this.channelCanvases = { colour: colour.c, red: red.c, green: green.c, blue: blue.c };
    this.channelValues = { colour: colour.v, red: red.v, green: green.v, blue: blue.v };

    this.slider = h('input', {
      type: 'range',
      id: `${id}-size`,
      min: MIN_SIZE,
      max: MAX_SIZE,
      step: 1,
      value: this.size,
      'aria-describedby': `${id}-size-out`,
    });
    this.sizeOut = h('output', { id: `${id}-size-out`, for: `${id}-size`, class: 'pg-size-out' });
    this.resetSize = h('button', {
      type: 'button',
      class: 'button secondary pg-small-button',
      text: gridText('size.backTo', { width: spec.width, height: spec.height }),
    });

    this.bar = new SourceBar({
      root,
      onSnapshot: (snap, what) => {
        this.what = what;
        this.setSnapshot(snap);
      },
      onFreeze: (frozen) => {
        if (frozen) {
          this.updateSummary();
          this.updateArray();
        }
      },
    });

    this.summary = h('p', { class: 'pg-summary', id: `${id}-summary` });

    this.arrayShape = h('p');
    this.arrayStatus = h('span', { class: 'pg-copy-status', role: 'status' });
    this.arrayText = h('textarea', {
      id: `${id}-array`,
      class: 'pg-array-text',
      readonly: true,
      rows: 8,
      spellcheck: 'false',
      wrap: 'off',
    });
    const copy = h('button', {
      type: 'button',
      class: 'button secondary pg-small-button',
      text: gridText('array.copy'),
    });
    this.arrayBox = h(
      'details',
      { class: 'pg-array' },
      h('summary', { text: gridText('array.title') }),
      this.arrayShape,
      h('p', {}, copy, ' ', this.arrayStatus),
      h('label', {
        for: `${id}-array`,
        class: 'pg-array-label',
        text: gridText('array.label', { numbers: count(spec.width * spec.height * spec.channels) }),
      }),
      this.arrayText,
    );

    stage.replaceChildren(
      this.bar.element,
      h(
        'div',
        { class: 'pg-layout' },
        h('div', { class: 'pg-main' }, this.wrap, help),
        h(
          'div',
          { class: 'pg-side' },
          h('p', { class: 'pg-side-title', text: gridText('side.closeUp') }),
          this.closeup,
          h(
            'div',
            { class: 'pg-readout' },
            this.readCell,
            this.readChannels,
            this.readMix,
            this.readModel,
          ),
        ),
      ),
      h(
        'div',
        { class: 'pg-channels-box' },
        h('p', {
          class: 'pg-side-title',
          text: gridText('side.channels'),
        }),
        h(
          'ul',
          { class: 'pg-channels', role: 'list' },
          colour.item,
          red.item,
          green.item,
          blue.item,
        ),
      ),
      h(
        'div',
        { class: 'pg-size' },
        h('label', { for: `${id}-size`, text: gridText('size.label') }),
        this.slider,
        this.sizeOut,
        this.resetSize,
      ),
      this.arrayBox,
      this.summary,
      this.announcer,
    );

    this.wire(copy);
    if (!this.snapshot) this.bar.showDemo(spec, (demo) => this.setSnapshot(demo));
    this.updateSizeText();
    root.dataset.ready = 'true';
  }

  // ---------- Data ----------

  private setSnapshot(snap: Snapshot): void {
    this.snapshot = snap;
    this.recompute();
  }

  private recompute(): void {
    if (!this.snapshot) return;
    this.grids = channelGrids(this.snapshot, this.size, this.spec);
    this.draw();
    this.readout(false);
    if (this.bar.live && !this.bar.frozen) {
      this.slowUpdates();
    } else {
      this.updateSummary();
      this.updateArray();
    }
  }

  private readonly slowUpdates = throttle(() => {
    this.updateSummary();
    this.updateArray();
  }, 1000);

  private value(cell: Cell, channel: Channel): number {
    const g = this.grids!;
    const i = cell.row * g.size + cell.col;
    switch (channel) {
      case 'gray':
        return g.gray[i]!;
      case 'red':
        return g.rgb[3 * i]!;
      case 'green':
        return g.rgb[3 * i + 1]!;
      case 'blue':
        return g.rgb[3 * i + 2]!;
      default:
        return g.gray[i]!;
    }
  }

  // ---------- Drawing ----------

  private rgba(channel: Channel): Uint8ClampedArray {
    const g = this.grids!;
    const n = g.size * g.size;
    const out = new Uint8ClampedArray(n * 4);
    for (let i = 0; i < n; i++) {
      const r = g.rgb[3 * i]!;
      const gr = g.rgb[3 * i + 1]!;
      const b = g.rgb[3 * i + 2]!;
      const v = g.gray[i]!;
      const o = 4 * i;
      out[o + 3] = 255;
      if (channel === 'gray') out[o] = out[o + 1] = out[o + 2] = Math.round(v);
      else if (channel === 'colour') {
        out[o] = Math.round(r);
        out[o + 1] = Math.round(gr);
        out[o + 2] = Math.round(b);
      } else if (channel === 'red') out[o] = Math.round(r);
      else if (channel === 'green') out[o + 1] = Math.round(gr);
      else out[o + 2] = Math.round(b);
    }
    return out;
  }

  private tile: HTMLCanvasElement | null = null;

  private paint(canvas: HTMLCanvasElement, channel: Channel, numbers: boolean): void {
    const g = this.grids!;
    const css = canvas.clientWidth || 240;
    const dpr = Math.min(3, globalThis.devicePixelRatio || 1);
    const side = Math.max(g.size, Math.round(css * dpr));
    if (canvas.width !== side) canvas.width = canvas.height = side;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    this.tile ??= document.createElement('canvas');
    const tile = this.tile;
    tile.width = tile.height = g.size;
    const tctx = tile.getContext('2d')!;
    tctx.putImageData(
      new ImageData(this.rgba(channel) as Uint8ClampedArray<ArrayBuffer>, g.size, g.size),
      0,
      0,
    );
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(tile, 0, 0, side, side);
    const step = side / g.size;
    const cssStep = css / g.size;
    if (cssStep >= 6) {
      ctx.strokeStyle = 'rgb(128 128 128 / 0.35)';
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let i = 1; i < g.size; i++) {
        const p = Math.round(i * step) + 0.5;
        ctx.moveTo(p, 0);
        ctx.lineTo(p, side);
        ctx.moveTo(0, p);
        ctx.lineTo(side, p);
      }
      ctx.stroke();
    }
    if (numbers && cssStep >= NUMBERS_FROM_PX) {
      ctx.font = `${Math.floor(step * 0.4)}px system-ui, sans-serif`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      for (let row = 0; row < g.size; row++) {
        for (let col = 0; col < g.size; col++) {
          const v = this.value({ row, col }, 'gray');
          ctx.fillStyle = inkOn(v);
          ctx.fillText(String(Math.round(v)), (col + 0.5) * step, (row + 0.5) * step);
        }
      }
    }
    // The current square: a white and a black frame, visible on any grey.
    const x = this.cell.col * step;
    const y = this.cell.row * step;
    const w = Math.max(2, Math.min(4, step / 4)) * (dpr > 1 ? 1.5 : 1);
    ctx.lineWidth = w;
    ctx.strokeStyle = '#fff';
    ctx.strokeRect(x + w / 2, y + w / 2, step - w, step - w);
    ctx.lineWidth = w / 2;
    ctx.strokeStyle = '#000';
    ctx.strokeRect(x - w / 4, y - w / 4, step + w / 2, step + w / 2);
  }

  private draw(): void {
    if (!this.grids) return;
    this.paint(this.canvas, 'gray', true);
    for (const key of ['colour', 'red', 'green', 'blue'] as const)
      this.paint(this.channelCanvases[key], key, false);
  }

  // ---------- Reading a square ----------

  private setCell(cell: Cell, announce: boolean): void {
    if (cell.row === this.cell.row && cell.col === this.cell.col) return;
    this.cell = cell;
    this.draw();
    this.readout(announce);
  }

  private readout(announce: boolean): void {
    if (!this.grids) return;
    const { row, col } = this.cell;
    const gray = this.value(this.cell, 'gray');
    const r = this.value(this.cell, 'red');
    const g = this.value(this.cell, 'green');
    const b = this.value(this.cell, 'blue');
    const round = Math.round;
    const place = { row: row + 1, column: col + 1 };
    const values = { grey: round(gray), red: round(r), green: round(g), blue: round(b) };
    // The grey value in bold inside its sentence: the text around the {grey} placeholder.
    const [beforeGrey, afterGrey] = gridText('read.cell', { ...place, grey: '{grey}' }).split(
      '{grey}',
    );
    this.readCell.replaceChildren(
      beforeGrey!,
      h('strong', { text: gridText('read.grey', values) }),
      afterGrey!,
    );
    this.readChannels.textContent = gridText('read.channels', values);
    this.readMix.textContent = gridText('read.mix', {
      formula: describeLuma(this.spec, [r, g, b]),
      grey: values.grey,
    });
    const atModelSize = this.size === this.spec.width;
    const modelValue = gray * this.spec.scale + this.spec.offset;
    // The sum is written with the grey value as the model uses it (unrounded), so that it checks out on a calculator.
    const exactGray = Number(gray.toFixed(2));
    const sum = {
      sum: describeNormalisation(this.spec).replace('grey value', String(exactGray)),
      value: modelValue.toFixed(3),
    };
    this.readModel.textContent = !atModelSize
      ? gridText('read.setModelSize', { width: this.spec.width, height: this.spec.height })
      : exactGray === round(gray)
        ? gridText('read.model', sum)
        : gridText('read.modelUnrounded', sum);
    this.channelValues.colour.textContent = '';
    this.channelValues.red.textContent = String(round(r));
    this.channelValues.green.textContent = String(round(g));
    this.channelValues.blue.textContent = String(round(b));
    this.renderCloseup();
    if (announce) this.announce(gridText('read.announce', { ...place, ...values }));
  }

  private readonly announce = throttle((text: string) => {
    this.announcer.textContent = text;
  }, 400);

  private renderCloseup(): void {
    const half = Math.floor(CLOSEUP / 2);
    const size = this.grids!.size;
    const cells: HTMLElement[] = [];
    for (let dy = -half; dy <= half; dy++) {
      for (let dx = -half; dx <= half; dx++) {
        const row = this.cell.row + dy;
        const col = this.cell.col + dx;
        const inside = row >= 0 && col >= 0 && row < size && col < size;
        const v = inside ? this.value({ row, col }, 'gray') : 0;
        const el = h('span', {
          class: `pg-cu${dx === 0 && dy === 0 ? ' pg-cu-current' : ''}${inside ? '' : ' pg-cu-out'}`,
          text: inside ? String(Math.round(v)) : '',
        });
        if (inside) {
          el.style.background = greyCss(v);
          el.style.color = inkOn(v);
        }
        cells.push(el);
      }
    }
    this.closeup.replaceChildren(...cells);
  }

  // ---------- Text alternative and the model's array ----------

  private updateSummary(): void {
    if (!this.grids) return;
    const g = this.grids;
    const s = gridStats(g.gray);
    const at = (i: number) =>
      gridText('summary.place', { row: Math.floor(i / g.size) + 1, column: (i % g.size) + 1 });
    this.summary.textContent = [
      gridText('summary.shows', { what: this.what, size: g.size, numbers: count(g.size * g.size) }),
      gridText('summary.range', {
        min: Math.round(s.min),
        darkest: at(s.darkest),
        max: Math.round(s.max),
        brightest: at(s.brightest),
        mean: Math.round(s.mean),
      }),
    ].join(' ');
  }

  private updateArray(): void {
    if (!this.snapshot) return;
    const { width, height, channels } = this.spec;
    this.arrayShape.textContent = [
      gridText(channels === 1 ? 'array.shapeGrey' : 'array.shapeColour', {
        height,
        width,
        channels,
      }),
      gridText('array.normalisation', {
        normalisation: describeNormalisation(this.spec),
        black: this.spec.offset,
        white: Number((255 * this.spec.scale + this.spec.offset).toFixed(3)),
      }),
      gridText('array.sliderKeepsSize', { width, height }),
    ].join(' ');
    if (!this.arrayBox.open) return; // filled in when opened
    if (this.bar.live && !this.bar.frozen && document.activeElement === this.arrayText) return; // do not pull the text from under a selection
    this.arrayText.value = formatModelInput(modelInput(this.snapshot, this.spec), this.spec);
  }

  private async copyArray(): Promise<void> {
    if (!this.snapshot) return;
    const text = formatModelInput(modelInput(this.snapshot, this.spec), this.spec);
    this.arrayText.value = text;
    const numbers = count(this.spec.width * this.spec.height * this.spec.channels);
    try {
      await navigator.clipboard.writeText(text);
      this.arrayStatus.textContent = gridText('array.copied', { numbers });
    } catch {
      this.arrayText.focus();
      this.arrayText.select();
      this.arrayStatus.textContent = gridText('array.copyRefused');
    }
  }

  // ---------- Controls ----------

  private updateSizeText(): void {
    const n = this.size;
    const modelSize = n === this.spec.width;
    this.sizeOut.textContent = gridText(modelSize ? 'size.numbersModelSize' : 'size.numbers', {
      size: n,
      numbers: count(n * n),
    });
    this.slider.setAttribute(
      'aria-valuetext',
      gridText(modelSize ? 'size.squaresModelSize' : 'size.squares', { size: n }),
    );
    this.resetSize.hidden = n === this.spec.width;
    this.wrap.setAttribute('aria-label', gridText('grid.labelSized', { size: n }));
  }

  private setSize(n: number): void {
    const next = Math.min(MAX_SIZE, Math.max(MIN_SIZE, Math.round(n)));
    if (next === this.size) return;
    this.cell = rescaleCell(this.cell, this.size, next);
    this.size = next;
    this.slider.value = String(next);
    this.updateSizeText();
    this.recompute();
  }

  private wire(copy: HTMLButtonElement): void {
    const wrap = this.wrap;
    const fromEvent = (e: PointerEvent) =>
      cellAtPoint(
        e.clientX,
        e.clientY,
        this.canvas.getBoundingClientRect(),
        this.grids?.size ?? this.size,
      );
    wrap.addEventListener('pointermove', (e) => {
      if (e.pointerType === 'touch') return;
      const c = fromEvent(e);
      if (c) this.setCell(c, true);
    });
    wrap.addEventListener('pointerdown', (e) => {
      const c = fromEvent(e);
      if (c) this.setCell(c, true);
    });
    wrap.addEventListener('keydown', (e) => {
      const size = this.grids?.size ?? this.size;
      const next = moveCell(this.cell, e.key, size, e.ctrlKey || e.metaKey);
      if (!next) return;
      e.preventDefault();
      if (next.row === this.cell.row && next.col === this.cell.col)
        this.readout(true); // at the edge: say where we are again
      else this.setCell(next, true);
    });
    wrap.addEventListener('focus', () => this.readout(true));

    this.slider.addEventListener('input', () => this.setSize(Number(this.slider.value)));
    this.resetSize.addEventListener('click', () => {
      this.setSize(this.spec.width);
      this.slider.focus();
    });
    copy.addEventListener('click', () => void this.copyArray());
    this.arrayBox.addEventListener('toggle', () => this.updateArray());

    const ro = new ResizeObserver(() => this.draw());
    ro.observe(this.canvas);
  }
}
