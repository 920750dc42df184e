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
import { gameText } from './text.ts';

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
    title: gameText('challenge.happyNoSmile.title'),
    goal: gameText('challenge.happyNoSmile.goal'),
    question: gameText('challenge.happyNoSmile.question'),
    tip: gameText('challenge.happyNoSmile.tip'),
    photoTip: gameText('challenge.happyNoSmile.photoTip'),
    target: { kind: 'label', label: 'happy' },
  },
  {
    id: 'surprise-mouth-closed',
    title: gameText('challenge.surpriseMouthClosed.title'),
    goal: gameText('challenge.surpriseMouthClosed.goal'),
    question: gameText('challenge.surpriseMouthClosed.question'),
    tip: gameText('challenge.surpriseMouthClosed.tip'),
    photoTip: gameText('challenge.surpriseMouthClosed.photoTip'),
    target: { kind: 'label', label: 'surprise' },
  },
  {
    id: 'angry-no-frown',
    title: gameText('challenge.angryNoFrown.title'),
    goal: gameText('challenge.angryNoFrown.goal'),
    question: gameText('challenge.angryNoFrown.question'),
    tip: gameText('challenge.angryNoFrown.tip'),
    photoTip: gameText('challenge.angryNoFrown.photoTip'),
    target: { kind: 'label', label: 'angry' },
  },
  {
    id: 'sad-mouth-only',
    title: gameText('challenge.sadMouthOnly.title'),
    goal: gameText('challenge.sadMouthOnly.goal'),
    question: gameText('challenge.sadMouthOnly.question'),
    tip: gameText('challenge.sadMouthOnly.tip'),
    photoTip: gameText('challenge.sadMouthOnly.photoTip'),
    target: { kind: 'label', label: 'sad' },
  },
  {
    id: 'neutral-tongue',
    title: gameText('challenge.neutralTongue.title'),
    goal: gameText('challenge.neutralTongue.goal'),
    question: gameText('challenge.neutralTongue.question'),
    tip: gameText('challenge.neutralTongue.tip'),
    photoTip: gameText('challenge.neutralTongue.photoTip'),
    target: { kind: 'label', label: 'neutral' },
  },
  {
    id: 'hide-in-plain-sight',
    title: gameText('challenge.hideInPlainSight.title'),
    goal: gameText('challenge.hideInPlainSight.goal'),
    question: gameText('challenge.hideInPlainSight.question'),
    tip: gameText('challenge.hideInPlainSight.tip'),
    photoTip: gameText('challenge.hideInPlainSight.photoTip'),
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
