/**
 * Where the playground's filter goes next: the position arithmetic behind the step buttons, play,
 * the arrow keys and pointer picks, kept free of the DOM so it can be tested with exact numbers.
 * Positions are output indices in reading order (src/lib/convolution/convolution.ts: positionOf).
 */
import { positionOf } from '../../lib/convolution/convolution.ts';

/** The feature map's size, in output cells. */
export interface MapSize {
  width: number;
  height: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Keeps an index on the map (0 for an empty map). */
export function clampPosition(index: number, size: MapSize): number {
  return clamp(index, 0, Math.max(0, size.width * size.height - 1));
}

/**
 * The position after the feature map changes size: the same spot of the picture when there was
 * an earlier map, otherwise the middle column, 40 % of the way down (where a face's eyes are).
 */
export function carryPosition(index: number, before: MapSize | null, after: MapSize): number {
  let pos: number;
  if (!before || before.width !== after.width) {
    const old = before && before.width ? positionOf(index, before.width) : null;
    const rescale = (v: number, from: number, to: number) =>
      clamp(Math.round(((v + 0.5) / from) * to - 0.5), 0, to - 1);
    const x = old ? rescale(old.x, before!.width, after.width) : Math.floor(after.width / 2);
    const y = old ? rescale(old.y, before!.height, after.height) : Math.floor(after.height * 0.4);
    pos = y * after.width + x;
  } else pos = index;
  return clampPosition(pos, after);
}

/** One tick of play: the next position, or the end of the next row when playing a row at a time. */
export function playTick(index: number, size: MapSize, perTick: 1 | 'row'): number {
  const next =
    perTick === 'row'
      ? (Math.floor(index / size.width) + 1) * size.width + (size.width - 1)
      : index + 1;
  return Math.min(size.width * size.height - 1, next);
}

/** A key that moves the filter on the picture. */
export interface MoveKey {
  key: string;
  /** Ctrl or ⌘ held: Home and End then go to the first or last row too. */
  toCorner: boolean;
}

/** Where a key moves the filter, or null when the key does not move it. */
export function keyTarget(index: number, size: MapSize, { key, toCorner }: MoveKey): number | null {
  const { x, y } = positionOf(index, size.width);
  let nx = x;
  let ny = y;
  switch (key) {
    case 'ArrowLeft':
      nx = x - 1;
      break;
    case 'ArrowRight':
      nx = x + 1;
      break;
    case 'ArrowUp':
      ny = y - 1;
      break;
    case 'ArrowDown':
      ny = y + 1;
      break;
    case 'Home':
      nx = 0;
      if (toCorner) ny = 0;
      break;
    case 'End':
      nx = size.width - 1;
      if (toCorner) ny = size.height - 1;
      break;
    case 'PageUp':
      ny = y - 5;
      break;
    case 'PageDown':
      ny = y + 5;
      break;
    default:
      return null;
  }
  return clamp(ny, 0, size.height - 1) * size.width + clamp(nx, 0, size.width - 1);
}

/**
 * The position whose filter is centred on the picked square of the padded picture (`fx`, `fy`:
 * the pointer's place across the picture, 0–1).
 */
export function pickOnPicture(
  fx: number,
  fy: number,
  pictureWidth: number,
  options: { stride: number; padding: number },
  size: MapSize,
): number {
  const cells = pictureWidth + 2 * options.padding;
  const ox = Math.round((Math.floor(fx * cells) - 1) / options.stride);
  const oy = Math.round((Math.floor(fy * cells) - 1) / options.stride);
  return clamp(oy, 0, size.height - 1) * size.width + clamp(ox, 0, size.width - 1);
}

/** The position under the pointer on the feature map (`fx`, `fy`: its place across the map, 0–1). */
export function pickOnMap(fx: number, fy: number, size: MapSize): number {
  const ox = clamp(Math.floor(fx * size.width), 0, size.width - 1);
  const oy = clamp(Math.floor(fy * size.height), 0, size.height - 1);
  return oy * size.width + ox;
}

/** How fast play goes: the wait between ticks, and how far each tick moves the filter. */
export const SPEEDS = {
  slow: { label: 'speed.slow', ms: 700, perTick: 1 },
  medium: { label: 'speed.medium', ms: 180, perTick: 1 },
  fast: { label: 'speed.fast', ms: 120, perTick: 'row' },
} as const;
export type Speed = keyof typeof SPEEDS;

/**
 * The filter's walk over the feature map: where it is, whether the map is being filled in step by
 * step (`stepping`: only the positions visited so far are shown), and whether it plays. The page
 * keeps the timer and draws; this says what each button, tick and key does to the position.
 */
export class Walk {
  /** Output position of the filter (reading order). */
  pos = 0;
  stepping = false;
  playing = false;
  speed: Speed;

  constructor(speed: Speed = 'medium') {
    this.speed = speed;
  }

  /** The feature map changed size (new picture, filter, stride or padding): same spot of the picture. */
  carry(before: MapSize | null, after: MapSize): void {
    this.pos = carryPosition(this.pos, before, after);
  }

  /** Moves the filter to `index` (kept on the map); `step`: from the step buttons, so the map fills in. */
  goTo(index: number, size: MapSize, step = false): void {
    if (step) this.stepping = true;
    this.pos = clampPosition(index, size);
  }

  /** Starts playing; returns true when it starts over from the first position (not stepping yet, or at the end). */
  play(size: MapSize): boolean {
    this.playing = true;
    if (this.stepping && this.pos < size.width * size.height - 1) return false;
    this.stepping = true;
    this.pos = 0;
    return true;
  }

  /** One tick of play; returns true when the filter has reached the last position (play stops). */
  tick(size: MapSize): boolean {
    this.pos = playTick(this.pos, size, SPEEDS[this.speed].perTick);
    const done = this.pos >= size.width * size.height - 1;
    if (done) this.playing = false;
    return done;
  }

  /** Stops playing; returns whether it was playing. */
  pause(): boolean {
    const was = this.playing;
    this.playing = false;
    return was;
  }

  /** Back to the whole map. */
  stopStepping(): void {
    this.playing = false;
    this.stepping = false;
  }
}
