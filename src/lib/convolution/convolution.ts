/**
 * The maths of one 3 × 3 convolution, small and pure, for the convolution playground (lesson 3) and
 * its tests.
 *
 * Like the layers of a CNN (and unlike the textbook definition), the filter is NOT flipped: each
 * weight multiplies the pixel right under it ("cross-correlation"). That is what the lesson explains
 * and what the reader sees in the step-through.
 *
 *   input (W × H numbers) ─ pad with zeros ─ slide the 3 × 3 filter by `stride` ─ multiply and add
 *   ─ divide by `divisor` ─ add `offset` ─ feature map (outputSize(W) × outputSize(H) numbers)
 */
import { convolutionText as t } from './text.ts';

/** One channel of numbers, row after row. */
export interface Grid {
  width: number;
  height: number;
  data: Float32Array;
}

/**
 * A 3 × 3 filter: nine weights row after row, a number to divide the sum by (1 for most), and a number
 * added after that (0 for the presets). A CNN's filters each have one such added number: Keras calls it
 * the bias; readers see "offset", since "bias" means unfairness elsewhere on the site.
 */
export interface Kernel {
  weights: readonly number[];
  divisor: number;
  offset?: number;
}

export interface ConvOptions {
  /** How far the filter moves each step, in pixels: 1, 2, 3… */
  stride: number;
  /** Rings of zeros added around the picture first: 0 = none, 1 = keeps the size at stride 1. */
  padding: number;
}

export const KERNEL_SIZE = 3;

export type PresetId =
  'identity' | 'blur' | 'sharpen' | 'sobel-x' | 'sobel-y' | 'emboss' | 'outline';

export interface Preset extends Kernel {
  id: PresetId;
  /** Button label. */
  name: string;
  /** What it does, in one plain sentence. */
  description: string;
}

/** The filters the playground offers, in the order of its buttons. */
export const PRESETS: readonly Preset[] = [
  {
    id: 'identity',
    name: t('preset.identity.name'),
    weights: [0, 0, 0, 0, 1, 0, 0, 0, 0],
    divisor: 1,
    description: t('preset.identity.description'),
  },
  {
    id: 'blur',
    name: t('preset.blur.name'),
    weights: [1, 1, 1, 1, 1, 1, 1, 1, 1],
    divisor: 9,
    description: t('preset.blur.description'),
  },
  {
    id: 'sharpen',
    name: t('preset.sharpen.name'),
    weights: [0, -1, 0, -1, 5, -1, 0, -1, 0],
    divisor: 1,
    description: t('preset.sharpen.description'),
  },
  {
    id: 'sobel-x',
    name: t('preset.sobel-x.name'),
    weights: [-1, 0, 1, -2, 0, 2, -1, 0, 1],
    divisor: 1,
    description: t('preset.sobel-x.description'),
  },
  {
    id: 'sobel-y',
    name: t('preset.sobel-y.name'),
    weights: [-1, -2, -1, 0, 0, 0, 1, 2, 1],
    divisor: 1,
    description: t('preset.sobel-y.description'),
  },
  {
    id: 'emboss',
    name: t('preset.emboss.name'),
    weights: [-2, -1, 0, -1, 1, 1, 0, 1, 2],
    divisor: 1,
    description: t('preset.emboss.description'),
  },
  {
    id: 'outline',
    name: t('preset.outline.name'),
    weights: [-1, -1, -1, -1, 8, -1, -1, -1, -1],
    divisor: 1,
    description: t('preset.outline.description'),
  },
];

export function preset(id: PresetId): Preset {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`Unknown filter preset "${id}"`);
  return p;
}

/** The preset these weights, divisor and offset match exactly, if any. */
export function matchPreset(kernel: Kernel): Preset | undefined {
  if (kernel.offset) return undefined;
  return PRESETS.find(
    (p) => p.divisor === kernel.divisor && p.weights.every((w, i) => w === kernel.weights[i]),
  );
}

/**
 * How many positions the filter takes along one side: ⌊(size + 2 × padding − 3) ÷ stride⌋ + 1, or 0
 * when the padded picture is smaller than the filter.
 */
