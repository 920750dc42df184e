/** Shapes shared by the camera sources, the frame loop and the face detector. */

/** Something the detector and the widgets can read pixels from. */
export type FrameImage =
  HTMLVideoElement | HTMLImageElement | HTMLCanvasElement | ImageBitmap | OffscreenCanvas;

export interface FrameSource {
  readonly kind: 'webcam' | 'image';
  /** What to draw and to detect on. */
  readonly element: FrameImage;
  /** Size of a frame in pixels (for a webcam: 0 until the first frame). */
  readonly width: number;
  readonly height: number;
  /**
   * Show the preview mirrored, like a bathroom mirror (true for a selfie camera). Frames themselves
   * are never mirrored: face boxes are relative to the unmirrored frame; flip x when drawing.
   */
  readonly mirrored: boolean;
  /** True for a live camera, false for a still image. */
  readonly live: boolean;
  /** Releases the camera or the decoded image. Safe to call twice. */
  stop(): void;
}

/** A rectangle relative to the frame: every value is a fraction 0–1 of the frame's width or height. */
export interface RelativeBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type FaceKeypointName =
  'rightEye' | 'leftEye' | 'noseTip' | 'mouth' | 'rightEar' | 'leftEar';

/** A face landmark, relative to the frame (0–1). "right"/"left" are the person's own right and left. */
export interface FaceKeypoint {
  name: FaceKeypointName;
  x: number;
  y: number;
}

export interface DetectedFace {
  /** Where the face is, relative to the frame (0–1), clamped to the frame. */
  box: RelativeBox;
  /** The detector's confidence, 0–1. */
  score: number;
  keypoints: FaceKeypoint[];
}
