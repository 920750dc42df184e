import { describe, expect, it } from 'vitest';
import {
  LabState,
  MAX_EXAMPLES,
  MIN_TO_TRAIN,
  shouldAnnounce,
  smoothProbabilities,
} from './lab-state.ts';

/** A head that remembers whether it was disposed (the lab must dispose every head it drops). */
class Head {
  disposed = false;
  dispose(): void {
    this.disposed = true;
  }
}

const lab = (names = ['neutral', 'wink', 'tongue out']) => new LabState<number, Head>(names);
const examples = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('LabState: classes', () => {
  it('names a class by what the reader typed, trimmed, or by its number while empty', () => {
    const s = lab();
    s.rename(1, '  blink ');
    s.rename(2, '   ');
    expect(s.classNames()).toEqual(['neutral', 'blink', 'Class 3']);
  });

  it('adds classes up to the maximum and removes them down to the minimum', () => {
    const s = lab();
    expect(s.addClass()).toBe(true);
    expect(s.classNames()).toEqual(['neutral', 'wink', 'tongue out', 'Class 4']);
    expect(s.canAddClass).toBe(false);
    expect(s.addClass()).toBe(false);
    expect(s.removeClass(0)).toBe(true);
    expect(s.removeClass(0)).toBe(true);
    expect(s.classNames()).toEqual(['tongue out', 'Class 2']);
    expect(s.canRemoveClass).toBe(false);
    expect(s.removeClass(0)).toBe(false);
    expect(s.classCount).toBe(2);
  });

  it('neither adds nor removes classes from the buttons while training', () => {
    const s = lab();
    s.training = true;
    expect(s.canAddClass).toBe(false);
    expect(s.canRemoveClass).toBe(false);
  });

  it('keeps the examples with their class when another class is removed', () => {
    const s = lab();
    s.add(2, [7, 8]);
    s.removeClass(0);
    expect(s.examples(1)).toEqual([7, 8]);
    expect(s.labelled()).toEqual([
      { example: 7, label: 1 },
      { example: 8, label: 1 },
    ]);
  });
});

describe('LabState: examples and recording', () => {
  it(`keeps at most ${MAX_EXAMPLES} examples per class and says how many fitted`, () => {
    const s = lab();
    expect(s.add(0, examples(25))).toBe(25);
    expect(s.isFull(0)).toBe(false);
    expect(s.add(0, examples(10))).toBe(5);
    expect(s.count(0)).toBe(MAX_EXAMPLES);
    expect(s.isFull(0)).toBe(true);
    expect(s.add(0, [1])).toBe(0);
    s.clear(0);
    expect(s.count(0)).toBe(0);
  });

  it('records one class at a time, never a full one or while training', () => {
    const s = lab();
    expect(s.startRecording(1)).toBe(true);
    expect(s.recording).toBe(1);
    expect(s.stopRecording()).toBe(1);
    expect(s.stopRecording()).toBe(null);
    s.add(0, examples(MAX_EXAMPLES));
    expect(s.startRecording(0)).toBe(false);
    s.training = true;
    expect(s.startRecording(1)).toBe(false);
    expect(s.recording).toBe(null);
  });

  it('follows the recording class when a class before it is removed', () => {
    const s = lab();
    s.addClass();
    s.startRecording(2);
    s.removeClass(0);
    expect(s.recording).toBe(1);
    s.removeClass(1);
    expect(s.recording).toBe(null);
  });

  it('gives each record button its mode: no picture, full, hold (webcam) or add (photo)', () => {
    const s = lab();
    s.add(1, examples(MAX_EXAMPLES));
    s.startRecording(0);
    expect(s.recordButton(0, null)).toEqual({ mode: 'no-picture', disabled: true, pressed: null });
    expect(s.recordButton(0, { live: true })).toEqual({
      mode: 'hold',
      disabled: false,
      pressed: true,
    });
    expect(s.recordButton(2, { live: true })).toEqual({
      mode: 'hold',
      disabled: false,
      pressed: false,
    });
    expect(s.recordButton(0, { live: false })).toEqual({
      mode: 'photo',
      disabled: false,
      pressed: null,
    });
    expect(s.recordButton(1, { live: true })).toEqual({
      mode: 'full',
      disabled: true,
      pressed: false,
    });
    s.training = true;
    expect(s.recordButton(2, { live: false }).disabled).toBe(true);
  });
});

describe('LabState: training and the head', () => {
  it(`names the first class with fewer than ${MIN_TO_TRAIN} examples, then a network not loaded`, () => {
    const s = lab();
    s.add(0, examples(MIN_TO_TRAIN));
    s.add(1, examples(MIN_TO_TRAIN - 1));
    expect(s.trainProblem(true)).toEqual({ kind: 'too-few', index: 1, count: 3 });
    s.add(1, [1]);
    expect(s.trainProblem(true)).toEqual({ kind: 'too-few', index: 2, count: 0 });
    s.add(2, examples(10));
    expect(s.trainProblem(false)).toEqual({ kind: 'no-network' });
    expect(s.trainProblem(true)).toBe(null);
  });

  it('disposes a head when it is replaced, dropped or the lab is reset', () => {
    const s = lab();
    const first = new Head();
    const second = new Head();
    s.setHead(first);
    s.setHead(second);
    expect(first.disposed).toBe(true);
    expect(s.dropHead()).toBe(true);
    expect(second.disposed).toBe(true);
    expect(s.dropHead()).toBe(false);
    const third = new Head();
    s.setHead(third);
    s.add(0, [1, 2]);
    s.startRecording(0);
    s.reset();
    expect(third.disposed).toBe(true);
    expect(s.head).toBe(null);
    expect(s.recording).toBe(null);
    expect(s.labelled()).toEqual([]);
    expect(s.classNames()).toEqual(['neutral', 'wink', 'tongue out']);
  });
});

describe('reading the new head', () => {
  it('smooths the webcam halfway every 200 ms, and shows a photo as it is', () => {
    expect(smoothProbabilities([0, 1], [1, 0], 200, true)).toEqual([0.5, 0.5]);
    expect(smoothProbabilities([0, 1], [1, 0], 400, true)).toEqual([0.75, 0.25]);
    expect(smoothProbabilities([0, 1], [1, 0], -50, true)).toEqual([0, 1]);
    expect(smoothProbabilities([0, 1], [1, 0], 200, false)).toEqual([1, 0]);
    expect(smoothProbabilities([], [0.3, 0.7], 200, true)).toEqual([0.3, 0.7]);
  });

  it('announces at most every 1.5 s, never the same answer twice, at once when asked', () => {
    const last = { text: 'New head: wink, 80%.', at: 1000 };
    expect(shouldAnnounce(last, 'New head: neutral, 60%.', 2000, false)).toBe(false);
    expect(shouldAnnounce(last, 'New head: neutral, 60%.', 2500, false)).toBe(true);
    expect(shouldAnnounce(last, 'New head: wink, 95%.', 9000, false)).toBe(false);
    expect(shouldAnnounce(last, 'New head: wink, 95%.', 1001, true)).toBe(true);
  });
});
