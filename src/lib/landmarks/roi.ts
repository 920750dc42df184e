/**
 * Where to cut the face out of the frame for the face-mesh model, and how to put its points back.
 *
 * Like MediaPipe's own face-mesh pipeline: start from the face detector's box, grow it 1.5 times
 * (the mesh model wants the whole head with some room around it), make it square, and turn it so the
 * eyes are level (using the detector's two eye keypoints). The model then sees an upright face of the
 * size it was trained on, and every point it gives (in pixels of its 192×192 input) is turned and
 * scaled back into frame pixels by `toFrame`. Pure TypeScript.
 */
import type { DetectedFace } from '../vision/types.ts';

export interface Roi {
  /** Centre of the square, frame pixels. */
  cx: number;
  cy: number;
  /** Side of the square, frame pixels. */
  size: number;
  /** How far the face is turned in the picture, radians (clockwise positive, y down). */
  angle: number;
}

/** Margin around the detector's box: MediaPipe uses 1.5. */
export const ROI_SCALE = 1.5;

/** The square region to give the mesh model for a detected face, in frame pixels. */
export function roiFromDetection(
  face: DetectedFace,
  frameWidth: number,
  frameHeight: number,
  scale = ROI_SCALE,
): Roi {
  const { box } = face;
  const w = box.width * frameWidth;
  const h = box.height * frameHeight;
  const right = face.keypoints.find((k) => k.name === 'rightEye');
  const left = face.keypoints.find((k) => k.name === 'leftEye');
  // The person's right eye is on the left of the picture: the eye line runs from it to the left eye.
  const angle =
    right && left
      ? Math.atan2((left.y - right.y) * frameHeight, (left.x - right.x) * frameWidth)
      : 0;
  return {
    cx: (box.x + box.width / 2) * frameWidth,
    cy: (box.y + box.height / 2) * frameHeight,
    size: Math.max(w, h) * scale,
    angle,
  };
}

/**
 * The region for the next frame from the points found in this one (tracking): centred on the points,
 * as big as their spread times `scale`, turned like their eye line. MediaPipe does the same between
 * frames; we use it to refine a still photo's crop in a second pass.
 */
export function roiFromPoints(
  points: ArrayLike<readonly number[]>,
  scale = ROI_SCALE,
  eyes: [number, number] = [33, 263],
): Roi {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < points.length; i++) {
    const [x, y] = points[i]!;
    minX = Math.min(minX, x!);
    maxX = Math.max(maxX, x!);
    minY = Math.min(minY, y!);
    maxY = Math.max(maxY, y!);
  }
  const r = points[eyes[0]]!;
  const l = points[eyes[1]]!;
  return {
    cx: (minX + maxX) / 2,
    cy: (minY + maxY) / 2,
    size: Math.max(maxX - minX, maxY - minY) * scale,
    angle: Math.atan2(l[1]! - r[1]!, l[0]! - r[0]!),
  };
}

/**
 * The affine transform (as canvas setTransform arguments a, b, c, d, e, f) that draws the frame so
 * that the ROI fills an `inputSize`×`inputSize` square, upright.
 */
export function cropTransform(
  roi: Roi,
  inputSize: number,
): [number, number, number, number, number, number] {
  const s = inputSize / roi.size;
  const cos = Math.cos(-roi.angle) * s;
  const sin = Math.sin(-roi.angle) * s;
  // crop = s · R(−angle) · (p − c) + inputSize / 2
  return [
    cos,
    sin,
    -sin,
    cos,
    inputSize / 2 - (cos * roi.cx - sin * roi.cy),
    inputSize / 2 - (sin * roi.cx + cos * roi.cy),
  ];
}

/** A point in the model's input square (pixels 0–inputSize, z in the same scale) back in frame pixels. */
export function toFrame(
  roi: Roi,
  inputSize: number,
  u: number,
  v: number,
  z = 0,
): [number, number, number] {
  const k = roi.size / inputSize;
  const dx = (u - inputSize / 2) * k;
  const dy = (v - inputSize / 2) * k;
  const cos = Math.cos(roi.angle);
  const sin = Math.sin(roi.angle);
  return [roi.cx + cos * dx - sin * dy, roi.cy + sin * dx + cos * dy, z * k];
}
