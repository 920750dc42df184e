/**
 * From face-mesh landmarks to a few measurements a person can check in a mirror, and simple rules
 * that turn changes in those measurements into an expression. Pure TypeScript: no DOM, no TF.js.
 *
 *   468 landmarks (MediaPipe FaceMesh numbering, any unit: pixels of the frame, 0–1, …)
 *     → face frame: origin between the outer eye corners, x along the eye line, unit = eye span
 *       (so the numbers do not change when the face moves, turns in the picture plane, or is nearer)
 *     → measure(): mouth opening, mouth width, mouth-corner lift, eyebrow height, eye opening,
 *       gap between the eyebrows — all in eye spans
 *     → compare(current, neutral): how much each moved from the person's neutral face
 *     → classify(): rules such as "happy = corners up AND mouth wider", each with how close it is
 *
 * "Right" and "left" are the person's own right and left (MediaPipe's convention).
 */
import { percent } from '../format.ts';
import { landmarksText as t } from './text.ts';

/** The landmarks the measurements use (MediaPipe FaceMesh numbers). */
export const LANDMARK = {
  rightEyeOuter: 33,
  leftEyeOuter: 263,
  rightEyeUpper: 159,
  rightEyeLower: 145,
  leftEyeUpper: 386,
  leftEyeLower: 374,
  rightBrowMiddle: 105,
  leftBrowMiddle: 334,
  rightBrowInner: 107,
  leftBrowInner: 336,
  mouthRight: 61,
  mouthLeft: 291,
  upperLipInner: 13,
  lowerLipInner: 14,
  noseTip: 1,
  chin: 152,
  forehead: 10,
} as const;

/** Number of landmarks of the face mesh. */
export const MESH_POINTS = 468;

/** A landmark: x, y (and z, ignored here) in any unit, x to the right and y down as in an image. */
export type Point = readonly number[];

export type MeasureId =
  'mouthOpen' | 'mouthWidth' | 'cornerLift' | 'browHeight' | 'eyeOpen' | 'browGap';

/** Every measurement is a distance in eye spans (the distance between the outer eye corners). */
export type Measures = Record<MeasureId, number>;

export interface MeasureInfo {
  id: MeasureId;
  /** Short name for a bar label. */
  name: string;
  /** What it measures, in one plain sentence. */
  how: string;
  /** Words for the change: [when it grows, when it shrinks]. */
  change: [string, string];
  /** Landmarks it reads, to highlight on the mesh. */
  landmarks: number[];
}

export const MEASURES: readonly MeasureInfo[] = [
  {
    id: 'mouthOpen',
    name: t('measure.mouthOpen.name'),
    how: t('measure.mouthOpen.how'),
    change: [t('measure.mouthOpen.grew'), t('measure.mouthOpen.shrank')],
    landmarks: [LANDMARK.upperLipInner, LANDMARK.lowerLipInner],
  },
  {
    id: 'mouthWidth',
    name: t('measure.mouthWidth.name'),
    how: t('measure.mouthWidth.how'),
    change: [t('measure.mouthWidth.grew'), t('measure.mouthWidth.shrank')],
    landmarks: [LANDMARK.mouthRight, LANDMARK.mouthLeft],
  },
  {
    id: 'cornerLift',
    name: t('measure.cornerLift.name'),
    how: t('measure.cornerLift.how'),
    change: [t('measure.cornerLift.grew'), t('measure.cornerLift.shrank')],
    landmarks: [
      LANDMARK.mouthRight,
      LANDMARK.mouthLeft,
      LANDMARK.upperLipInner,
      LANDMARK.lowerLipInner,
    ],
  },
  {
    id: 'browHeight',
    name: t('measure.browHeight.name'),
    how: t('measure.browHeight.how'),
    change: [t('measure.browHeight.grew'), t('measure.browHeight.shrank')],
    landmarks: [
      LANDMARK.rightBrowMiddle,
      LANDMARK.leftBrowMiddle,
      LANDMARK.rightEyeOuter,
      LANDMARK.leftEyeOuter,
    ],
  },
  {
    id: 'eyeOpen',
    name: t('measure.eyeOpen.name'),
    how: t('measure.eyeOpen.how'),
    change: [t('measure.eyeOpen.grew'), t('measure.eyeOpen.shrank')],
    landmarks: [
      LANDMARK.rightEyeUpper,
      LANDMARK.rightEyeLower,
      LANDMARK.leftEyeUpper,
      LANDMARK.leftEyeLower,
    ],
  },
  {
    id: 'browGap',
    name: t('measure.browGap.name'),
    how: t('measure.browGap.how'),
    change: [t('measure.browGap.grew'), t('measure.browGap.shrank')],
    landmarks: [LANDMARK.rightBrowInner, LANDMARK.leftBrowInner],
  },
];

/**
 * A typical neutral face: the median of each measurement over the FER2013 training faces labelled
 * "neutral" (written to fer2013-geometry.json by scripts/measure-fer2013.ts; a unit test keeps the two equal).
 * Used until the reader records their own neutral face.
 */
