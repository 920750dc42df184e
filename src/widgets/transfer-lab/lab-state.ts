/**
 * The transfer lab's state, without any page or model (unit-tested in Node): the reader's classes and
 * their examples, which class is recording, whether a head is training or trained, and what still
 * stands in the way of training. The page (lab.ts) asks it and draws what it says.
 *
 *   const lab = new LabState<Example, TrainedHead>(['neutral', 'wink']);
 *   lab.add(0, examples) → how many fitted (30 at most per class)
 *   lab.startRecording(0) / lab.stopRecording() → the class that stopped
 *   lab.trainProblem(networkReady) → null, or why training cannot start
 *   lab.setHead(head) / lab.dropHead()  (a new or removed class drops the head: its outputs no longer match)
 */
import { smoothingWeight } from '../../lib/ml/smoothing.ts';
import { labText as t } from './text.ts';

export const MAX_EXAMPLES = 30;
export const MIN_TO_TRAIN = 4;

/** Why the Train button cannot start training yet. */
export type TrainProblem =
  { kind: 'too-few'; index: number; count: number } | { kind: 'no-network' };

/** What a class's record button offers: nothing yet, nothing more, hold (webcam) or add (photo). */
export type RecordMode = 'no-picture' | 'full' | 'hold' | 'photo';

export interface RecordButton {
  mode: RecordMode;
  disabled: boolean;
  /** aria-pressed with the webcam (held or not); none with a photo. */
  pressed: boolean | null;
}

/** The picture the lab reads: none yet, the webcam (live) or a photo. */
export type Source = { live: boolean } | null;

interface LabClass<E> {
  name: string;
  examples: E[];
}

export class LabState<E, H extends { dispose(): void }> {
  readonly minClasses: number;
  readonly maxClasses: number;
  private classes: LabClass<E>[];
  /** The class whose record button is held, or null. */
  recording: number | null = null;
  training = false;
  /** The trained head, owned here: replaced or dropped heads are disposed. */
  head: H | null = null;

  constructor(names: readonly string[], { minClasses = 2, maxClasses = 4 } = {}) {
    this.minClasses = minClasses;
    this.maxClasses = maxClasses;
    this.classes = names.map((name) => ({ name, examples: [] }));
  }

  get classCount(): number {
    return this.classes.length;
  }

  /** The name the reader typed, or "Class 2" while the field is empty. */
  className(i: number): string {
    return this.classes[i]?.name.trim() || t('className', { number: i + 1 });
  }

  classNames(): string[] {
    return this.classes.map((_, i) => this.className(i));
  }

  rename(i: number, name: string): void {
    const c = this.classes[i];
    if (c) c.name = name;
  }

  examples(i: number): readonly E[] {
    return this.classes[i]?.examples ?? [];
  }

  count(i: number): number {
    return this.examples(i).length;
  }

  isFull(i: number): boolean {
    return this.count(i) >= MAX_EXAMPLES;
  }

  /** Every example with its class number, in class order: the training set. */
  labelled(): { example: E; label: number }[] {
    return this.classes.flatMap((c, label) => c.examples.map((example) => ({ example, label })));
  }

  get canAddClass(): boolean {
    return this.classes.length < this.maxClasses && !this.training;
  }

  get canRemoveClass(): boolean {
    return this.classes.length > this.minClasses && !this.training;
  }

  /** Adds an empty class with an empty name; false when there are already `maxClasses`. */
  addClass(): boolean {
    if (this.classes.length >= this.maxClasses) return false;
    this.classes.push({ name: '', examples: [] });
    return true;
  }

  /** Removes class i unless only `minClasses` are left. */
  removeClass(i: number): boolean {
    if (this.classes.length <= this.minClasses || !this.classes[i]) return false;
    this.classes.splice(i, 1);
    if (this.recording === i) this.recording = null;
    else if (this.recording !== null && this.recording > i) this.recording--;
    return true;
  }

  clear(i: number): void {
    const c = this.classes[i];
    if (c) c.examples = [];
  }

  /** Adds as many of `examples` as fit (MAX_EXAMPLES per class); returns how many did. */
  add(i: number, examples: readonly E[]): number {
    const c = this.classes[i];
    if (!c) return 0;
    const added = examples.slice(0, Math.max(0, MAX_EXAMPLES - c.examples.length));
    c.examples.push(...added);
    return added.length;
  }

  /** Starts recording class i (the caller checks that the webcam is on); false while training or full. */
  startRecording(i: number): boolean {
    if (this.training || !this.classes[i] || this.isFull(i)) return false;
    this.recording = i;
    return true;
  }

  /** Stops recording; returns the class that was recording, or null when none was. */
  stopRecording(): number | null {
    const i = this.recording;
    this.recording = null;
    return i;
  }

  /** Why training cannot start: the first class with too few examples, then a network not loaded yet. */
  trainProblem(networkReady: boolean): TrainProblem | null {
    const index = this.classes.findIndex((c) => c.examples.length < MIN_TO_TRAIN);
    if (index >= 0) return { kind: 'too-few', index, count: this.count(index) };
    if (!networkReady) return { kind: 'no-network' };
    return null;
  }

  /** Keeps a newly trained head, disposing the one it replaces. */
  setHead(head: H): void {
    if (this.head !== head) this.head?.dispose();
    this.head = head;
  }

  /** Disposes the trained head; false when there was none. */
  dropHead(): boolean {
    if (!this.head) return false;
    this.head.dispose();
    this.head = null;
    return true;
  }

  /** Empties every class and drops the head (names and classes stay). */
  reset(): void {
    this.recording = null;
    for (const c of this.classes) c.examples = [];
    this.dropHead();
  }

  recordButton(i: number, source: Source): RecordButton {
    const full = this.isFull(i);
    const mode: RecordMode = !source
      ? 'no-picture'
      : full
        ? 'full'
        : source.live
          ? 'hold'
          : 'photo';
    return {
      mode,
      disabled: !source || this.training || full,
      pressed: source?.live ? this.recording === i : null,
    };
  }
}

/**
 * The webcam's probabilities smoothed over about 0.2 s (half the way to the new value every 200 ms),
 * like the emotion demo; a photo's, or a first frame's, are shown as they are.
 */
export function smoothProbabilities(
  previous: readonly number[],
  probs: readonly number[],
  elapsedMs: number,
  live: boolean,
): number[] {
  if (!live || previous.length !== probs.length) return [...probs];
  const w = elapsedMs > 0 ? smoothingWeight(elapsedMs, 200) : 0;
  return previous.map((s, k) => s + w * (probs[k]! - s));
}

export interface Announced {
  text: string;
  at: number;
}

/**
 * Polite announcements: at most one every 1.5 s unless `now`, and never the same twice in a row
 * ("the same" = the same words before the first comma, so "New head: wink, 80%" then "…, 81%" is one).
 */
export function shouldAnnounce(last: Announced, text: string, at: number, now: boolean): boolean {
  if (now) return true;
  return text.split(',')[0] !== last.text.split(',')[0] && at - last.at >= 1500;
}
