import { describe, expect, it } from 'vitest';
import {
  accuracyWithInterval,
  bytes,
  capitalise,
  count,
  duration,
  emotionWord,
  intervalText,
  ms,
  percent,
  testSetName,
} from './format.ts';
import { wilsonInterval } from './stats.ts';

describe('wilsonInterval', () => {
  it('matches the textbook Wilson interval', () => {
    // 0.6732 on 3,589: half-width about 1.5 points.
    const { low, high } = wilsonInterval(0.6732, 3589);
    expect(low).toBeCloseTo(0.6577, 3);
    expect(high).toBeCloseTo(0.6883, 3);
    // 81 of 100, worked by hand: centre 0.7985, half-width 0.0763.
    const small = wilsonInterval(0.81, 100);
    expect(small.low).toBeCloseTo(0.7222, 3);
    expect(small.high).toBeCloseTo(0.8749, 3);
  });
  it('stays inside 0–1 at the edges and for no items', () => {
    expect(wilsonInterval(1, 10).high).toBe(1);
    expect(wilsonInterval(0, 10).low).toBe(0);
    expect(wilsonInterval(0.5, 0)).toEqual({ low: 0, high: 1 });
  });
  it('is about ±6 points on 128 items and ±1.5 on 3,589', () => {
    const few = wilsonInterval(0.75, 128);
    expect((few.high - few.low) / 2).toBeGreaterThan(0.07);
    const many = wilsonInterval(0.67, 3589);
    expect((many.high - many.low) / 2).toBeCloseTo(0.0154, 3);
  });
});

describe('format', () => {
  it('writes percents, intervals and the test set name', () => {
    expect(percent(0.6732)).toBe('67%');
    expect(percent(0.6732, 1)).toBe('67.3%');
    expect(intervalText(0.6732, 3589)).toBe('65.8–68.8%');
    expect(accuracyWithInterval(0.6732, 3589)).toBe('67.3% (95% interval 65.8–68.8%)');
    expect(testSetName(3589)).toBe('test set (FER2013 PublicTest, 3,589 faces)');
  });
});

describe('counts, sizes and times', () => {
  it('writes them the way the tables and charts show them', () => {
    expect(percent(0.624)).toBe('62%');
    expect(percent(0.625)).toBe('63%');
    expect(percent(0.6732, 1)).toBe('67.3%');
    expect(count(3589)).toBe('3,589');
    expect(count(2.6)).toBe('3');
    expect(bytes(874_638)).toBe('875 KB');
    expect(bytes(1_234_000)).toBe('1.2 MB');
    expect(bytes(50e6)).toBe('50.0 MB');
    expect(duration(45)).toBe('45 s');
    expect(duration(12 * 60)).toBe('12 min');
    expect(duration(125 * 60)).toBe('2 h 5 min');
    expect(ms(4.267)).toBe('4.27 ms');
    expect(ms(12.34)).toBe('12.3 ms');
  });
});

describe('emotionWord', () => {
  it('gives one word per label, before "faces" or on its own', () => {
    expect(emotionWord('fear')).toBe('fearful');
    expect(emotionWord('fearful')).toBe('fearful');
    expect(emotionWord('fear', { alone: true })).toBe('afraid');
    expect(emotionWord('fear', { alone: true, capital: true })).toBe('Afraid');
    expect(emotionWord('disgust', { alone: true, capital: true })).toBe('Disgusted');
    expect(emotionWord('surprise')).toBe('surprised');
    expect(emotionWord('happy', { capital: true })).toBe('Happy');
  });
  it('shows labels it does not know as they are', () => {
    expect(emotionWord('wink')).toBe('wink');
    expect(emotionWord('wink', { alone: true, capital: true })).toBe('Wink');
    expect(capitalise('tongue out')).toBe('Tongue out');
  });
});