export const TYPICAL_NEUTRAL: Readonly<Measures> = {
  mouthOpen: 0.02,
  mouthWidth: 0.5353,
  cornerLift: 0.0006,
  browHeight: 0.2507,
  eyeOpen: 0.0993,
  browGap: 0.3293,
};

export interface FaceFrame {
  /** Midpoint of the outer eye corners. */
  origin: [number, number];
  /** Unit vector along the eye line, from the person's right eye to their left (left to right in the picture). */
  ux: [number, number];
  /** Unit vector "down the face", at right angles to the eye line. */
  uy: [number, number];
  /** Distance between the outer eye corners, in the points' unit. */
  span: number;
  /** Angle of the eye line in radians (0 = level; positive = turned clockwise in the picture). */
  roll: number;
}

export function faceFrame(points: ArrayLike<Point>): FaceFrame {
  const r = points[LANDMARK.rightEyeOuter]!;
  const l = points[LANDMARK.leftEyeOuter]!;
  const dx = l[0]! - r[0]!;
  const dy = l[1]! - r[1]!;
  const span = Math.hypot(dx, dy);
  if (!(span > 0)) throw new Error('The eye corners are at the same place: not a face mesh');
  const ux: [number, number] = [dx / span, dy / span];
  return {
    origin: [(l[0]! + r[0]!) / 2, (l[1]! + r[1]!) / 2],
    ux,
    uy: [-ux[1], ux[0]],
    span,
    roll: Math.atan2(dy, dx),
  };
}

/** A landmark in the face frame: x along the eye line, y down the face, in eye spans. */
export function toFace(frame: FaceFrame, p: Point): [number, number] {
  const dx = p[0]! - frame.origin[0];
  const dy = p[1]! - frame.origin[1];
  return [
    (dx * frame.ux[0] + dy * frame.ux[1]) / frame.span,
    (dx * frame.uy[0] + dy * frame.uy[1]) / frame.span,
  ];
}

/** The six measurements of a face, in eye spans. Needs at least the 468 mesh landmarks. */
export function measure(points: ArrayLike<Point>): Measures {
  if (points.length < MESH_POINTS)
    throw new Error(`A face mesh has ${MESH_POINTS} landmarks; got ${points.length}`);
  const frame = faceFrame(points);
  const f = (i: number) => toFace(frame, points[i]!);
  const dist = (a: number, b: number) => {
    const [ax, ay] = f(a);
    const [bx, by] = f(b);
    return Math.hypot(ax - bx, ay - by);
  };
  const L = LANDMARK;
  const lipsMiddle = (f(L.upperLipInner)[1] + f(L.lowerLipInner)[1]) / 2;
  const corners = (f(L.mouthRight)[1] + f(L.mouthLeft)[1]) / 2;
  return {
    mouthOpen: dist(L.upperLipInner, L.lowerLipInner),
    mouthWidth: dist(L.mouthRight, L.mouthLeft),
    // y grows down the face: corners above the middle of the lips give a positive lift.
    cornerLift: lipsMiddle - corners,
    // The eye line is y = 0 in the face frame, and y grows downwards: brows above it have y < 0.
    browHeight: -(f(L.rightBrowMiddle)[1] + f(L.leftBrowMiddle)[1]) / 2,
    eyeOpen: (dist(L.rightEyeUpper, L.rightEyeLower) + dist(L.leftEyeUpper, L.leftEyeLower)) / 2,
    browGap: dist(L.rightBrowInner, L.leftBrowInner),
  };
}

/** Average of several measurements (e.g. a second of neutral face from the webcam). */
export function averageMeasures(list: readonly Measures[]): Measures {
  if (list.length === 0) throw new Error('No measurements to average');
  const out = Object.fromEntries(MEASURES.map((m) => [m.id, 0])) as Measures;
  for (const m of list) for (const k of MEASURES) out[k.id] += m[k.id] / list.length;
  return out;
}

export interface Change {
  id: MeasureId;
  /** Current minus neutral, in eye spans. */
  delta: number;
  /** The change as a share of the neutral value (0.2 = 20% more); null when neutral is about 0. */
  relative: number | null;
}

/** How much each measurement moved from the neutral face. */
export function compare(current: Measures, neutral: Measures): Record<MeasureId, Change> {
  const out = {} as Record<MeasureId, Change>;
  for (const { id } of MEASURES) {
    const delta = current[id] - neutral[id];
    out[id] = { id, delta, relative: Math.abs(neutral[id]) > 0.05 ? delta / neutral[id] : null };
  }
  return out;
}

export type RuleLabel = 'happy' | 'surprise' | 'sad' | 'angry';
export type ExpressionLabel = RuleLabel | 'neutral';

/** One condition of a rule: a measurement must move by at least `threshold` eye spans (negative = down). */
export interface Condition {
  id: MeasureId;
  threshold: number;
  /** The condition in words, e.g. "the mouth corners rise". */
  text: string;
}

export interface Rule {
  label: RuleLabel;
  /** The rule in one sentence. */
  text: string;
  /** Every group must hold; within a group, one condition is enough. */
  all: Condition[][];
}

