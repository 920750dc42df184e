/**
 * Cutting the faces out of a frame for the model, without reading the whole frame.
 *
 * The preprocessing itself is src/lib/ml/preprocess.ts (crop with margin, area-average to 48×48,
 * grayscale, normalise). Reading every pixel of a 640×480 video frame back from the browser costs more
 * than the model needs, so for each face we read only the smallest whole-pixel rectangle around its
 * crop region and run the same `resampleRegion` + `normalise` on it, with the region shifted into that
 * rectangle. The numbers are identical to `toModelInput(wholeFrame, face, spec)` (a unit test checks).
 */
import {
  faceRegion,
  normalise,
  resampleRegion,
  type FaceInPixels,
  type Pixels,
  type PixelBox,
} from '../ml/preprocess.ts';
import type { ModelInputSpec } from '../ml/model-card.ts';
import type { DetectedFace, FrameImage } from '../vision/types.ts';
import { visionText } from '../vision/text.ts';
import { readableContext, type Ctx2D } from '../vision/canvas.ts';

/** Reads the pixels of a whole-pixel rectangle of a frame. */
export interface RegionReader<F> {
  read(frame: F, x: number, y: number, width: number, height: number): Pixels;
}

/** A detected face in frame pixels, keypoints included (the card's framing rule reads them). */
export const facePixels = (face: DetectedFace, width: number, height: number): FaceInPixels => ({
  x: face.box.x * width,
  y: face.box.y * height,
  width: face.box.width * width,
  height: face.box.height * height,
  keypoints: face.keypoints.map((k) => ({ x: k.x * width, y: k.y * height })),
});

/** The smallest whole-pixel rectangle that holds `region`, inside the frame. */
export function alignedRect(region: PixelBox, frameWidth: number, frameHeight: number): PixelBox {
  const x = Math.max(0, Math.floor(region.x));
  const y = Math.max(0, Math.floor(region.y));
  const x1 = Math.min(frameWidth, Math.ceil(region.x + region.width));
  const y1 = Math.min(frameHeight, Math.ceil(region.y + region.height));
  return { x, y, width: Math.max(1, x1 - x), height: Math.max(1, y1 - y) };
}

export interface FaceInput {
  /** The region cut out (face box grown by the card's margin, moved by its offset, squared), in frame pixels. */
  region: PixelBox;
  /** What a person sees of the model's input: 0–255 values, width × height × channels. */
  crop: Float32Array;
  /** What the model receives: `crop` normalised by the card. */
  input: Float32Array;
}

/** Cuts one face (a box in frame pixels, with its keypoints) out of a frame exactly as the model card says. */
export function faceInput<F>(
  reader: RegionReader<F>,
  frame: F,
  face: FaceInPixels,
  frameWidth: number,
  frameHeight: number,
  spec: ModelInputSpec,
): FaceInput {
  const region = faceRegion(face, frameWidth, frameHeight, spec);
  const rect = alignedRect(region, frameWidth, frameHeight);
  const pixels = reader.read(frame, rect.x, rect.y, rect.width, rect.height);
  const local = {
    x: region.x - rect.x,
    y: region.y - rect.y,
    width: region.width,
    height: region.height,
  };
  const crop = resampleRegion(
    pixels,
    local,
    spec.width,
    spec.height,
    spec.grayscale,
    spec.channels,
  );
  const input = normalise(Float32Array.from(crop), spec);
  return { region, crop, input };
}

/** A RegionReader over pixels already in memory (Node scripts and tests). */
export const pixelsReader: RegionReader<Pixels> = {
  read(frame, x, y, width, height) {
    const c = frame.channels;
    const data = new Uint8ClampedArray(width * height * c);
    for (let row = 0; row < height; row++) {
      const from = ((y + row) * frame.width + x) * c;
      data.set(frame.data.subarray(from, from + width * c), row * width * c);
    }
    return { data, width, height, channels: c };
  },
};

/**
 * A RegionReader for browser frames (video, image, bitmap, canvas): draws the rectangle 1:1 into a
 * small reusable canvas and reads it back.
 */
export class CanvasRegionReader implements RegionReader<FrameImage> {
  private ctx: Ctx2D | null = null;

  private context(width: number, height: number): Ctx2D {
    const canvas = this.ctx?.canvas;
    if (this.ctx && canvas && canvas.width >= width && canvas.height >= height) return this.ctx;
    const ctx = readableContext(
      Math.max(width, canvas?.width ?? 0),
      Math.max(height, canvas?.height ?? 0),
    );
    if (!ctx) throw new Error(visionText('canvas.unreadable'));
    this.ctx = ctx;
    return ctx;
  }

  read(frame: FrameImage, x: number, y: number, width: number, height: number): Pixels {
    const ctx = this.context(width, height);
    ctx.clearRect(0, 0, width, height);
    ctx.drawImage(frame as CanvasImageSource, x, y, width, height, 0, 0, width, height);
    const { data } = ctx.getImageData(0, 0, width, height);
    return { data, width, height, channels: 4 };
  }

  /** Lets go of the canvas. */
  dispose(): void {
    this.ctx = null;
  }
}

/**
 * One copy of a video frame in a 2D canvas, for the detector and the crops of a frame that runs the
 * detector. Where WebGL is drawn by the processor, MediaPipe's upload of a <video> converts the frame
 * anew and costs about twice as much as drawing it into a 2D canvas and uploading that (25–30 ms against
 * 12–15 ms a frame on a 2-core machine; the texels are the same), and the crops then read the frame
 * already converted. Other pictures (photos) are passed on as they are.
 */
export class VideoFrameCopy {
  private ctx: Ctx2D | null = null;

  readonly copy = (frame: FrameImage, width: number, height: number): FrameImage => {
    if (typeof HTMLVideoElement === 'undefined' || !(frame instanceof HTMLVideoElement))
      return frame;
    if (this.ctx?.canvas.width !== width || this.ctx.canvas.height !== height)
      this.ctx = readableContext(width, height);
    if (!this.ctx) return frame;
    this.ctx.drawImage(frame, 0, 0, width, height);
    return this.ctx.canvas;
  };
}
