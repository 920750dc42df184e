/**
 * Temporal smoothing of emotion probabilities, per face.
 *
 * A webcam frame is noisy: the same face gives slightly different scores from one frame to the next,
 * and bars that jump 30 times a second are hard to read. `FaceTracks` follows each face from frame to
 * frame (by how much its box overlaps the box it had before) and keeps an exponential moving average
 * of its probabilities whose weight depends on the time between frames, not on the frame rate:
 * after `halfLifeMs` the old value counts half. A new face starts from its first scores; a face not
 * seen for `forgetAfterMs` is forgotten. Pure TypeScript: no DOM, no TF.js.
 *
 *   const tracks = new FaceTracks({ halfLifeMs: 250 });
 *   const out = tracks.update(boxes, probabilities, performance.now()); // [{ id, probabilities }]
 */

/** A rectangle; any unit works as long as every box uses the same one (the pipeline uses 0–1). */
export interface TrackBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SmoothingOptions {
  /** Time after which an old observation weighs half as much as it did. 0 = no smoothing. Default 250 ms. */
  halfLifeMs?: number;
  /** A face not matched for this long is dropped, and a face reappearing later starts afresh. Default 600 ms. */
  forgetAfterMs?: number;
  /** Smallest overlap (intersection over union) for two boxes of consecutive frames to be the same face. Default 0.3. */
  minOverlap?: number;
}

export interface TrackedScores {
  /** Stable id of the face while it stays in view (1, 2, 3… in order of first appearance). */
  id: number;
  /** Smoothed probabilities, in the same order as the input (they still add up to 1). */
  probabilities: number[];
  /** How many frames this face has been seen in. */
  frames: number;
}

interface Track {
  id: number;
  box: TrackBox;
  probabilities: number[];
  lastSeen: number;
  frames: number;
}

/** Intersection over union of two boxes, 0–1. */
export function overlap(a: TrackBox, b: TrackBox): number {
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/** Weight of a new observation after `dtMs`, for a given half-life. */
export function smoothingWeight(dtMs: number, halfLifeMs: number): number {
  if (!(halfLifeMs > 0) || !(dtMs > 0)) return 1;
  return 1 - Math.pow(0.5, dtMs / halfLifeMs);
}

export class FaceTracks {
  private readonly halfLifeMs: number;
  private readonly forgetAfterMs: number;
  private readonly minOverlap: number;
  private tracks: Track[] = [];
  private nextId = 1;

  constructor(options: SmoothingOptions = {}) {
    this.halfLifeMs = options.halfLifeMs ?? 250;
    this.forgetAfterMs = options.forgetAfterMs ?? 600;
    this.minOverlap = options.minOverlap ?? 0.3;
  }

  /** Faces currently followed. */
  get size(): number {
    return this.tracks.length;
  }

  /** Forgets every face (e.g. when the picture source changes). */
  reset(): void {
    this.tracks = [];
    this.nextId = 1;
  }

  /**
   * Takes this frame's boxes and raw probabilities (same order) at time `now` (ms) and returns, in
   * the same order, each face's id and smoothed probabilities.
   */
  update(
    boxes: readonly TrackBox[],
    probabilities: readonly (readonly number[])[],
    now: number,
  ): TrackedScores[] {
    if (boxes.length !== probabilities.length)
      throw new Error('FaceTracks.update: one list of probabilities per box');
    this.tracks = this.tracks.filter((t) => now - t.lastSeen <= this.forgetAfterMs);

    // Greedy matching, best overlap first: fine for the handful of faces in a frame.
    const pairs: { face: number; track: number; iou: number }[] = [];
    boxes.forEach((box, face) => {
      this.tracks.forEach((t, track) => {
        const iou = overlap(box, t.box);
        if (iou >= this.minOverlap) pairs.push({ face, track, iou });
      });
    });
    pairs.sort((a, b) => b.iou - a.iou);
    const trackOf = new Array<number>(boxes.length).fill(-1);
    const usedTracks = new Set<number>();
    for (const p of pairs) {
      if (trackOf[p.face] !== -1 || usedTracks.has(p.track)) continue;
      trackOf[p.face] = p.track;
      usedTracks.add(p.track);
    }

    const out: TrackedScores[] = [];
    const existing = this.tracks;
    const created: Track[] = [];
    boxes.forEach((box, face) => {
      const raw = probabilities[face]!;
      const index = trackOf[face]!;
      let track: Track;
      if (index === -1) {
        track = {
          id: this.nextId++,
          box: { ...box },
          probabilities: [...raw],
          lastSeen: now,
          frames: 1,
        };
        created.push(track);
      } else {
        track = existing[index]!;
        const w = smoothingWeight(now - track.lastSeen, this.halfLifeMs);
        if (track.probabilities.length !== raw.length) track.probabilities = [...raw];
        else
          for (let i = 0; i < raw.length; i++)
            track.probabilities[i] =
              track.probabilities[i]! + w * (raw[i]! - track.probabilities[i]!);
        track.box = { ...box };
        track.lastSeen = now;
        track.frames++;
      }
      out.push({ id: track.id, probabilities: [...track.probabilities], frames: track.frames });
    });
    this.tracks.push(...created);
    return out;
  }
}
