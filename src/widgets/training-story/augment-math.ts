/**
 * Data augmentation, the same maths as training/augment.py, on one grayscale face (values 0–1, row
 * by row): mirror, turn + zoom + shift in one bilinear resampling (edges repeat, like PyTorch's
 * grid_sample with padding_mode="border", align_corners=False), contrast and brightness around the
 * picture's mean, and sometimes a hidden square patch. Pure functions, no DOM
 * (the ranges come from src/lib/ml/augmentation.json, which training/augment.py reads too).
 */
import shared from '../../lib/ml/augmentation.json' with { type: 'json' };
import { storyText as t } from './text.ts';

export interface AugmentRanges {
  flipProbability: number;
  /** degrees, ±. */
  angle: number;
  /** zoom factor 1 ± this. */
  scale: number;
  /** shift as a share of the width or height, ±. */
  shift: number;
  contrast: readonly [number, number];
  /** brightness added, ±, on a 0–1 scale. */
  brightness: number;
  eraseProbability: number;
  /** side of the hidden patch, as a share of the picture. */
  eraseSize: readonly [number, number];
}

const pair = ([low, high]: number[]): readonly [number, number] => [low!, high!];

/** The ranges training/augment.py draws from (at strength 1). */
export const RANGES: AugmentRanges = {
  ...shared.ranges,
  contrast: pair(shared.ranges.contrast),
  eraseSize: pair(shared.ranges.eraseSize),
};

export interface AugmentParams {
  flip: boolean;
  /** degrees */
  angle: number;
  /** 1 = no zoom */
  scale: number;
  /** share of the width / height */
  shiftX: number;
  shiftY: number;
  contrast: number;
  brightness: number;
  /** A hidden square: top-left corner and side as shares of the picture, and its grey value. */
  erase?: { x: number; y: number; size: number; value: number };
}

export const IDENTITY: AugmentParams = {
  flip: false,
  angle: 0,
  scale: 1,
  shiftX: 0,
  shiftY: 0,
  contrast: 1,
  brightness: 0,
};

/**
 * What training/augment.py scales by its `strength` (0 = none of these). Mirroring, contrast,
 * brightness and the size of a hidden patch are not scaled: they happen at any strength, 0 included.
 */
export const SCALED_BY_STRENGTH = shared.scaledByStrength as readonly (
  'angle' | 'scale' | 'shift' | 'eraseProbability'
)[];

/** The ranges at a given strength (training/augment.py's `strength`, the recipe's `augment_strength`). */
export function rangesAt(strength: number): AugmentRanges {
  const ranges = { ...RANGES };
  for (const key of SCALED_BY_STRENGTH) ranges[key] = RANGES[key] * strength;
  return ranges;
}

/** One random draw, like one picture in one training step. */
export function randomParams(rand: () => number = Math.random, strength = 1): AugmentParams {
  const r = rangesAt(strength);
  const u = (lo: number, hi: number) => lo + (hi - lo) * rand();
  const p: AugmentParams = {
    flip: rand() < r.flipProbability,
    angle: u(-r.angle, r.angle),
    scale: 1 + u(-r.scale, r.scale),
    shiftX: u(-r.shift, r.shift),
    shiftY: u(-r.shift, r.shift),
    contrast: u(r.contrast[0], r.contrast[1]),
    brightness: u(-r.brightness, r.brightness),
  };
  if (rand() < r.eraseProbability) {
    const size = u(r.eraseSize[0], r.eraseSize[1]);
    p.erase = { x: rand() * (1 - size), y: rand() * (1 - size), size, value: rand() };
  }
  return p;
}

/** One change at a time, at the edge of its range at this strength, with its name in plain words. */
export function singleChanges(
  strength = 1,
): { id: string; label: string; params: AugmentParams }[] {
  const r = rangesAt(strength);
  const at = (changes: Partial<AugmentParams>) => ({ ...IDENTITY, ...changes });
  const changes = [
    { id: 'original', label: t('augment.change.original'), params: IDENTITY },
    { id: 'mirror', label: t('augment.change.mirror'), params: at({ flip: true }) },
    {
      id: 'turn',
      label: t('augment.change.turn', { degrees: round1(r.angle) }),
      params: at({ angle: r.angle }),
    },
    {
      id: 'zoom',
      label: t('augment.change.zoom', { percent: round1(r.scale * 100) }),
      params: at({ scale: 1 + r.scale }),
    },
    {
      id: 'shift',
      label: t('augment.change.shift', { percent: round1(r.shift * 100) }),
      params: at({ shiftX: r.shift, shiftY: -r.shift / 2 }),
    },
    {
      id: 'brighter',
      label: t('augment.change.brighter'),
      params: at({ brightness: r.brightness }),
    },
    {
      id: 'darker',
      label: t('augment.change.darker'),
      params: at({ brightness: -r.brightness, contrast: r.contrast[0] }),
    },
    {
      id: 'patch',
      label: t('augment.change.patch'),
      params: at({ erase: { x: 0.55, y: 0.55, size: r.eraseSize[1], value: 0.5 } }),
    },
  ];
  // At strength 0 there are no turns, zooms, shifts or patches to show.
  return changes.filter((c) => !['turn', 'zoom', 'shift', 'patch'].includes(c.id) || strength > 0);
}

