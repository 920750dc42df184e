/**
 * Each peer's output labels, in its own order, and how they map onto FER2013's folder
 * names. Both peers predict the same seven FER2013 emotions, so each mapping is a renaming
 * plus a reordering (a permutation): nothing is merged or dropped.
 */

/** FER2013's folder names, the classes every model is scored on. */
export const FER_LABELS = [
  'angry',
  'disgust',
  'fear',
  'happy',
  'neutral',
  'sad',
  'surprise',
] as const;
export type FerLabel = (typeof FER_LABELS)[number];

/**
 * @vladmandic/face-api FaceExpressionNet, output order from src/faceExpressionNet/FaceExpressions.ts
 * (FACE_EXPRESSION_LABELS). It names three classes differently.
 */
export const FACE_API_LABELS = [
  'neutral',
  'happy',
  'sad',
  'angry',
  'fearful',
  'disgusted',
  'surprised',
] as const;
export const FACE_API_TO_FER: Record<(typeof FACE_API_LABELS)[number], FerLabel> = {
  neutral: 'neutral',
  happy: 'happy',
  sad: 'sad',
  angry: 'angry',
  fearful: 'fear',
  disgusted: 'disgust',
  surprised: 'surprise',
};

/**
 * @vladmandic/human models/emotion.json (oarriaga's mini-Xception, a grayscale 64×64 model):
 * the order src/gear/emotion.ts uses for a 1-channel model. Same names as FER2013's folders,
 * but sad, surprise and neutral come in FER2013's original class-number order (0–6 =
 * angry, disgust, fear, happy, sad, surprise, neutral), not alphabetically.
 */
export const HUMAN_LABELS = [
  'angry',
  'disgust',
  'fear',
  'happy',
  'sad',
  'surprise',
  'neutral',
] as const;
export const HUMAN_TO_FER: Record<(typeof HUMAN_LABELS)[number], FerLabel> = {
  angry: 'angry',
  disgust: 'disgust',
  fear: 'fear',
  happy: 'happy',
  sad: 'sad',
  surprise: 'surprise',
  neutral: 'neutral',
};

/**
 * For each target label, the indices of the source outputs that map onto it. Throws when a
 * mapping names an unknown label or leaves a target class without any output.
 */
export function labelIndexMap(
  source: readonly string[],
  mapping: Record<string, string>,
  target: readonly string[],
): number[][] {
  const groups: number[][] = target.map(() => []);
  source.forEach((label, i) => {
    const mapped = mapping[label];
    if (mapped === undefined) throw new Error(`no FER2013 class given for output "${label}"`);
    const t = target.indexOf(mapped);
    if (t < 0)
      throw new Error(
        `output "${label}" maps to "${mapped}", which is not one of ${target.join(', ')}`,
      );
    groups[t]!.push(i);
  });
  const empty = target.filter((_, t) => groups[t]!.length === 0);
  if (empty.length) throw new Error(`no output maps onto ${empty.join(', ')}`);
  return groups;
}

/** Scores in the source's order → scores in the target's order (outputs mapped together are summed). */
export function remapScores(scores: ArrayLike<number>, groups: number[][]): number[] {
  return groups.map((indices) => indices.reduce((sum, i) => sum + scores[i]!, 0));
}
