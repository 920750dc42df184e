/**
 * Landmark features: measurements in eye spans that do not change when the face moves, turns in the
 * picture or comes nearer; the rules on the changes from a neutral face; and their words.
 * The neutral face is MediaPipe's canonical face (the UV map of the 468 points, from @vladmandic/human).
 */
import { describe, expect, it } from 'vitest';
import { UV468 } from '../../../node_modules/@vladmandic/human/src/face/facemeshcoords.ts';
import geometryJson from './fer2013-geometry.json' with { type: 'json' };
import {
  LANDMARK,
  MEASURES,
  RULES,
  TYPICAL_NEUTRAL,
  averageMeasures,
  classify,
  compare,
  describeChanges,
  explain,
  faceFrame,
  measure,
  type Measures,
} from './features.ts';

const geometry = geometryJson as unknown as {
  split: string;
  medians: Record<string, Measures>;
  verdicts: Record<string, Record<string, number>>;
};

type P = [number, number, number];
const canonical = (): P[] => UV468.map(([x, y]) => [x, y, 0] as P);
const span = () => {
  const c = canonical();
  return Math.hypot(c[263]![0] - c[33]![0], c[263]![1] - c[33]![1]);
};

/** Moves landmarks by (dx, dy) eye spans (on the upright canonical face, y is down). */
function moved(points: P[], ids: number[], dx: number, dy: number): P[] {
  const s = span();
  const out = points.map((p) => [...p] as P);
  for (const i of ids) {
    out[i]![0] += dx * s;
    out[i]![1] += dy * s;
  }
  return out;
}

/** Turns, scales and shifts all points, as when the head tilts or comes nearer. */
function transformed(points: P[], angle: number, scale: number, tx: number, ty: number): P[] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return points.map(([x, y, z]) => [
    tx + scale * (c * x - s * y),
    ty + scale * (s * x + c * y),
    z * scale,
  ]);
}

const L = LANDMARK;
const BROWS = [L.rightBrowMiddle, L.leftBrowMiddle, 70, 63, 66, 300, 293, 296];

describe('measure', () => {
  it('measures the canonical face like a typical neutral face', () => {
    const m = measure(canonical());
    expect(m.mouthOpen).toBeLessThan(0.02);
    expect(m.mouthWidth).toBeCloseTo(0.537, 2);
    expect(Math.abs(m.cornerLift)).toBeLessThan(0.01);
    expect(m.browHeight).toBeCloseTo(0.271, 2);
    expect(m.eyeOpen).toBeCloseTo(0.103, 2);
    expect(m.browGap).toBeCloseTo(0.265, 2);
    const f = faceFrame(canonical());
    expect(f.roll).toBeCloseTo(0, 5);
  });

  it('gives the same numbers when the face is turned, nearer or elsewhere in the picture', () => {
    const base = measure(canonical());
    for (const [angle, scale, tx, ty] of [
      [0.5, 400, 320, 200],
      [-0.3, 80, 10, 900],
      [Math.PI / 2 - 0.1, 1, -3, 4],
    ] as const) {
      const m = measure(transformed(canonical(), angle, scale, tx, ty));
      for (const { id } of MEASURES)
        expect(m[id], `${id} at angle ${angle}`).toBeCloseTo(base[id], 6);
      expect(faceFrame(transformed(canonical(), angle, scale, tx, ty)).roll).toBeCloseTo(angle, 6);
    }
  });

  it('follows each movement: mouth opening, corners, eyebrows, eyes', () => {
    const base = measure(canonical());
    const open = measure(moved(canonical(), [L.lowerLipInner], 0, 0.2));
    expect(open.mouthOpen - base.mouthOpen).toBeCloseTo(0.2, 2);
    const smile = measure(
      moved(moved(canonical(), [L.mouthRight], -0.05, -0.06), [L.mouthLeft], 0.05, -0.06),
    );
    expect(smile.cornerLift - base.cornerLift).toBeCloseTo(0.06, 3);
    expect(smile.mouthWidth - base.mouthWidth).toBeCloseTo(0.1, 2);
    const brows = measure(moved(canonical(), BROWS, 0, -0.07));
    expect(brows.browHeight - base.browHeight).toBeCloseTo(0.07, 3);
    const wide = measure(moved(canonical(), [L.rightEyeUpper, L.leftEyeUpper], 0, -0.04));
    expect(wide.eyeOpen - base.eyeOpen).toBeCloseTo(0.04, 3);
    const squeeze = measure(
      moved(moved(canonical(), [L.rightBrowInner], 0.03, 0), [L.leftBrowInner], -0.03, 0),
    );
    expect(squeeze.browGap - base.browGap).toBeCloseTo(-0.06, 3);
  });

  it('refuses what is not a 468-point mesh', () => {
    expect(() => measure(canonical().slice(0, 6))).toThrow(/468/);
    const same = canonical();
    same[263] = [...same[33]!] as P;
    expect(() => measure(same)).toThrow(/eye corners/);
  });
});