/** A range as the labels and the lesson write it, to one decimal at most: 8.4 → "8.4", 12 → "12". */
export const round1 = (x: number) => String(Math.round(x * 10) / 10);

/** Applies the changes to a w × h grey picture (0–1). Returns a new array. */
export function applyAugment(
  input: Float32Array,
  w: number,
  h: number,
  p: AugmentParams,
): Float32Array {
  // As in training/augment.py: mirror first, then turn, zoom and shift.
  const src = p.flip ? flipped(input, w, h) : input;
  const out = new Float32Array(w * h);
  const angle = (p.angle * Math.PI) / 180;
  const cos = Math.cos(angle) / p.scale;
  const sin = Math.sin(angle) / p.scale;
  // PyTorch's theta shifts in normalised units (−1…1), i.e. twice the share of the size.
  const tx = p.shiftX * 2;
  const ty = p.shiftY * 2;
  const at = (x: number, y: number) => {
    const cx = Math.min(w - 1, Math.max(0, x));
    const cy = Math.min(h - 1, Math.max(0, y));
    return src[cy * w + cx];
  };
  for (let oy = 0; oy < h; oy++) {
    const ny = (2 * oy + 1) / h - 1;
    for (let ox = 0; ox < w; ox++) {
      const nx = (2 * ox + 1) / w - 1;
      const ix = ((cos * nx - sin * ny + tx + 1) * w - 1) / 2;
      const iy = ((sin * nx + cos * ny + ty + 1) * h - 1) / 2;
      // Border padding: clamp the sample point, then interpolate.
      const sx = Math.min(w - 1, Math.max(0, ix));
      const sy = Math.min(h - 1, Math.max(0, iy));
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const v =
        at(x0, y0) * (1 - fx) * (1 - fy) +
        at(x0 + 1, y0) * fx * (1 - fy) +
        at(x0, y0 + 1) * (1 - fx) * fy +
        at(x0 + 1, y0 + 1) * fx * fy;
      out[oy * w + ox] = v;
    }
  }
  let mean = 0;
  for (const v of out) mean += v;
  mean /= out.length;
  for (let i = 0; i < out.length; i++)
    out[i] = Math.min(1, Math.max(0, (out[i] - mean) * p.contrast + mean + p.brightness));
  if (p.erase) {
    const size = Math.floor(p.erase.size * h);
    const top = Math.floor(p.erase.y * h);
    const left = Math.floor(p.erase.x * w);
    for (let y = top; y < Math.min(h, top + size); y++)
      for (let x = left; x < Math.min(w, left + size); x++) out[y * w + x] = p.erase.value;
  }
  return out;
}

export function flipped(src: Float32Array, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = src[y * w + (w - 1 - x)];
  return out;
}

/** A plain description of a random draw, e.g. "mirrored, turned 7° left, zoomed in 5%, a bit brighter". */
export function describeParams(p: AugmentParams): string {
  const parts: string[] = [];
  if (p.flip) parts.push(t('augment.draw.mirrored'));
  if (Math.abs(p.angle) >= 1)
    parts.push(t('augment.draw.turned', { degrees: Math.round(Math.abs(p.angle)) }));
  if (Math.abs(p.scale - 1) >= 0.01)
    parts.push(
      t(p.scale > 1 ? 'augment.draw.zoomedIn' : 'augment.draw.zoomedOut', {
        percent: Math.round(Math.abs(p.scale - 1) * 100),
      }),
    );
  if (Math.abs(p.shiftX) >= 0.01 || Math.abs(p.shiftY) >= 0.01)
    parts.push(t('augment.draw.shifted'));
  if (p.brightness >= 0.03) parts.push(t('augment.draw.brighter'));
  if (p.brightness <= -0.03) parts.push(t('augment.draw.darker'));
  if (p.contrast >= 1.05) parts.push(t('augment.draw.moreContrast'));
  if (p.contrast <= 0.95) parts.push(t('augment.draw.lessContrast'));
  if (p.erase) parts.push(t('augment.draw.patch'));
  return parts.length ? parts.join(', ') : t('augment.draw.unchanged');
}
