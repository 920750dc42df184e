import { describe, expect, it } from 'vitest';
import {
  PROGRESS_KEY,
  countDone,
  emptyProgress,
  loadProgress,
  markVisited,
  nextLesson,
  parseProgress,
  saveProgress,
  setDone,
  statusOf,
} from './progress.ts';

const slugs = ['one', 'two', 'three', 'four'];
const t0 = new Date('2026-01-01T10:00:00Z');
const t1 = new Date('2026-01-02T10:00:00Z');

function memoryStorage(init: Record<string, string> = {}) {
  const data = new Map(Object.entries(init));
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    data,
  };
}

describe('progress record', () => {
  it('starts empty and marks lessons as visited once', () => {
    let p = emptyProgress();
    expect(statusOf(p, 'one')).toBe('new');
    p = markVisited(p, 'one', t0);
    p = markVisited(p, 'one', t1);
    expect(p.lessons.one).toEqual({ visited: t0.toISOString() });
    expect(p.last).toBe('one');
    expect(statusOf(p, 'one')).toBe('started');
  });

  it('marks and unmarks a lesson as done without losing when it was first visited', () => {
    let p = markVisited(emptyProgress(), 'two', t0);
    p = setDone(p, 'two', true, t1);
    expect(statusOf(p, 'two')).toBe('done');
    expect(p.lessons.two).toEqual({ visited: t0.toISOString(), done: t1.toISOString() });
    p = setDone(p, 'two', false);
    expect(statusOf(p, 'two')).toBe('started');
    expect(p.lessons.two).toEqual({ visited: t0.toISOString() });
  });

  it('does not mutate the record it is given', () => {
    const p = emptyProgress();
    markVisited(p, 'one');
    setDone(p, 'one', true);
    expect(p).toEqual(emptyProgress());
  });

  it('counts finished lessons among the given ones', () => {
    let p = setDone(emptyProgress(), 'one', true);
    p = setDone(p, 'three', true);
    p = setDone(p, 'elsewhere', true);
    p = markVisited(p, 'two');
    expect(countDone(p, slugs)).toBe(2);
  });
});

describe('nextLesson', () => {
  it('is null before the reader has opened anything', () => {
    expect(nextLesson(emptyProgress(), slugs)).toBeNull();
  });

  it('continues with the lesson last opened when it is not finished', () => {
    const p = markVisited(emptyProgress(), 'three');
    expect(nextLesson(p, slugs)).toBe('three');
  });

  it('skips to the first unfinished lesson after the last one, wrapping around', () => {
    let p = setDone(markVisited(emptyProgress(), 'four'), 'four', true);
    expect(nextLesson(p, slugs)).toBe('one');
    p = setDone(markVisited(p, 'two'), 'two', true);
    expect(nextLesson(p, slugs)).toBe('three');
  });

  it('is null when every lesson is finished', () => {
    let p = emptyProgress();
    for (const s of slugs) p = setDone(markVisited(p, s), s, true);
    expect(nextLesson(p, slugs)).toBeNull();
  });

  it('copes with a last lesson that no longer exists', () => {
    const p = { ...markVisited(emptyProgress(), 'two'), last: 'gone' };
    expect(nextLesson(p, slugs)).toBe('one');
  });
});

describe('parsing stored progress', () => {
  it.each([
    null,
    '',
    'not json',
    '[]',
    '42',
    '{"version":2,"lessons":{}}',
    '{"version":1,"lessons":7}',
  ])('treats %j as empty', (raw) => {
    expect(parseProgress(raw)).toEqual(emptyProgress());
  });

  it('keeps valid entries and drops malformed ones', () => {
    const raw = JSON.stringify({
      version: 1,
      last: 'two',
      lessons: {
        one: { visited: 'a', done: 'b' },
        two: { visited: 'c', done: 5 },
        'Bad Slug!': { visited: 'x' },
        three: 'nope',
      },
    });
    expect(parseProgress(raw)).toEqual({
      version: 1,
      last: 'two',
      lessons: { one: { visited: 'a', done: 'b' }, two: { visited: 'c' } },
    });
  });

  it('round-trips through storage', () => {
    const store = memoryStorage();
    const p = setDone(markVisited(emptyProgress(), 'one', t0), 'one', true, t1);
    expect(saveProgress(store, p)).toBe(true);
    expect(store.data.has(PROGRESS_KEY)).toBe(true);
    expect(loadProgress(store)).toEqual(p);
  });

  it('never throws when storage is missing or blocked', () => {
    const blocked = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(loadProgress(blocked)).toEqual(emptyProgress());
    expect(saveProgress(blocked, emptyProgress())).toBe(false);
    expect(loadProgress(undefined)).toEqual(emptyProgress());
    expect(saveProgress(undefined, emptyProgress())).toBe(false);
  });
});