export function outputSize(
  size: number,
  padding: number,
  stride: number,
  kernelSize = KERNEL_SIZE,
): number {
  checkOptions({ stride, padding });
  const room = size + 2 * padding - kernelSize;
  return room < 0 ? 0 : Math.floor(room / stride) + 1;
}

export interface SizeExplanation {
  /** The output size along this side. */
  size: number;
  /** Size of the padded picture. */
  padded: number;
  /** Whether some columns (or rows) at the far edge are never visited because the stride skips them. */
  leftOver: number;
  /** The sum written out with these numbers, e.g. "(48 + 2 × 1 − 3) ÷ 2 + 1 = 24 (rounded down)". */
  formula: string;
}

/** The output size and the arithmetic behind it, for the reader. */
export function explainOutputSize(size: number, padding: number, stride: number): SizeExplanation {
  const out = outputSize(size, padding, stride);
  const padded = size + 2 * padding;
  const room = padded - KERNEL_SIZE;
  const exact = room / stride + 1;
  const rounded = Number.isInteger(exact) ? '' : ' (rounded down)';
  const divide = stride === 1 ? '' : ` ÷ ${stride}`;
  const inner =
    padding === 0 ? `${size} − ${KERNEL_SIZE}` : `${size} + 2 × ${padding} − ${KERNEL_SIZE}`;
  const formula =
    stride === 1 ? `${inner} + 1 = ${out}` : `(${inner})${divide} + 1 = ${out}${rounded}`;
  const leftOver = out > 0 ? padded - ((out - 1) * stride + KERNEL_SIZE) : 0;
  return { size: out, padded, leftOver, formula };
}

function checkOptions({ stride, padding }: ConvOptions): void {
  if (!Number.isInteger(stride) || stride < 1)
    throw new RangeError(`stride must be a whole number ≥ 1, not ${stride}`);
  if (!Number.isInteger(padding) || padding < 0)
    throw new RangeError(`padding must be a whole number ≥ 0, not ${padding}`);
}

function checkKernel(kernel: Kernel): void {
  if (kernel.weights.length !== KERNEL_SIZE * KERNEL_SIZE)
    throw new RangeError(`a 3 × 3 filter has 9 weights, not ${kernel.weights.length}`);
  if (!Number.isFinite(kernel.divisor) || kernel.divisor === 0)
    throw new RangeError('the divisor must be a number other than 0');
  if (kernel.offset !== undefined && !Number.isFinite(kernel.offset))
    throw new RangeError('the offset must be a number');
}

/** The value of the picture at (x, y), or 0 in the padding outside it. */
export function pixelAt(input: Grid, x: number, y: number): number {
  if (x < 0 || y < 0 || x >= input.width || y >= input.height) return 0;
  return input.data[y * input.width + x]!;
}

/** One of the nine multiplications at a position. */
export interface StepCell {
  /** Position in the input picture (negative or past the edge = in the padding). */
  x: number;
  y: number;
  /** True when this cell lies in the zero padding. */
  padding: boolean;
  pixel: number;
  weight: number;
  product: number;
}

/** Everything that happens at one output position: the nine products, their sum and the result. */
export interface Step {
  /** Output position (column, row) in the feature map. */
  outX: number;
  outY: number;
  /** Top-left corner of the filter in input coordinates (can be negative with padding). */
  inX: number;
  inY: number;
  cells: StepCell[];
  sum: number;
  /** sum ÷ divisor + offset: the number written into the feature map. */
  value: number;
}

/** The multiply-and-add at output position (outX, outY). */
export function stepAt(
  input: Grid,
  kernel: Kernel,
  options: ConvOptions,
  outX: number,
  outY: number,
): Step {
  checkKernel(kernel);
  checkOptions(options);
  const inX = outX * options.stride - options.padding;
  const inY = outY * options.stride - options.padding;
  const cells: StepCell[] = [];
  let sum = 0;
  for (let ky = 0; ky < KERNEL_SIZE; ky++) {
    for (let kx = 0; kx < KERNEL_SIZE; kx++) {
      const x = inX + kx;
      const y = inY + ky;
      const padding = x < 0 || y < 0 || x >= input.width || y >= input.height;
      const pixel = padding ? 0 : input.data[y * input.width + x]!;
      const weight = kernel.weights[ky * KERNEL_SIZE + kx]!;
      const product = pixel * weight;
      sum += product;
      cells.push({ x, y, padding, pixel, weight, product });
    }
  }
  return { outX, outY, inX, inY, cells, sum, value: sum / kernel.divisor + (kernel.offset ?? 0) };
}

