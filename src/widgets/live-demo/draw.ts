/** Drawing the picture with its face boxes and labels (the picture may be mirrored, the boxes follow). */
import type { FacePrediction } from '../../lib/pipeline/types.ts';
import type { FrameImage } from '../../lib/vision/types.ts';

export interface FaceLabel {
  face: FacePrediction;
  text: string;
  selected: boolean;
}

const SELECTED = '#ffd400';
const OTHER = '#ffffff';
const INK = '#111111';

/** Draws the frame into the canvas (resized to the frame), mirrored for a selfie camera. */
export function drawFrame(
  ctx: CanvasRenderingContext2D,
  image: FrameImage,
  width: number,
  height: number,
  mirrored: boolean,
): void {
  const canvas = ctx.canvas;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  ctx.save();
  if (mirrored) ctx.setTransform(-1, 0, 0, 1, width, 0);
  ctx.drawImage(image as CanvasImageSource, 0, 0, width, height);
  ctx.restore();
}

/** Box, number and top emotion of each face; the selected face in yellow, thicker. */
export function drawFaces(
  ctx: CanvasRenderingContext2D,
  faces: FaceLabel[],
  mirrored: boolean,
): void {
  const { width, height } = ctx.canvas;
  const unit = Math.max(1.5, Math.min(width, height) / 240);
  const fontSize = Math.round(Math.max(12, Math.min(width, height) / 24));
  ctx.font = `600 ${fontSize}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  // Unselected first, so the selected face's label is drawn on top.
  const ordered = [...faces].sort((a, b) => Number(a.selected) - Number(b.selected));
  for (const { face, text, selected } of ordered) {
    const b = face.box;
    const x = (mirrored ? 1 - b.x - b.width : b.x) * width;
    const y = b.y * height;
    const w = b.width * width;
    const h = b.height * height;
    const line = (selected ? 3 : 2) * unit;
    ctx.lineWidth = line + 2 * unit;
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.6)';
    ctx.strokeRect(x, y, w, h);
    ctx.lineWidth = line;
    ctx.strokeStyle = selected ? SELECTED : OTHER;
    ctx.strokeRect(x, y, w, h);

    const pad = 3 * unit;
    const tw = ctx.measureText(text).width + 2 * pad;
    const th = fontSize + 2 * pad;
    let ty = y - th - line / 2;
    if (ty < 0) ty = y + h + line / 2; // no room above: put the label under the box
    if (ty + th > height) ty = Math.max(0, y + line);
    const tx = Math.min(Math.max(0, x - line / 2), Math.max(0, width - tw));
    ctx.fillStyle = selected ? SELECTED : OTHER;
    ctx.fillRect(tx, ty, tw, th);
    ctx.fillStyle = INK;
    ctx.fillText(text, tx + pad, ty + pad);
  }
}

/** A message over the picture (e.g. "No face found"), in a dark band at the bottom. */
export function drawNotice(ctx: CanvasRenderingContext2D, text: string): void {
  const { width, height } = ctx.canvas;
  const fontSize = Math.round(Math.max(12, Math.min(width, height) / 22));
  ctx.font = `600 ${fontSize}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  const band = fontSize * 2;
  ctx.fillStyle = 'rgba(0, 0, 0, 0.65)';
  ctx.fillRect(0, height - band, width, band);
  ctx.fillStyle = '#ffffff';
  ctx.textAlign = 'center';
  ctx.fillText(text, width / 2, height - band / 2, width - fontSize);
  ctx.textAlign = 'start';
}
