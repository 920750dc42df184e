/**
 * The playground's two canvases: the picture (grey numbers, padding drawn as dotted squares, the
 * filter's 3 × 3 window) and the feature map (the whole map, or while stepping only the positions
 * visited so far), with the filter's place framed on both. Sharp at any size and pixel ratio.
 */
import {
  positionOf,
  toGreyLevels,
  type DisplayMode,
  type Grid,
  type Step,
} from '../../lib/convolution/convolution.ts';

const WINDOW = '#ffb000';

/** What to draw. */
export interface Scene {
  input: Grid;
  output: Grid;
  padding: number;
  mode: DisplayMode;
  /** Show only the positions up to `pos`. */
  stepping: boolean;
  pos: number;
  /** The filter at `pos` (null when the map is empty). */
  step: Step | null;
}

export class Canvases {
  readonly picture: HTMLCanvasElement;
  readonly map: HTMLCanvasElement;

  constructor(picture: HTMLCanvasElement, map: HTMLCanvasElement) {
    this.picture = picture;
    this.map = map;
  }

  private palette(): { empty: string; pad: string; edge: string } {
    const dark =
      document.documentElement.dataset.theme === 'dark' ||
      (!document.documentElement.dataset.theme &&
        matchMedia('(prefers-color-scheme: dark)').matches);
    return dark
      ? { empty: '#2a2e3a', pad: '#101218', edge: '#8ab4ff' }
      : { empty: '#e9e6de', pad: '#1c1e24', edge: '#0b57d0' };
  }

  private prepare(
    canvas: HTMLCanvasElement,
    cells: number,
  ): { ctx: CanvasRenderingContext2D; side: number; step: number } | null {
    const css = canvas.clientWidth || 300;
    const dpr = Math.min(3, globalThis.devicePixelRatio || 1);
    const side = Math.max(cells, Math.round(css * dpr));
    if (canvas.width !== side) canvas.width = canvas.height = side;
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    ctx.imageSmoothingEnabled = false;
    return { ctx, side, step: side / cells };
  }

  private tile: HTMLCanvasElement | null = null;

  private blit(
    ctx: CanvasRenderingContext2D,
    grey: Uint8ClampedArray,
    w: number,
    hgt: number,
    x: number,
    y: number,
    dw: number,
    dh: number,
  ): void {
    this.tile ??= document.createElement('canvas');
    const t = this.tile;
    t.width = w;
    t.height = hgt;
    const rgba = new Uint8ClampedArray(w * hgt * 4);
    for (let i = 0; i < w * hgt; i++) {
      rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = grey[i]!;
      rgba[4 * i + 3] = 255;
    }
    t.getContext('2d')!.putImageData(new ImageData(rgba, w, hgt), 0, 0);
    ctx.drawImage(t, x, y, dw, dh);
  }

  private frame(
    ctx: CanvasRenderingContext2D,
    x: number,
    y: number,
    w: number,
    hgt: number,
    lw: number,
  ): void {
    ctx.lineWidth = lw + 2;
    ctx.strokeStyle = '#000';
    ctx.strokeRect(x, y, w, hgt);
    ctx.lineWidth = lw;
    ctx.strokeStyle = WINDOW;
    ctx.strokeRect(x, y, w, hgt);
  }

  /** Draws the picture with the filter on it, and the feature map (filled in so far, while stepping). */
  draw({ input, output, padding, mode, stepping, pos, step: s }: Scene): void {
    const pal = this.palette();
    const p = padding;
    const cells = input.width + 2 * p;
    const inp = this.prepare(this.picture, cells);
    if (inp) {
      const { ctx, side, step } = inp;
      ctx.fillStyle = pal.pad;
      ctx.fillRect(0, 0, side, side);
      if (p > 0) {
        // Padding: dark squares with a dot, so "zeros" read as squares too.
        ctx.fillStyle = 'rgb(255 255 255 / 0.25)';
        for (let r = 0; r < cells; r++)
          for (let c = 0; c < cells; c++) {
            if (r >= p && c >= p && r < cells - p && c < cells - p) continue;
            ctx.beginPath();
            ctx.arc((c + 0.5) * step, (r + 0.5) * step, Math.max(1, step * 0.12), 0, Math.PI * 2);
            ctx.fill();
          }
      }
      const grey = toGreyLevels(input, 'clip');
      this.blit(
        ctx,
        grey,
        input.width,
        input.height,
        p * step,
        p * step,
        input.width * step,
        input.height * step,
      );
      if (p > 0) {
        ctx.setLineDash([Math.max(2, step), Math.max(2, step)]);
        ctx.lineWidth = Math.max(1, step / 5);
        ctx.strokeStyle = pal.edge;
        ctx.strokeRect(p * step, p * step, input.width * step, input.height * step);
        ctx.setLineDash([]);
      }
      if (s)
        this.frame(
          ctx,
          (s.inX + p) * step,
          (s.inY + p) * step,
          3 * step,
          3 * step,
          Math.max(2, step / 3),
        );
    }

    const out = output;
    const o = this.prepare(this.map, Math.max(1, out.width));
    if (o && out.width > 0) {
      const { ctx, side, step } = o;
      const grey = toGreyLevels(out, mode);
      if (stepping) {
        ctx.fillStyle = pal.empty;
        ctx.fillRect(0, 0, side, side);
        const shown = new Uint8ClampedArray(grey);
        // Draw whole visited rows, then the visited part of the current row.
        const { x, y } = positionOf(pos, out.width);
        if (y > 0)
          this.blit(ctx, shown.subarray(0, y * out.width), out.width, y, 0, 0, side, y * step);
        this.blit(
          ctx,
          shown.subarray(y * out.width, y * out.width + x + 1),
          x + 1,
          1,
          0,
          y * step,
          (x + 1) * step,
          step,
        );
      } else {
        this.blit(ctx, grey, out.width, out.height, 0, 0, side, side);
      }
      const { x, y } = positionOf(pos, out.width);
      this.frame(ctx, x * step, y * step, step, step, Math.max(2, step / 3));
    }
  }
}
