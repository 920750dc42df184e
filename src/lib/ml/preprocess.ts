/**
 * Turns a frame region into exactly what the model receives: crop with margin,
 * area-average down to the card's size, grayscale by the card's luma weights,
 * then x = pixel × scale + offset. Pure TypeScript, so the browser, Node scripts
 * and tests share one implementation and get identical numbers.
 */
import type { ModelInputSpec } from './model-card.ts';

export interface Pixels {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  /** 1 = gray, 3 = RGB, 4 = RGBA */
  channels: 1 | 3 | 4;
}

/** Box in pixels of the source frame. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A face in frame pixels: the detector's box and, when it marks them, its keypoints (BlazeFace: six). */
export interface FaceInPixels extends PixelBox {
  keypoints?: readonly { x: number; y: number }[];
}

/** How many numbers framingFeatures() gives: 1, the box's height / width, and x, y of six keypoints. */
export const FRAMING_FEATURES = 14;

/**
 * What the card's framing rule reads of a face: 1, the box's height / width, and where each of the
 * six keypoints sits in the box (x and y as shares of its width and height, minus 0.5). Null
 * without six keypoints.
 */
export function framingFeatures(face: FaceInPixels): number[] | null {
  const points = face.keypoints;
  if (!points || points.length !== 6 || !(face.width > 0 && face.height > 0)) return null;
  const features = [1, face.height / face.width];
  for (const p of points)
    features.push((p.x - face.x) / face.width - 0.5, (p.y - face.y) / face.height - 0.5);
  return features;
}

const dot = (a: readonly number[], b: readonly number[]) =>
  a.reduce((sum, v, i) => sum + v * b[i]!, 0);

/**
 * The region the card cuts out for a face: the box grown by the margin, moved by the vertical
 * offset, squared (cropBox). With the card's framing rule and the face's keypoints, margin and offset
 * are read from the face (FER2013 framed each face by hand, a little differently from the detector's
 * box: the rule, fitted on training pictures, puts back more of that framing than one margin for all).
 */
export function faceRegion(
  face: FaceInPixels,
  frameWidth: number,
  frameHeight: number,
  spec: ModelInputSpec,
): PixelBox {
  const features = spec.face_framing_margin && spec.face_framing_offset_y && framingFeatures(face);
  const margin = features ? dot(features, spec.face_framing_margin!) : spec.face_margin;
  const offsetY = features ? dot(features, spec.face_framing_offset_y!) : spec.face_offset_y;
  return cropBox(face, frameWidth, frameHeight, margin, offsetY);
}

/**
 * Grows a face box by the margin, squares it around its centre (moved down by `offsetY` × the box's
 * height; negative moves it up) and keeps it inside the frame.
 */
export function cropBox(
  face: PixelBox,
  frameWidth: number,
  frameHeight: number,
  margin: number,
  offsetY = 0,
): PixelBox {
  const side = Math.min(
    Math.max(face.width, face.height) * (1 + 2 * margin),
    frameWidth,
    frameHeight,
  );
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height * (0.5 + offsetY);
  const x = Math.min(Math.max(cx - side / 2, 0), frameWidth - side);
  const y = Math.min(Math.max(cy - side / 2, 0), frameHeight - side);
  return { x, y, width: side, height: side };
}

/**
 * Samples the region into a width×height×outChannels grid of 0–255 values,
 * averaging every source pixel a target cell covers (fractional edges weighted).
 */
export function resampleRegion(
  pixels: Pixels,
  region: PixelBox,
  width: number,
  height: number,
  luma: [number, number, number],
  outChannels: 1 | 3,
): Float32Array {
  const out = new Float32Array(width * height * outChannels);
  const stepX = region.width / width;
  const stepY = region.height / height;
  const sum = [0, 0, 0];
  for (let ty = 0; ty < height; ty++) {
    const y0 = region.y + ty * stepY;
    const y1 = y0 + stepY;
    for (let tx = 0; tx < width; tx++) {
      const x0 = region.x + tx * stepX;
      const x1 = x0 + stepX;
      sum[0] = sum[1] = sum[2] = 0;
      let total = 0;
      for (let sy = Math.floor(y0); sy < Math.ceil(y1); sy++) {
        const wy = Math.min(y1, sy + 1) - Math.max(y0, sy);
        const row = Math.min(Math.max(sy, 0), pixels.height - 1);
        for (let sx = Math.floor(x0); sx < Math.ceil(x1); sx++) {
          const w = wy * (Math.min(x1, sx + 1) - Math.max(x0, sx));
          if (w <= 0) continue;
          const col = Math.min(Math.max(sx, 0), pixels.width - 1);
          const i = (row * pixels.width + col) * pixels.channels;
          if (pixels.channels === 1) {
            sum[0] += w * pixels.data[i];
          } else {
            sum[0] += w * pixels.data[i];
            sum[1] += w * pixels.data[i + 1];
            sum[2] += w * pixels.data[i + 2];
          }
          total += w;
        }
      }
      const o = (ty * width + tx) * outChannels;
      if (pixels.channels === 1) {
        for (let c = 0; c < outChannels; c++) out[o + c] = sum[0] / total;
      } else if (outChannels === 1) {
        out[o] = (luma[0] * sum[0] + luma[1] * sum[1] + luma[2] * sum[2]) / total;
      } else {
        out[o] = sum[0] / total;
        out[o + 1] = sum[1] / total;
        out[o + 2] = sum[2] / total;
      }
    }
  }
  return out;
}

/** The 0–255 crop a person sees (before normalisation), e.g. to draw the 48×48 face. */
export function faceCrop(
  pixels: Pixels,
  face: FaceInPixels | null,
  spec: ModelInputSpec,
): Float32Array {
  const region = face
    ? faceRegion(face, pixels.width, pixels.height, spec)
    : { x: 0, y: 0, width: pixels.width, height: pixels.height };
  return resampleRegion(pixels, region, spec.width, spec.height, spec.grayscale, spec.channels);
}

/** Applies the card's x = pixel × scale + offset in place and returns the array. */
export function normalise(values: Float32Array, spec: ModelInputSpec): Float32Array {
  for (let i = 0; i < values.length; i++) values[i] = values[i] * spec.scale + spec.offset;
  return values;
}

/** The model's input for one face: NHWC values for a [1, height, width, channels] tensor. */
export function toModelInput(
  pixels: Pixels,
  face: FaceInPixels | null,
  spec: ModelInputSpec,
): Float32Array {
  return normalise(faceCrop(pixels, face, spec), spec);
}
