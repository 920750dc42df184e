/**
 * A "snapshot" of the face a widget looks at: the pixels around the crop region of one frame, and
 * helpers that turn it into grids of numbers. Shared by the pixel grid and the convolution
 * playground (lessons 2 and 3).
 *
 * The crop is the model card's crop (src/lib/ml/preprocess.ts): the face box grown by the card's
 * margin, moved by its offset and squared (`cropBox`), or, when no face was found, the largest centred
 * square of the photo.
 * To avoid reading a whole video frame back from the canvas, only the smallest whole-pixel rectangle
 * around the region is read, and the region is shifted into it; `modelInput` then gives exactly the
 * numbers of `toModelInput(wholeFrame, face, spec)` (a unit test checks).
 */
import type { ModelInputSpec } from '../../lib/ml/model-card.ts';
import { alignedRect, pixelsReader } from '../../lib/pipeline/crop.ts';
import {
  cropBox,
  faceRegion,
  normalise,
  resampleRegion,
  type FaceInPixels,
  type PixelBox,
  type Pixels,
} from '../../lib/ml/preprocess.ts';

/** The grid size slider's range, in squares along a side (lesson 2 quotes both ends). */
export const GRID_SIZES = { min: 8, max: 96 } as const;

export interface Snapshot {
  /** RGBA (or gray) pixels of the rectangle read from the frame. */
  pixels: Pixels;
  /** The square crop region, in the coordinates of `pixels`. */
  region: PixelBox;
  /** The crop region in the coordinates of the whole frame (to draw it on a preview). */
  frameRegion: PixelBox;
  /** The face box used, in frame pixels, or null when none was found (centre of the photo). */
  face: PixelBox | null;
  frameWidth: number;
  frameHeight: number;
}

/** The largest square in the middle of a frame. */
export function centreSquare(width: number, height: number): PixelBox {
  const side = Math.min(width, height);
  return { x: (width - side) / 2, y: (height - side) / 2, width: side, height: side };
}

/** The region the model card cuts out for `face` (or the centre square when there is no face). */
export function cropRegion(
  face: FaceInPixels | null,
  frameWidth: number,
  frameHeight: number,
  spec: ModelInputSpec,
): PixelBox {
  if (!face)
    return cropBox(
      centreSquare(frameWidth, frameHeight),
      frameWidth,
      frameHeight,
      spec.face_margin,
    );
  return faceRegion(face, frameWidth, frameHeight, spec);
}

/** Reads a whole-pixel rectangle of a frame (a canvas in the browser, an array in tests). */
export type RectReader = (x: number, y: number, width: number, height: number) => Pixels;

/** Takes a snapshot of one frame for `face` (frame pixels) or, when null, the centre of the frame. */
export function takeSnapshot(
  read: RectReader,
  frameWidth: number,
  frameHeight: number,
  face: FaceInPixels | null,
  spec: ModelInputSpec,
): Snapshot {
  const frameRegion = cropRegion(face, frameWidth, frameHeight, spec);
  const rect = alignedRect(frameRegion, frameWidth, frameHeight);
  const pixels = read(rect.x, rect.y, rect.width, rect.height);
  const region = {
    x: frameRegion.x - rect.x,
    y: frameRegion.y - rect.y,
    width: frameRegion.width,
    height: frameRegion.height,
  };
  return { pixels, region, frameRegion, face, frameWidth, frameHeight };
}

/** A RectReader over pixels already in memory. */
export function pixelsRectReader(frame: Pixels): RectReader {
  return (x, y, width, height) => pixelsReader.read(frame, x, y, width, height);
}

/** Exactly what the model receives for this snapshot: card size, card channels, card normalisation. */
export function modelInput(snap: Snapshot, spec: ModelInputSpec): Float32Array {
  return normalise(
    resampleRegion(
      snap.pixels,
      snap.region,
      spec.width,
      spec.height,
      spec.grayscale,
      spec.channels,
    ),
    spec,
  );
}

export interface ChannelGrids {
  /** Cells along one side. */
  size: number;
  /** Grey value 0–255 of each cell (card's luma weights), row after row; not rounded. */
  gray: Float32Array;
  /** Red, green and blue 0–255 of each cell, interleaved (size × size × 3); not rounded. */
  rgb: Float32Array;
}

/** The snapshot as a size × size grid, in grey and in red/green/blue, averaged like the model's crop. */
export function channelGrids(snap: Snapshot, size: number, spec: ModelInputSpec): ChannelGrids {
  const gray = resampleRegion(snap.pixels, snap.region, size, size, spec.grayscale, 1);
  const rgb = resampleRegion(snap.pixels, snap.region, size, size, spec.grayscale, 3);
  return { size, gray, rgb };
}

export interface GridStats {
  min: number;
  max: number;
  mean: number;
  /** Cell index of the darkest and the brightest cell (first one in reading order). */
  darkest: number;
  brightest: number;
}

