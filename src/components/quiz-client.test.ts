import { describe, expect, it } from 'vitest';
import { judge, scoreLine } from './quiz-client.ts';

describe('quiz feedback', () => {
  it('says "Right!" for the right answer and names the right answer otherwise', () => {
    expect(judge(1, 1, ['White', 'Black'])).toEqual({ right: true, verdict: 'Right!' });
    expect(judge(0, 1, ['White', 'Black'])).toEqual({
      right: false,
      verdict: 'Not quite. The answer is: Black.',
    });
  });

  it('counts answers, then right answers at the first try', () => {
    expect(scoreLine(1, 2, 4)).toBe('You have answered 2 of 4 questions.');
    expect(scoreLine(3, 4, 4)).toBe('All done: 3 of 4 right at the first try.');
  });
});
