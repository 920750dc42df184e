/**
 * Following faces between two runs of the detector (when the runner detects on one frame in two or
 * three to keep up, load-adapter.ts): each face of the last detection moves on at the speed it had
 * between the two last detections (matched by how much their boxes overlap); a face seen only once
 * stays where it was. Pure.
 */
import { overlap } from '../ml/smoothing.ts';
import type { DetectedFace, RelativeBox } from '../vision/types.ts';

/** Smallest overlap (intersection over union) for two detections to be the same face. */
const SAME_FACE = 0.3;

export interface Detection {
  faces: DetectedFace[];
  /** The frame's number in the run (the runner counts frames). */
  frame: number;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** `last`'s faces moved on to frame `frame`, at the speed they had since `previous`. */
export function followFaces(
  previous: Detection | null,
  last: Detection,
  frame: number,
): DetectedFace[] {
  const gap = previous ? last.frame - previous.frame : 0;
  const ahead = frame - last.frame;
  return last.faces.map((face) => {
    let best: DetectedFace | null = null;
    let bestOverlap = SAME_FACE;
    for (const before of gap > 0 ? previous!.faces : []) {
      const o = overlap(face.box, before.box);
      if (o >= bestOverlap) [best, bestOverlap] = [before, o];
    }
    if (!best || ahead <= 0) return face;
    const step = (now: number, then: number) => ((now - then) / gap) * ahead;
    const dx = step(face.box.x, best.box.x);
    const dy = step(face.box.y, best.box.y);
    const dw = step(face.box.width, best.box.width);
    const dh = step(face.box.height, best.box.height);
    const x = clamp01(face.box.x + dx);
    const y = clamp01(face.box.y + dy);
    const box: RelativeBox = {
      x,
      y,
      width: Math.max(0, Math.min(1 - x, face.box.width + dw)),
      height: Math.max(0, Math.min(1 - y, face.box.height + dh)),
    };
    return {
      box,
      score: face.score,
      keypoints: face.keypoints.map((k) => ({ ...k, x: clamp01(k.x + dx), y: clamp01(k.y + dy) })),
    };
  });
}
