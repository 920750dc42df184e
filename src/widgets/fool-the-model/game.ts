/**
 * "Fool the model": the rules of the game, without any page or model (unit-tested in Node).
 *
 * Each challenge asks the reader to make the model say something with a twist ("happy — without
 * smiling"). The game watches the predictions: when a face's top label is the target for `holdMs` with
 * the webcam (at once with a photo), it stops and asks the reader whether they kept to the twist — the
 * model cannot tell, and that is the point. Yes = a point and the next challenge; no = try again.
 *
 *   const game = new FoolGame();
 *   game.update({ time, live, facesFound, faces })  → { progress 0–1, hit? }   (every prediction)
 *   game.answer(true | false)                       → after a hit: did you keep to the rule?
 *   game.select(id), game.reset()
 */

export type Target = { kind: 'label'; label: string } | { kind: 'no-face' };

export interface Challenge {
  id: string;
  /** Short name for the list, e.g. "Happy without a smile". */
  title: string;
  /** The task in one sentence. */
  goal: string;
  /** The question asked after a hit: answered yes when the reader kept to the twist. */
  question: string;
  /** A hint for the webcam. */
  tip: string;
  /** A hint for photos. */
  photoTip: string;
  target: Target;
}

export const CHALLENGES: readonly Challenge[] = [
  {
    id: 'happy-no-smile',
    title: 'Happy without a smile',
    goal: 'Make the model say “happy” — without smiling.',
    question: 'Was there really no smile?',
    tip: 'Try squinting, pushing your cheeks up with your fingers, or tilting your head.',
    photoTip: 'Look for a face the model calls happy although its mouth is not smiling.',
    target: { kind: 'label', label: 'happy' },
  },
  {
    id: 'surprise-mouth-closed',
    title: 'Surprise, mouth closed',
    goal: 'Get “surprise” with your mouth closed.',
    question: 'Did the mouth stay closed?',
    tip: 'Raise your eyebrows as high as they go and open your eyes wide.',
    photoTip: 'Look for a face with raised eyebrows but a closed mouth.',
    target: { kind: 'label', label: 'surprise' },
  },
  {
    id: 'angry-no-frown',
    title: 'Angry without a frown',
    goal: 'Make the model say “angry” — without frowning.',
    question: 'Did the eyebrows stay relaxed (no frown)?',
    tip: 'Press your lips together hard, or look at the camera from under your eyebrows.',
    photoTip: 'Look for a face the model calls angry whose eyebrows are relaxed.',
    target: { kind: 'label', label: 'angry' },
  },
  {
    id: 'sad-mouth-only',
    title: 'Sad with only your mouth',
    goal: 'Make the model say “sad” by moving only your mouth.',
    question: 'Did only the mouth move (eyes and eyebrows as usual)?',
    tip: 'Push your lower lip out, or pull the corners of your mouth down.',
    photoTip: 'Look for a face the model calls sad although only the mouth looks different.',
    target: { kind: 'label', label: 'sad' },
  },
  {
    id: 'neutral-tongue',
    title: 'Neutral with your tongue out',
    goal: 'Make the model say “neutral” while you stick your tongue out.',
    question: 'Was the tongue out?',
    tip: 'Keep everything else still and just show the tip of your tongue.',
    photoTip: 'Find or upload a picture of someone pulling a face that the model calls neutral.',
    target: { kind: 'label', label: 'neutral' },
  },
  {
    id: 'hide-in-plain-sight',
    title: 'Hide in plain sight',
    goal: 'Make the face finder lose your face while all of it stays in the picture.',
    question: 'Was a whole face still in the picture?',
    tip: 'Turn your head far to one side, tilt it a lot, or tip it back.',
    photoTip:
      'Upload a picture where a face is plainly visible but the face finder misses it (a drawing, a side view…).',
    target: { kind: 'no-face' },
  },
];

export interface ObservedFace {
  /** The model's most likely label for this face and its probability. */
  top: string;
  topScore: number;
}

export interface Observation {
  /** ms (performance.now() clock). */
  time: number;
  /** True for a webcam, false for a still photo. */
  live: boolean;
  /** Faces the detector found (0 = none). */
  facesFound: number;
  faces: ObservedFace[];
}

export interface Hit {
  challenge: Challenge;
  /** Index of the face that did it (null for "no face"). */
  face: number | null;
  /** What the model said, e.g. "surprise" with 0.54; "no face" for the face finder. */
  label: string;
  score: number | null;
}