/** The whole feature map. */
export function convolve(input: Grid, kernel: Kernel, options: ConvOptions): Grid {
  checkKernel(kernel);
  const width = outputSize(input.width, options.padding, options.stride);
  const height = outputSize(input.height, options.padding, options.stride);
  const data = new Float32Array(width * height);
  const { stride, padding } = options;
  const w = kernel.weights;
  const offset = kernel.offset ?? 0;
  const { width: iw, height: ih, data: src } = input;
  for (let oy = 0; oy < height; oy++) {
    const y0 = oy * stride - padding;
    for (let ox = 0; ox < width; ox++) {
      const x0 = ox * stride - padding;
      let sum = 0;
      for (let ky = 0; ky < KERNEL_SIZE; ky++) {
        const y = y0 + ky;
        if (y < 0 || y >= ih) continue;
        const row = y * iw;
        for (let kx = 0; kx < KERNEL_SIZE; kx++) {
          const x = x0 + kx;
          if (x < 0 || x >= iw) continue;
          sum += src[row + x]! * w[ky * KERNEL_SIZE + kx]!;
        }
      }
      data[oy * width + ox] = sum / kernel.divisor + offset;
    }
  }
  return { width, height, data };
}

/** How to turn feature-map numbers (which can be below 0 or above 255) into shades of grey. */
export type DisplayMode = 'clip' | 'stretch';

/**
 * Grey levels 0–255 for showing a grid: "clip" cuts numbers to 0–255 like a photo app (below 0 →
 * black, above 255 → white); "stretch" maps the smallest number to black and the largest to white.
 */
export function toGreyLevels(grid: Grid, mode: DisplayMode): Uint8ClampedArray {
  const out = new Uint8ClampedArray(grid.data.length);
  if (mode === 'clip') {
    for (let i = 0; i < out.length; i++) out[i] = Math.round(grid.data[i]!); // Uint8ClampedArray clips
    return out;
  }
  const { min, max } = range(grid.data);
  const span = max - min;
  for (let i = 0; i < out.length; i++)
    out[i] = span > 0 ? Math.round(((grid.data[i]! - min) / span) * 255) : 128;
  return out;
}

export function range(values: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return values.length ? { min, max } : { min: 0, max: 0 };
}

/** Sum of the weights ÷ divisor: 1 keeps the brightness of flat areas, 0 turns them black. */
export function kernelGain(kernel: Kernel): number {
  return kernel.weights.reduce((a, b) => a + b, 0) / kernel.divisor;
}

/**
 * Reads a weight typed by the reader: "2", "-1", "−1" (typographic minus), "0.5", "0,5", "1/9".
 * Returns null for anything else.
 */
export function parseWeight(text: string): number | null {
  const t = text.trim().replace(/[−–]/g, '-').replace(',', '.');
  if (t === '') return null;
  const frac = /^(-?\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(t);
  if (frac) {
    const d = Number(frac[2]);
    return d === 0 ? null : Number(frac[1]) / d;
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** A number for the reader: whole numbers as they are, others with up to `digits` decimals, and a real minus sign. */
export function formatNumber(n: number, digits = 1): string {
  const r = Number(n.toFixed(digits));
  const s = Object.is(r, -0) ? '0' : String(Math.abs(r));
  return r < 0 ? `−${s}` : s;
}

/** Output positions in reading order: index ↔ (column, row). */
export function positionOf(index: number, outWidth: number): { x: number; y: number } {
  return { x: index % outWidth, y: Math.floor(index / outWidth) };
}

export function indexOf(x: number, y: number, outWidth: number): number {
  return y * outWidth + x;
}
