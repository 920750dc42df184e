/**
 * Browser side of scripts/lib/detector-page.ts: bundled with esbuild and loaded into a blank page in
 * Chromium, so that the site's own FaceDetector (src/lib/vision) runs MediaPipe as it does on the site.
 */
import { FaceDetector, type DetectorRange } from '../../src/lib/vision/face-detector.ts';
import type { DetectedFace } from '../../src/lib/vision/types.ts';

/** One frame to detect on: a gray square face (base64 bytes, side × side) on a plain background. */
export interface FaceFrame {
  face: string;
  side: number;
  x: number;
  y: number;
}

export interface FrameLayout {
  width: number;
  height: number;
  /** Gray level 0–255 of the plain background. */
  background: number;
}

declare global {
  interface Window {
    __detectorPage: typeof api;
  }
}

let detector: FaceDetector | null = null;
let canvas: HTMLCanvasElement | null = null;

function bytes(base64: string): Uint8Array {
  const text = atob(base64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

const api = {
  async start(range: DetectorRange, assetBase: string, minConfidence?: number): Promise<void> {
    detector = await FaceDetector.create({ range, mode: 'image', assetBase, minConfidence });
  },

  /** Draws each frame pixel for pixel (no resampling) and returns the faces the detector finds in it. */
  detect(frames: FaceFrame[], layout: FrameLayout): DetectedFace[][] {
    if (!detector) throw new Error('start() first');
    if (!canvas || canvas.width !== layout.width || canvas.height !== layout.height) {
      canvas = Object.assign(document.createElement('canvas'), {
        width: layout.width,
        height: layout.height,
      });
    }
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    const g = layout.background;
    return frames.map((frame) => {
      ctx.fillStyle = `rgb(${g}, ${g}, ${g})`;
      ctx.fillRect(0, 0, layout.width, layout.height);
      const gray = bytes(frame.face);
      const image = ctx.createImageData(frame.side, frame.side);
      for (let i = 0; i < gray.length; i++)
        image.data.set([gray[i]!, gray[i]!, gray[i]!, 255], i * 4);
      ctx.putImageData(image, frame.x, frame.y);
      return detector!.detect(canvas!);
    });
  },

  close(): void {
    detector?.close();
    detector = null;
  },
};

window.__detectorPage = api;