describe('classify', () => {
  const neutral = measure(canonical());
  const label = (points: P[]) => classify(measure(points), neutral).label;

  it('says neutral for the neutral face itself, and for small twitches', () => {
    expect(label(canonical())).toBe('neutral');
    expect(label(moved(canonical(), BROWS, 0, -0.015))).toBe('neutral');
    const r = classify(neutral, neutral);
    expect(r.rules.every((x) => x.progress === 0)).toBe(true);
  });

  it('happy: corners up and a wider mouth; not with only one of them', () => {
    const smile = moved(
      moved(canonical(), [L.mouthRight], -0.04, -0.05),
      [L.mouthLeft],
      0.04,
      -0.05,
    );
    expect(label(smile)).toBe('happy');
    const onlyWider = moved(moved(canonical(), [L.mouthRight], -0.05, 0), [L.mouthLeft], 0.05, 0);
    expect(label(onlyWider)).toBe('neutral');
    const half = classify(measure(onlyWider), neutral).rules.find((r) => r.rule.label === 'happy')!;
    expect(half.progress).toBe(0); // the corners did not rise at all
  });

  it('surprise: eyebrows up with an open mouth, or with wide eyes; not eyebrows alone', () => {
    const brows = moved(canonical(), BROWS, 0, -0.07);
    expect(label(brows)).toBe('neutral');
    expect(label(moved(brows, [L.lowerLipInner], 0, 0.25))).toBe('surprise');
    expect(label(moved(brows, [L.rightEyeUpper, L.leftEyeUpper], 0, -0.04))).toBe('surprise');
  });

  it('sad: corners down; angry: eyebrows down and together', () => {
    expect(label(moved(canonical(), [L.mouthRight, L.mouthLeft], 0, 0.05))).toBe('sad');
    const frown = moved(
      moved(moved(canonical(), BROWS, 0, 0.04), [L.rightBrowInner], 0.03, 0.03),
      [L.leftBrowInner],
      -0.03,
      0.03,
    );
    expect(label(frown)).toBe('angry');
  });

  it('reports how far along every rule is, 0–1', () => {
    const r = classify(measure(moved(canonical(), BROWS, 0, -0.02)), neutral);
    expect(r.rules.map((x) => x.rule.label)).toEqual(RULES.map((x) => x.label));
    const surprise = r.rules.find((x) => x.rule.label === 'surprise')!;
    expect(surprise.conditions[0]!.share).toBeCloseTo(0.8, 1);
    for (const x of r.rules) {
      expect(x.progress).toBeGreaterThanOrEqual(0);
      expect(x.progress).toBeLessThanOrEqual(1);
    }
  });

  it("uses the typical neutral face when none is given: FER2013's neutral medians", () => {
    expect(Object.keys(TYPICAL_NEUTRAL).sort()).toEqual(MEASURES.map((m) => m.id).sort());
    expect(TYPICAL_NEUTRAL).toEqual(geometry.medians.neutral);
    const typical = classify(TYPICAL_NEUTRAL);
    expect(typical.label).toBe('neutral');
    expect(typical.rules.every((r) => r.progress === 0)).toBe(true);
  });

  it('the aggregates say how often each rule fires on FER2013 faces, with the current rules', () => {
    expect(geometry.split).toMatch(/FER2013 train/);
    for (const [cls, verdicts] of Object.entries(geometry.verdicts)) {
      expect(
        Object.values(verdicts).reduce((a, b) => a + b, 0),
        cls,
      ).toBeCloseTo(1, 2);
    }
    // The happy and surprise rules catch most of their faces, and rarely fire for neutral ones.
    expect(geometry.verdicts.happy!.happy).toBeGreaterThan(0.5);
    expect(geometry.verdicts.surprise!.surprise).toBeGreaterThan(0.5);
    expect(geometry.verdicts.neutral!.neutral).toBeGreaterThan(0.5);
  });
});

describe('words', () => {
  const neutral = measure(canonical());

  it('describes what moved, in plain words and percentages', () => {
    const brows = measure(moved(canonical(), BROWS, 0, -0.07));
    const text = describeChanges(compare(brows, neutral));
    expect(text).toEqual([expect.stringMatching(/^Eyebrow height: went up 26%$/)]);
    expect(describeChanges(compare(neutral, neutral))).toEqual([]);
  });

  it("explains a verdict with the rule's reasons", () => {
    const surprised = measure(
      moved(moved(canonical(), BROWS, 0, -0.07), [L.lowerLipInner], 0, 0.25),
    );
    expect(explain(classify(surprised, neutral))).toMatch(
      /^The rules say: surprise, because the eyebrows go up and the mouth opens\. What moved: .*Mouth opening: opened/,
    );
    expect(explain(classify(neutral, neutral))).toMatch(/neutral .*Nothing moved much/);
  });

  it('averages several measurements (a second of webcam frames)', () => {
    const a = measure(canonical());
    const b: Measures = { ...a, mouthOpen: a.mouthOpen + 0.1 };
    expect(averageMeasures([a, b]).mouthOpen).toBeCloseTo(a.mouthOpen + 0.05, 6);
    expect(() => averageMeasures([])).toThrow();
  });
});
