/**
 * How the site writes numbers and emotions for readers: one percent style, one interval style, one
 * name for the split we report, one word per emotion. Used at build time by lessons and pages and in
 * the browser by widgets.
 */
import { wilsonInterval } from './stats.ts';

/** 0.6732 → "67%"; with digits 1 → "67.3%". Shares are 0 or more (a negative one would read "-0%"). */
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

// ---------- Counts, sizes, times ----------

/** 3589 → "3,589" (rounded to a whole number). */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-GB');
}

/**
 * Bytes as KB (whole) below 1 MB, else MB to one decimal: "874 KB", "2.3 MB". Decimal units (1 MB =
 * 1,000,000 bytes), the same as the lessons' "about 16 MB" download figure (site-facts.ts).
 */
export function bytes(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  return `${Math.round(n / 1e3).toLocaleString('en-GB')} KB`;
}

/** "45 s", "12 min", "2 h 5 min". */
export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = seconds / 60;
  if (minutes < 90) return `${Math.round(minutes)} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${Math.round(minutes - hours * 60)} min`;
}

/** Milliseconds: "4.27 ms" below 10, else "12.3 ms". */
export function ms(value: number): string {
  return value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(1)} ms`;
}

// ---------- Emotions ----------

/**
 * The one word per emotion the site uses, for the model card's labels ("disgust", "fear", "surprise")
 * and the longer spellings other models' files use. `beforeFaces` fits "Of 467 ___ faces" and "were
 * called ___"; `alone` is the word shown on its own, as the live demo's answer, where it differs:
 * "afraid" reads well alone but cannot stand before a noun ("afraid faces").
 */
const EMOTIONS: Record<string, { beforeFaces: string; alone?: string }> = {
  angry: { beforeFaces: 'angry' },
  disgust: { beforeFaces: 'disgusted' },
  disgusted: { beforeFaces: 'disgusted' },
  fear: { beforeFaces: 'fearful', alone: 'afraid' },
  fearful: { beforeFaces: 'fearful', alone: 'afraid' },
  happy: { beforeFaces: 'happy' },
  neutral: { beforeFaces: 'neutral' },
  sad: { beforeFaces: 'sad' },
  surprise: { beforeFaces: 'surprised' },
  surprised: { beforeFaces: 'surprised' },
};

export interface EmotionWordOptions {
  /** The word as an answer on its own ("afraid") rather than before "faces" ("fearful"). */
  alone?: boolean;
  /** With a capital letter: "Fearful". */
  capital?: boolean;
}

/** "fear" → "fearful"; { alone: true } → "afraid"; { capital: true } → "Fearful". Unknown labels are shown as they are. */
export function emotionWord(label: string, options: EmotionWordOptions = {}): string {
  const entry = EMOTIONS[label];
  const word = entry ? (options.alone && entry.alone) || entry.beforeFaces : label;
  return options.capital ? capitalise(word) : word;
}

export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