/**
 * The rules, in the order they are shown. Thresholds are changes from the neutral face, in eye spans,
 * chosen by looking at FER2013 training faces (fer2013-geometry.json has how often each rule fires for
 * each class): the happy rule catches about 6 in 10 happy faces and the surprise rule about half of
 * the surprised ones, and both rarely fire for neutral faces; sad and angry faces
 * barely differ from neutral ones in these six numbers, so their rules rarely fire — simple rules miss
 * subtle expressions.
 */
export const RULES: readonly Rule[] = [
  {
    label: 'happy',
    text: t('rule.happy'),
    all: [
      [{ id: 'cornerLift', threshold: 0.03, text: t('condition.cornersRise') }],
      [{ id: 'mouthWidth', threshold: 0.05, text: t('condition.mouthWider') }],
    ],
  },
  {
    label: 'surprise',
    text: t('rule.surprise'),
    all: [
      [{ id: 'browHeight', threshold: 0.025, text: t('condition.browsUp') }],
      [
        { id: 'mouthOpen', threshold: 0.05, text: t('condition.mouthOpens') },
        { id: 'eyeOpen', threshold: 0.015, text: t('condition.eyesWider') },
      ],
    ],
  },
  {
    label: 'sad',
    text: t('rule.sad'),
    all: [[{ id: 'cornerLift', threshold: -0.025, text: t('condition.cornersDrop') }]],
  },
  {
    label: 'angry',
    text: t('rule.angry'),
    all: [
      [{ id: 'browHeight', threshold: -0.03, text: t('condition.browsDown') }],
      [
        { id: 'browGap', threshold: -0.015, text: t('condition.browsTogether') },
        { id: 'eyeOpen', threshold: -0.015, text: t('condition.eyesNarrow') },
      ],
    ],
  },
];

export interface RuleResult {
  rule: Rule;
  /** How far along the rule is, 0–1: the weakest group's share of its threshold. 1 = the rule fires. */
  progress: number;
  /** The condition that counted in each group (the one closest to its threshold). */
  conditions: { condition: Condition; share: number }[];
}

export interface Classification {
  label: ExpressionLabel;
  /** Every rule with how close it is to firing. */
  rules: RuleResult[];
  changes: Record<MeasureId, Change>;
}

/** How much of a condition's threshold a change has reached, 0–1. */
export function conditionShare(change: number, threshold: number): number {
  return Math.max(0, Math.min(1, change / threshold));
}

/** Applies the rules to a face compared with the neutral face. The rule that fires most wins; none = neutral. */
export function classify(
  current: Measures,
  neutral: Measures = TYPICAL_NEUTRAL,
  rules: readonly Rule[] = RULES,
): Classification {
  const changes = compare(current, neutral);
  const results = rules.map((rule): RuleResult => {
    const conditions = rule.all.map((group) => {
      let best = { condition: group[0]!, share: -1 };
      for (const condition of group) {
        const share = conditionShare(changes[condition.id].delta, condition.threshold);
        if (share > best.share) best = { condition, share };
      }
      return best;
    });
    return { rule, progress: Math.min(...conditions.map((c) => c.share)), conditions };
  });
  let label: ExpressionLabel = 'neutral';
  let best = 0;
  // A rule fires at progress 1; among several, the one that goes furthest past its thresholds wins.
  for (const r of results) {
    if (r.progress < 1) continue;
    const margin = Math.min(
      ...r.rule.all.map((group) =>
        Math.max(...group.map((c) => changes[c.id].delta / c.threshold)),
      ),
    );
    if (margin > best) {
      best = margin;
      label = r.rule.label;
    }
  }
  return { label, rules: results, changes };
}

/** One sentence per measurement that moved noticeably, e.g. "Eyebrow height: went up 18%". */
export function describeChanges(
  changes: Record<MeasureId, Change>,
  minRelative = 0.08,
  minDelta = 0.015,
): string[] {
  const out: string[] = [];
  for (const m of MEASURES) {
    const c = changes[m.id];
    if (Math.abs(c.delta) < minDelta) continue;
    if (c.relative !== null && Math.abs(c.relative) < minRelative) continue;
    const word = c.delta > 0 ? m.change[0] : m.change[1];
    const amount =
      c.relative !== null
        ? percent(Math.abs(c.relative))
        : t('eyeSpans', { value: Math.abs(c.delta).toFixed(2) });
    out.push(t('change', { name: m.name, word, amount }));
  }
  return out;
}

/** The result in one sentence, for screen readers and the text view. */
export function explain(result: Classification): string {
  const fired = result.rules.find((r) => r.rule.label === result.label);
  const moved = describeChanges(result.changes);
  const movedText = moved.length
    ? t('explain.moved', { changes: moved.join('; ') })
    : t('explain.nothingMoved');
  if (!fired) return `${t('explain.neutral')} ${movedText}`;
  const why = fired.conditions.map((c) => c.condition.text).join(` ${t('explain.and')} `);
  return `${t('explain.rule', { label: result.label, why })} ${movedText}`;
}