export function gridStats(values: ArrayLike<number>): GridStats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let darkest = 0;
  let brightest = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    sum += v;
    if (v < min) {
      min = v;
      darkest = i;
    }
    if (v > max) {
      max = v;
      brightest = i;
    }
  }
  return values.length
    ? { min, max, mean: sum / values.length, darkest, brightest }
    : { min: 0, max: 0, mean: 0, darkest: 0, brightest: 0 };
}

/** A float32 as the shortest decimal that reads back as the same float32 (so copies are exact). */
export function exactFloat32(v: number): string {
  const f = Math.fround(v);
  for (let digits = 1; digits <= 9; digits++) {
    const s = f.toPrecision(digits);
    if (Math.fround(Number(s)) === f) return String(Number(s));
  }
  return String(f);
}

/** The model input as text: a JSON array of rows (one line per row), channels nested when more than one. */
export function formatModelInput(values: Float32Array, spec: ModelInputSpec): string {
  const { width, height, channels } = spec;
  if (values.length !== width * height * channels)
    throw new RangeError(`expected ${width * height * channels} values, got ${values.length}`);
  const lines: string[] = [];
  for (let y = 0; y < height; y++) {
    const row: string[] = [];
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      row.push(
        channels === 1
          ? exactFloat32(values[i]!)
          : `[${Array.from(values.subarray(i, i + channels), exactFloat32).join(', ')}]`,
      );
    }
    lines.push(`  [${row.join(', ')}]`);
  }
  return `[\n${lines.join(',\n')}\n]`;
}

/** "÷ 255" when the card's scale is 1/255 (or another whole number), else "× 0.0039". */
export function describeScale(spec: ModelInputSpec): string {
  const inv = 1 / spec.scale;
  if (Math.abs(inv - Math.round(inv)) < 1e-6) return `÷ ${Math.round(inv)}`;
  return `× ${Number(spec.scale.toPrecision(4))}`;
}

/** The card's normalisation as a sentence-sized formula, e.g. "grey value ÷ 255". */
export function describeNormalisation(spec: ModelInputSpec): string {
  const offset =
    spec.offset === 0 ? '' : spec.offset > 0 ? ` + ${spec.offset}` : ` − ${-spec.offset}`;
  return `grey value ${describeScale(spec)}${offset}`;
}

/** The card's luma weights written out, e.g. "0.299 × red + 0.587 × green + 0.114 × blue". */
export function describeLuma(
  spec: ModelInputSpec,
  values?: readonly [number, number, number],
): string {
  const names = values ? values.map((v) => String(Math.round(v))) : ['red', 'green', 'blue'];
  return spec.grayscale.map((w, i) => `${w} × ${names[i]}`).join(' + ');
}

/** Where a cell moves for a key (arrows, Home/End, PageUp/PageDown); null for other keys. */
export function moveCell(
  cell: { row: number; col: number },
  key: string,
  size: number,
  ctrl = false,
): { row: number; col: number } | null {
  const clamp = (v: number) => Math.min(size - 1, Math.max(0, v));
  const jump = Math.max(1, Math.round(size / 8));
  switch (key) {
    case 'ArrowLeft':
      return { row: cell.row, col: clamp(cell.col - 1) };
    case 'ArrowRight':
      return { row: cell.row, col: clamp(cell.col + 1) };
    case 'ArrowUp':
      return { row: clamp(cell.row - 1), col: cell.col };
    case 'ArrowDown':
      return { row: clamp(cell.row + 1), col: cell.col };
    case 'Home':
      return ctrl ? { row: 0, col: 0 } : { row: cell.row, col: 0 };
    case 'End':
      return ctrl ? { row: size - 1, col: size - 1 } : { row: cell.row, col: size - 1 };
    case 'PageUp':
      return { row: clamp(cell.row - jump), col: cell.col };
    case 'PageDown':
      return { row: clamp(cell.row + jump), col: cell.col };
    default:
      return null;
  }
}

/** The cell under a point of an element showing a size × size grid. */
export function cellAtPoint(
  px: number,
  py: number,
  rect: { left: number; top: number; width: number; height: number },
  size: number,
): { row: number; col: number } | null {
  const fx = (px - rect.left) / rect.width;
  const fy = (py - rect.top) / rect.height;
  if (!(fx >= 0 && fx < 1 && fy >= 0 && fy < 1)) return null;
  return { row: Math.floor(fy * size), col: Math.floor(fx * size) };
}

/** Keeps a cell on the same spot of the picture when the grid size changes. */
export function rescaleCell(
  cell: { row: number; col: number },
  from: number,
  to: number,
): { row: number; col: number } {
  const f = (v: number) => Math.min(to - 1, Math.max(0, Math.floor(((v + 0.5) / from) * to)));
  return { row: f(cell.row), col: f(cell.col) };
}
