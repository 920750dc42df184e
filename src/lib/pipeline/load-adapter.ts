/**
 * Keeping up with the camera on a slow machine (issue 15). After each webcam frame the runner tells
 * the adapter what the frame cost: the face detector, the feature maps, and everything else (crop,
 * classifier, the widget's drawing). From moving averages of those costs the adapter predicts how
 * busy the page would be at each step of REDUCTIONS, and picks the least reduced step that fits the
 * camera's frame time. It reduces after a second over budget, and gives back only after a few
 * seconds with room to spare, so it does not flicker between two steps. Pure: the clock is passed in.
 */

/** What the runner leaves out. Step 0 leaves out nothing. */
export interface Reduction {
  step: number;
  /** Run the face detector on one frame in this many; in between, follow the faces (follow.ts). */
  detectEvery: number;
  /** Multiplies the share of the time the feature maps may take (1: as the widget asked). */
  featureMapsShareFactor: number;
}

export const REDUCTIONS: readonly Reduction[] = [
  { step: 0, detectEvery: 1, featureMapsShareFactor: 1 },
  { step: 1, detectEvery: 1, featureMapsShareFactor: 0.4 },
  { step: 2, detectEvery: 2, featureMapsShareFactor: 0.4 },
  { step: 3, detectEvery: 3, featureMapsShareFactor: 0.4 },
];

/** What one frame cost, ms. `detect` only on frames that ran the detector, `featureMaps` only on frames that computed them. */
export interface FrameCost {
  detect?: number;
  featureMaps?: number;
  /** Everything else the frame cost, drawing included. */
  other: number;
}

export interface LoadAdapterOptions {
  /** The camera's frame time, ms (default 1000/30). */
  frameMs?: number;
  /** Largest busy share of each frame time that counts as keeping up (default 0.85: the browser needs the rest). */
  fits?: number;
  /** Busy share below which a lighter step is taken back (default 0.65). */
  room?: number;
  /** How long over budget before reducing, ms (default 1000). */
  overForMs?: number;
  /** How long with room to spare before giving back, ms (default 4000). */
  underForMs?: number;
  /** The feature maps' share of the time, as the widget asked (default 0.25). */
  featureMapsShare?: number;
  /** The shortest time between two feature-map frames, ms (default 200). */
  featureMapsInterval?: number;
}

/** Weight of the newest frame in the moving averages. */
const SMOOTHING = 0.2;

export class LoadAdapter {
  private readonly frameMs: number;
  private readonly fits: number;
  private readonly room: number;
  private readonly overForMs: number;
  private readonly underForMs: number;
  private readonly featureMapsShare: number;
  private readonly featureMapsInterval: number;
  private detect: number | null = null;
  private featureMaps: number | null = null;
  private other: number | null = null;
  private overSince: number | null = null;
  private underSince: number | null = null;
  current: Reduction = REDUCTIONS[0]!;

  constructor(options: LoadAdapterOptions = {}) {
    this.frameMs = options.frameMs ?? 1000 / 30;
    this.fits = options.fits ?? 0.85;
    this.room = options.room ?? 0.65;
    this.overForMs = options.overForMs ?? 1000;
    this.underForMs = options.underForMs ?? 4000;
    this.featureMapsShare = options.featureMapsShare ?? 0.25;
    this.featureMapsInterval = options.featureMapsInterval ?? 200;
  }

  /** The feature maps' share of the time at this step (the runner spaces them by it). */
  featureMapsShareAt(r: Reduction = this.current): number {
    return this.featureMapsShare * r.featureMapsShareFactor;
  }

  /** Predicted busy share of the wall time at a step, from the costs seen so far (0 before any). */
  busy(r: Reduction, featureMapsOpen: boolean): number {
    const perFrame = (this.other ?? 0) + (this.detect ?? 0) / r.detectEvery;
    const maps =
      featureMapsOpen && this.featureMaps !== null
        ? Math.min(this.featureMaps / this.featureMapsInterval, this.featureMapsShareAt(r))
        : 0;
    return perFrame / this.frameMs + maps;
  }

  /** Records one frame's cost at time `now` (ms) and returns the step to use from the next frame on. */
  record(now: number, cost: FrameCost, featureMapsOpen: boolean): Reduction {
    const avg = (old: number | null, v: number) => (old === null ? v : old + SMOOTHING * (v - old));
    this.other = avg(this.other, cost.other);
    if (cost.detect !== undefined) this.detect = avg(this.detect, cost.detect);
    if (cost.featureMaps !== undefined) this.featureMaps = avg(this.featureMaps, cost.featureMaps);

    if (this.busy(this.current, featureMapsOpen) > this.fits) {
      this.underSince = null;
      this.overSince ??= now;
      if (now - this.overSince >= this.overForMs) {
        const heavier = REDUCTIONS.slice(this.current.step + 1);
        this.current =
          heavier.find((r) => this.busy(r, featureMapsOpen) <= this.fits) ??
          heavier.at(-1) ??
          this.current;
        this.overSince = null;
      }
      return this.current;
    }
    this.overSince = null;
    // The least reduced lighter step that would leave room to spare.
    const lighter = REDUCTIONS.slice(0, this.current.step).find(
      (r) => this.busy(r, featureMapsOpen) <= this.room,
    );
    if (!lighter) {
      this.underSince = null;
      return this.current;
    }
    this.underSince ??= now;
    if (now - this.underSince >= this.underForMs) {
      this.current = lighter;
      this.underSince = null;
    }
    return this.current;
  }
}
