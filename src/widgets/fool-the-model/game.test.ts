/** The rules of "Fool the model": holding the target, asking, scoring, switching and starting again. */
import { describe, expect, it } from 'vitest';
import { CHALLENGES, DEFAULT_HOLD_MS, FoolGame, type Observation } from './game.ts';

const face = (top: string, topScore = 0.6) => ({ top, topScore });
const live = (time: number, ...faces: ReturnType<typeof face>[]): Observation => ({
  time,
  live: true,
  facesFound: faces.length,
  faces,
});
const photo = (...faces: ReturnType<typeof face>[]): Observation => ({
  time: 0,
  live: false,
  facesFound: faces.length,
  faces,
});

describe('FoolGame', () => {
  it('starts with the first challenge and no points', () => {
    const g = new FoolGame();
    expect(g.current.id).toBe(CHALLENGES[0]!.id);
    expect([g.score, g.total, g.phase]).toEqual([0, CHALLENGES.length, 'playing']);
  });

  it('webcam: the target must be held for a second, without a break', () => {
    const g = new FoolGame({ holdMs: 1000 });
    expect(g.update(live(0, face('happy'))).progress).toBe(0);
    expect(g.update(live(500, face('happy'))).progress).toBeCloseTo(0.5);
    expect(g.update(live(600, face('neutral'))).progress).toBe(0); // broke off: start again
    expect(g.update(live(700, face('happy'))).progress).toBe(0);
    expect(g.update(live(1500, face('happy'))).progress).toBeCloseTo(0.8);
    const done = g.update(live(1700, face('happy', 0.55)));
    expect(done.progress).toBe(1);
    expect(done.hit).toMatchObject({ face: 0, label: 'happy', score: 0.55 });
    expect(g.phase).toBe('asking');
    // While asking, predictions change nothing.
    expect(g.update(live(1800, face('sad'))).hit).toBeUndefined();
  });

  it('by default the webcam hold is DEFAULT_HOLD_MS, the time lesson 9 quotes', () => {
    const g = new FoolGame();
    expect(g.holdMs).toBe(DEFAULT_HOLD_MS);
    g.update(live(0, face('happy')));
    expect(g.update(live(DEFAULT_HOLD_MS - 1, face('happy'))).hit).toBeUndefined();
    expect(g.update(live(DEFAULT_HOLD_MS, face('happy'))).hit).toBeDefined();
  });

  it('a yes scores and moves on to the next challenge; a no lets you try again', () => {
    const g = new FoolGame({ holdMs: 0 });
    g.update(live(0, face('happy')));
    expect(g.answer(false)).toBe(false);
    expect([g.score, g.current.id, g.phase]).toEqual([0, 'happy-no-smile', 'playing']);
    // After a no, the same picture does not count again until the target has gone once.
    expect(g.update(live(10, face('happy'))).hit).toBeUndefined();
    g.update(live(20, face('neutral')));
    expect(g.update(live(30, face('happy'))).hit).toBeDefined();
    expect(g.answer(true)).toBe(true);
    expect([g.score, g.current.id]).toEqual([1, 'surprise-mouth-closed']);
    expect(g.isDone('happy-no-smile')).toBe(true);
    expect(g.answer(true)).toBe(false); // nothing to answer now
  });

  it('photo: one reading is enough, and any face in the photo can do it', () => {
    const g = new FoolGame();
    g.select('surprise-mouth-closed');
    const r = g.update(photo(face('happy', 0.9), face('surprise', 0.4), face('surprise', 0.7)));
    expect(r.hit).toMatchObject({ face: 2, label: 'surprise', score: 0.7 });
  });

  it("'hide in plain sight' counts frames with no face found", () => {
    const g = new FoolGame({ holdMs: 1000 });
    g.select('hide-in-plain-sight');
    g.update(live(0));
    expect(g.update(live(400, face('neutral'))).progress).toBe(0);
    g.update(live(500));
    const r = g.update(live(1600));
    expect(r.hit).toMatchObject({ face: null, label: 'no face', score: null });
  });

  it('finishes when every challenge is done, and reset starts again from zero', () => {
    const g = new FoolGame({ holdMs: 0 });
    for (const c of CHALLENGES) {
      expect(g.current.id).toBe(c.id);
      g.update(c.target.kind === 'no-face' ? live(0) : live(0, face(c.target.label)));
      expect(g.answer(true)).toBe(true);
    }
    expect([g.phase, g.score]).toEqual(['finished', CHALLENGES.length]);
    expect(g.update(live(0, face('happy'))).progress).toBe(0);
    // Playing a finished challenge again gives no extra point.
    g.select('happy-no-smile');
    g.update(live(0, face('happy')));
    g.answer(true);
    expect(g.score).toBe(CHALLENGES.length);
    g.reset();
    expect([g.phase, g.score, g.current.id]).toEqual(['playing', 0, CHALLENGES[0]!.id]);
  });

  it('skips finished challenges when moving on', () => {
    const g = new FoolGame({ holdMs: 0 });
    g.select('sad-mouth-only');
    g.update(live(0, face('sad')));
    g.answer(true);
    expect(g.current.id).toBe('neutral-tongue');
    g.select('angry-no-frown');
    g.update(live(0, face('angry')));
    g.answer(true);
    expect(g.current.id).toBe('neutral-tongue'); // sad is done: skipped
    expect(() => g.select('nope')).toThrow();
  });

  it("every challenge targets one of the model's labels, or no face", () => {
    const labels = ['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise'];
    for (const c of CHALLENGES) {
      if (c.target.kind === 'label') expect(labels).toContain(c.target.label);
      expect(c.question.endsWith('?')).toBe(true);
    }
    expect(new Set(CHALLENGES.map((c) => c.id)).size).toBe(CHALLENGES.length);
  });
});
