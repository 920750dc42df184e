import { describe, expect, it } from 'vitest';
import { accuracyWithInterval, intervalText, percent, testSetName } from './format.ts';
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
