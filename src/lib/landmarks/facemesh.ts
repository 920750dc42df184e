/**
 * The face-mesh model: 468 landmarks on a face, self-hosted and run with TF.js.
 *
 * The model is MediaPipe FaceMesh as converted to a TF.js graph model by @vladmandic/human (MIT),
 * copied into public/vendor/human/ by scripts/prepare-assets.ts. What it expects and gives (read from
 * Human's src/face/facemesh.ts and facemeshutil.ts, and the model's own signature):
 *
 *   input   [1, 192, 192, 3] RGB, values 0–1 (pixel / 255): the face cut out upright with room around
 *           it (see roi.ts)
 *   output  "output_mesh"      [1, 1404] = 468 × (x, y, z); x and y in pixels of the 192×192 input,
 *                               z depth in about the same scale (smaller = nearer the camera)
 *           "output_faceflag"  [1, 1] how sure the model is that it sees a face, 0–1
 *           "output_contours"  [1, 266] (not used)
 *
 * Heavy (imports TF.js): import this module dynamically, when the reader starts the widget. Call it
 * after the TF.js backend is chosen (src/lib/pipeline's loadPipeline does that). Every tensor made
 * for a frame is released inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs';
import type { FrameImage } from '../vision/types.ts';
import { readableContext, type Ctx2D } from '../vision/canvas.ts';
import { visionText } from '../vision/text.ts';
import { cropTransform, toFrame, type Roi } from './roi.ts';

export const FACEMESH_INPUT = 192;
export const FACEMESH_POINTS = 468;

export interface MeshResult {
  /** 468 landmarks in frame pixels: [x, y, z]. */
  points: [number, number, number][];
  /** How sure the model is that the region holds a face, 0–1. */
  score: number;
  /** The region that was read. */
  roi: Roi;
}

export interface FaceMeshLoadOptions {
  /** URL of facemesh.json (default `${BASE_URL}vendor/human/facemesh.json`), or an IOHandler (Node tests). */
  url?: string | tf.io.IOHandler;
  onProgress?: (fraction: number) => void;
  fetch?: typeof fetch;
}

export function defaultFaceMeshUrl(): string {
  const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  return `${base.endsWith('/') ? base : `${base}/`}vendor/human/facemesh.json`;
}

export class FaceMeshModel {
  readonly model: tf.GraphModel;
  private ctx: Ctx2D | null = null;

  private constructor(model: tf.GraphModel) {
    this.model = model;
  }

  static async load(options: FaceMeshLoadOptions = {}): Promise<FaceMeshModel> {
    const url = options.url ?? defaultFaceMeshUrl();
    const model = await tf.loadGraphModel(
      url,
      typeof url === 'string' ? { onProgress: options.onProgress, fetchFunc: options.fetch } : {},
    );
    const shape = model.inputs[0]?.shape;
    if (!shape || shape[1] !== FACEMESH_INPUT || shape[2] !== FACEMESH_INPUT || shape[3] !== 3) {
      model.dispose();
      throw new Error(`Unexpected face-mesh input ${JSON.stringify(shape)}`);
    }
    const mesh = new FaceMeshModel(model);
    tf.tidy(() => void mesh.model.execute(tf.zeros([1, FACEMESH_INPUT, FACEMESH_INPUT, 3]))); // warm-up
    return mesh;
  }

  /** Cuts the region out of the frame, upright, as the model's 192×192 input (RGBA pixels). */
  cut(frame: FrameImage, roi: Roi): ImageData {
    const size = FACEMESH_INPUT;
    if (!this.ctx) {
      this.ctx = readableContext(size, size);
      if (!this.ctx) throw new Error(visionText('canvas.unreadable'));
    }
    const ctx = this.ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, size, size);
    ctx.setTransform(...cropTransform(roi, size));
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(frame as CanvasImageSource, 0, 0);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    return ctx.getImageData(0, 0, size, size);
  }

  /** The 468 landmarks of the face in `roi`, in frame pixels. */
  estimate(frame: FrameImage, roi: Roi): MeshResult {
    const pixels = this.cut(frame, roi);
    return this.estimatePixels(pixels, roi);
  }

  /** The same, from the model's input already cut out (192×192 RGBA). */
  estimatePixels(
    pixels: ImageData | { data: Uint8ClampedArray; width: number; height: number },
    roi: Roi,
  ): MeshResult {
    const size = FACEMESH_INPUT;
    const rgb = new Float32Array(size * size * 3);
    for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
      rgb[i] = pixels.data[j]! / 255;
      rgb[i + 1] = pixels.data[j + 1]! / 255;
      rgb[i + 2] = pixels.data[j + 2]! / 255;
    }
    // Read inside tidy, not returned from it: tidy walks every element of a returned array.
    let mesh: Float32Array = new Float32Array(0);
    let flag = 1;
    tf.tidy(() => {
      const input = tf.tensor4d(rgb, [1, size, size, 3]);
      const out = this.model.execute(input) as tf.Tensor[];
      // Find the outputs by their size, as Human does (their order in the file is not guaranteed).
      const meshT = out.find((t) => t.shape.at(-1) === FACEMESH_POINTS * 3);
      const flagT = out.find((t) => t.shape.at(-1) === 1);
      if (!meshT) throw new Error('The face-mesh model gave no 468-point mesh');
      mesh = meshT.dataSync() as Float32Array;
      if (flagT) flag = flagT.dataSync()[0]!;
    });
    const points: [number, number, number][] = [];
    for (let i = 0; i < FACEMESH_POINTS; i++)
      points.push(toFrame(roi, size, mesh[i * 3]!, mesh[i * 3 + 1]!, mesh[i * 3 + 2]!));
    return { points, score: flag, roi };
  }

  dispose(): void {
    this.model.dispose();
  }
}