export type Phase = 'playing' | 'asking' | 'finished';

export interface Progress {
  /** 0–1: how long the target has been held, as a share of holdMs (1 at once for a photo). */
  progress: number;
  /** Set on the update that completed the hold: the game now waits for answer(). */
  hit?: Hit;
}

/** How long the webcam must show the target before it counts, ms (lesson 9 quotes it). */
export const DEFAULT_HOLD_MS = 1000;

export interface GameOptions {
  /** How long the webcam must show the target, ms. Default DEFAULT_HOLD_MS. */
  holdMs?: number;
  challenges?: readonly Challenge[];
}

export class FoolGame {
  readonly challenges: readonly Challenge[];
  readonly holdMs: number;
  private readonly done = new Set<string>();
  private index = 0;
  private since: number | null = null;
  private pending: Hit | null = null;
  /** After a "no", the target must go away once before it counts again. */
  private mustRelease = false;
  private _phase: Phase = 'playing';

  constructor(options: GameOptions = {}) {
    this.challenges = options.challenges ?? CHALLENGES;
    this.holdMs = options.holdMs ?? DEFAULT_HOLD_MS;
    if (this.challenges.length === 0) throw new Error('A game needs challenges');
  }

  get phase(): Phase {
    return this._phase;
  }

  get current(): Challenge {
    return this.challenges[this.index]!;
  }

  get score(): number {
    return this.done.size;
  }

  get total(): number {
    return this.challenges.length;
  }

  /** The hit waiting for an answer, if any. */
  get hit(): Hit | null {
    return this.pending;
  }

  isDone(id: string): boolean {
    return this.done.has(id);
  }

  /** Which face (if any) meets the current target in this observation. */
  private match(obs: Observation): Hit | null {
    const challenge = this.current;
    const t = challenge.target;
    if (t.kind === 'no-face')
      return obs.facesFound === 0 ? { challenge, face: null, label: 'no face', score: null } : null;
    let best: Hit | null = null;
    obs.faces.forEach((f, i) => {
      if (f.top === t.label && (!best || f.topScore > (best.score ?? 0)))
        best = { challenge, face: i, label: f.top, score: f.topScore };
    });
    return best;
  }

  /** Feeds one prediction to the game. */
  update(obs: Observation): Progress {
    if (this._phase !== 'playing') return { progress: this._phase === 'asking' ? 1 : 0 };
    const m = this.match(obs);
    if (!m) {
      this.since = null;
      this.mustRelease = false;
      return { progress: 0 };
    }
    if (this.mustRelease) return { progress: 0 };
    if (!obs.live || this.holdMs <= 0) return this.complete(m);
    this.since ??= obs.time;
    const progress = Math.min(1, (obs.time - this.since) / this.holdMs);
    return progress >= 1 ? this.complete(m) : { progress };
  }

  private complete(hit: Hit): Progress {
    this.pending = hit;
    this._phase = 'asking';
    this.since = null;
    return { progress: 1, hit };
  }

  /** The reader's answer after a hit: did they keep to the twist? Returns true when it scored. */
  answer(keptTheRule: boolean): boolean {
    if (this._phase !== 'asking' || !this.pending) return false;
    this.pending = null;
    if (!keptTheRule) {
      this._phase = 'playing';
      this.mustRelease = true;
      return false;
    }
    this.done.add(this.current.id);
    const next = this.nextUnfinished();
    if (next < 0) {
      this._phase = 'finished';
    } else {
      this.index = next;
      this._phase = 'playing';
    }
    this.mustRelease = false;
    return true;
  }

  private nextUnfinished(): number {
    for (let k = 1; k <= this.challenges.length; k++) {
      const i = (this.index + k) % this.challenges.length;
      if (!this.done.has(this.challenges[i]!.id)) return i;
    }
    return -1;
  }

  /** Switches to another challenge (any: finished ones can be played again, for no extra point). */
  select(id: string): void {
    const i = this.challenges.findIndex((c) => c.id === id);
    if (i < 0) throw new Error(`No challenge "${id}"`);
    this.index = i;
    this.pending = null;
    this.since = null;
    this.mustRelease = false;
    this._phase = 'playing';
  }

  /** Starts again: no points, first challenge. */
  reset(): void {
    this.done.clear();
    this.select(this.challenges[0]!.id);
  }
}
