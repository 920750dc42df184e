/**
 * How the site writes numbers for readers: one percent style, one interval style, one name for the
 * split we report. Used at build time by lessons and pages and in the browser by widgets.
 */
import { wilsonInterval } from './stats.ts';

/** 0.6732 → "67%"; with digits 1 → "67.3%". */
export function percent(share: number, digits = 0): string {
  return `${(share * 100).toFixed(digits)}%`;
}

/** The 95% interval of an accuracy on n items, as text: "65.7–68.8%". */
export function intervalText(share: number, n: number, digits = 1): string {
  const { low, high } = wilsonInterval(share, n);
  return `${(low * 100).toFixed(digits)}–${(high * 100).toFixed(digits)}%`;
}

/** An accuracy with its 95% interval: "67.3% (95% interval 65.7–68.8%)". */
export function accuracyWithInterval(share: number, n: number, digits = 1): string {
  return `${percent(share, digits)} (95% interval ${intervalText(share, n, digits)})`;
}

/** The split every reported figure is measured on, as learners read it. */
export const TEST_SET = 'FER2013 PublicTest';

/** "test set (FER2013 PublicTest, 3,589 faces)". */
export function testSetName(images: number): string {
  return `test set (${TEST_SET}, ${images.toLocaleString('en-GB')} faces)`;
}
