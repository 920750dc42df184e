/**
 * The lab's picture (step 1) and the features strip in the diagram (step 3): the frame with a box
 * on every face (red on the face being recorded) and the new head's answer on it, the note under
 * the picture, and the trunk's features of the first face as a strip of shades.
 */
import { drawLabel, drawPicture } from '../_kit/picture-app.ts';
import type { Prediction } from '../../lib/pipeline/types.ts';
import type { FrameSource } from '../../lib/vision/types.ts';

const q = <T extends Element = HTMLElement>(root: ParentNode, name: string) =>
  root.querySelector<T>(`[data-tl="${name}"]`)!;

export class Stage {
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  private readonly note: HTMLElement;
  private readonly strip: HTMLCanvasElement;
  private noteText = '';

  constructor(root: ParentNode) {
    this.canvas = q<HTMLCanvasElement>(root, 'canvas');
    this.ctx = this.canvas.getContext('2d');
    this.note = q(root, 'stage-note');
    this.strip = q<HTMLCanvasElement>(root, 'features');
  }

  setNote(text: string): void {
    if (text === this.noteText) return;
    this.noteText = text;
    this.note.textContent = text;
  }

  /** The frame, a box per face (the first one red while `recording`), and `labels[i]` on face i. */
  draw(src: FrameSource, p: Prediction, labels: readonly string[], recording: boolean): void {
    const ctx = this.ctx;
    if (!ctx) return;
    const { width, height } = p.frame;
    // k: canvas pixels per CSS pixel (labels and lines keep the same size on screen at any width).
    const k = drawPicture(this.canvas, ctx, src, width, height);
    if (k === null) return;
    ctx.lineWidth = 2.5 * k;
    ctx.font = `600 ${Math.round(14 * k)}px system-ui, sans-serif`;
    p.faces.forEach((f, i) => {
      const bx = (src.mirrored ? 1 - f.box.x - f.box.width : f.box.x) * width;
      const by = f.box.y * height;
      const bw = f.box.width * width;
      const bh = f.box.height * height;
      ctx.strokeStyle = i === 0 && recording ? '#ff5a4e' : '#ffd166';
      ctx.strokeRect(bx, by, bw, bh);
      const text = labels[i];
      if (text) drawLabel(ctx, text, bx, by, k);
    });
  }

  /** The features as a strip: one column per feature, darker for larger (scaled to the largest). */
  drawFeatures(f: Float32Array): void {
    const strip = this.strip;
    strip.hidden = false;
    const c = strip.getContext('2d');
    if (!c) return;
    if (strip.width !== f.length) strip.width = f.length;
    let top = 1e-6;
    for (const v of f) top = Math.max(top, v);
    const img = c.createImageData(f.length, strip.height);
    for (let x = 0; x < f.length; x++) {
      const a = Math.round((f[x]! / top) * 255);
      for (let y = 0; y < strip.height; y++) {
        const o = (y * f.length + x) * 4;
        img.data[o] = 255 - ((255 - 74) * a) / 255;
        img.data[o + 1] = 255 - ((255 - 47) * a) / 255;
        img.data[o + 2] = 255 - ((255 - 184) * a) / 255;
        img.data[o + 3] = 255;
      }
    }
    c.putImageData(img, 0, 0);
  }

  hideFeatures(): void {
    this.strip.hidden = true;
  }
}
