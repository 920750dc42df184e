/**
 * The path a learner's face takes, measured on FER2013: each 48×48 face is upscaled (a webcam face
 * is far bigger than 48 pixels) onto a plain frame, the site's MediaPipe detector looks for it
 * (scripts/lib/detector-page.ts), and the site's own crop code (src/lib/pipeline/crop.ts, with the
 * card's margin and offset) cuts the largest face found back out for our classifier.
 *
 * Detection does not depend on the crop settings, so it runs once per face; crops for any settings
 * are then made in Node from the very frame the detector saw.
 */
import { mkdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import sharp from 'sharp';
import { faceInput, pixelsReader } from '../../src/lib/pipeline/crop.ts';
import type { ModelInputSpec } from '../../src/lib/ml/model-card.ts';
import type { PixelBox, Pixels } from '../../src/lib/ml/preprocess.ts';
import type { DetectedFace } from '../../src/lib/vision/types.ts';
import type { DetectorPage, FrameLayout } from './detector-page.ts';
import type { LabelledFile } from './image-folder.ts';

export interface LiveFrame extends FrameLayout {
  /** How many times each face is enlarged before it is placed on the frame. */
  scale: number;
}

/** A 48-pixel face enlarged 4× (192 pixels) in the middle of a 640×480 mid-gray frame: a webcam face at arm's length. */
export const DEFAULT_FRAME: LiveFrame = { scale: 4, width: 640, height: 480, background: 128 };

/** The face, enlarged, as gray pixels (bicubic: a smooth picture, as a camera would see it). */
export async function upscaledFace(path: string, scale: number): Promise<Pixels> {
  const { data, info } = await sharp(path).greyscale().raw().toBuffer({ resolveWithObject: true });
  const { data: big, info: bigInfo } = await sharp(data, {
    raw: { width: info.width, height: info.height, channels: 1 },
  })
    .resize(info.width * scale, info.height * scale, { kernel: 'cubic' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (bigInfo.channels !== 1)
    throw new Error(`expected a gray image from ${path}, got ${bigInfo.channels} channels`);
  return { data: big, width: bigInfo.width, height: bigInfo.height, channels: 1 };
}

/** Where a face of `side` pixels goes on the frame: the middle, on whole pixels. */
export function placement(side: number, frame: FrameLayout): { x: number; y: number } {
  return { x: Math.floor((frame.width - side) / 2), y: Math.floor((frame.height - side) / 2) };
}

/** The frame the detector sees, as gray pixels. */
export function composeFrame(face: Pixels, frame: FrameLayout): Pixels {
  const data = new Uint8Array(frame.width * frame.height).fill(frame.background);
  const at = placement(face.width, frame);
  for (let row = 0; row < face.height; row++) {
    data.set(
      face.data.subarray(row * face.width, (row + 1) * face.width),
      (at.y + row) * frame.width + at.x,
    );
  }
  return { data, width: frame.width, height: frame.height, channels: 1 };
}

export interface FaceThroughDetector {
  file: LabelledFile;
  face: Pixels;
  /** The largest face the detector found, in frame pixels; null when it found none. */
  box: PixelBox | null;
  /** Faces found in all. */
  found: number;
  score: number;
  /** The six BlazeFace keypoints of that face, in frame pixels. */
  keypoints: { x: number; y: number }[];
}

const toPixelBox = (face: DetectedFace, frame: FrameLayout): PixelBox => ({
  x: face.box.x * frame.width,
  y: face.box.y * frame.height,
  width: face.box.width * frame.width,
  height: face.box.height * frame.height,
});

/** Runs the detector on every face, `batch` frames per round trip to the browser. */
export async function detectFaces(
  files: LabelledFile[],
  frame: LiveFrame,
  page: DetectorPage,
  onProgress?: (done: number) => void,
  batch = 32,
): Promise<FaceThroughDetector[]> {
  const results: FaceThroughDetector[] = [];
  for (let i = 0; i < files.length; i += batch) {
    const chunk = files.slice(i, i + batch);
    const faces = await Promise.all(chunk.map((f) => upscaledFace(f.path, frame.scale)));
    const sent = faces.map((face) => ({
      face: Buffer.from(face.data).toString('base64'),
      side: face.width,
      ...placement(face.width, frame),
    }));
    const detections = await page.detect(sent, frame);
    chunk.forEach((file, k) => {
      const found = detections[k]!; // largest first
      const keypoints = (found[0]?.keypoints ?? []).map((p) => ({
        x: p.x * frame.width,
        y: p.y * frame.height,
      }));
      results.push({
        file,
        face: faces[k]!,
        box: found[0] ? toPixelBox(found[0], frame) : null,
        found: found.length,
        score: found[0]?.score ?? 0,
        keypoints,
      });
    });
    onProgress?.(results.length);
  }
  return results;
}

/** The classifier's input for each face the detector found, cut with `spec`'s crop settings. */
export function croppedInputs(
  faces: FaceThroughDetector[],
  frame: LiveFrame,
  spec: ModelInputSpec,
): Float32Array[] {
  return faces.map((f) => {
    if (!f.box) throw new Error(`no face found in ${f.file.path}`);
    return faceInput(
      pixelsReader,
      composeFrame(f.face, frame),
      { ...f.box, keypoints: f.keypoints },
      frame.width,
      frame.height,
      spec,
    ).input;
  });
}

/**
 * Writes each found face's classifier input (croppedInputs) as the 48×48 gray picture it is (the card's scale and
 * offset undone) to <folder>/<split>/<label>/<name>.png, the layout of the dataset itself, so that
 * training can learn from the faces as the detector path cuts them. Returns how many were written.
 */
export async function saveCrops(
  faces: FaceThroughDetector[],
  inputs: Float32Array[],
  spec: ModelInputSpec,
  labels: string[],
  folder: string,
): Promise<number> {
  for (const label of labels) await mkdir(join(folder, label), { recursive: true });
  for (const [k, f] of faces.entries()) {
    const pixels = Uint8Array.from(inputs[k]!, (v) => Math.round((v - spec.offset) / spec.scale));
    const name = `${basename(f.file.path, extname(f.file.path))}.png`;
    await sharp(pixels, { raw: { width: spec.width, height: spec.height, channels: 1 } })
      .toColourspace('b-w')
      .png()
      .toFile(join(folder, labels[f.file.label]!, name));
  }
  return faces.length;
}

/**
 * Where the detector's box sits on FER2013's own picture, in the picture's pixels (0–48): what the
 * crop has to undo to give the model the framing it was trained on.
 */
export function boxOnPicture(f: FaceThroughDetector, frame: LiveFrame): PixelBox {
  if (!f.box) throw new Error(`no face found in ${f.file.path}`);
  const at = placement(f.face.width, frame);
  return {
    x: (f.box.x - at.x) / frame.scale,
    y: (f.box.y - at.y) / frame.scale,
    width: f.box.width / frame.scale,
    height: f.box.height / frame.scale,
  };
}
