/**
 * src/lib/vision: where frames come from and where the faces are in them.
 *
 *   startWebcam() / loadStillImage()  →  FrameSource (webcam | still image)
 *   new FrameLoop(onFrame, { video, maxFps })  →  one call per frame, paused when the page is hidden
 *   FaceDetector.create({ range })  →  detector.detect(frame, time)  →  DetectedFace[] (0–1 boxes)
 *
 * Importing this module is cheap: MediaPipe is only imported by FaceDetector.create().
 */
export * from './types.ts';
export * from './errors.ts';
export {
  startWebcam,
  toCameraError,
  cameraUnavailableReason,
  cameraAllowedByPolicy,
  shouldMirror,
  listCameras,
  chooseCamera,
  cameraNames,
  videoConstraints,
} from './camera.ts';
export type { WebcamOptions, WebcamSource, CameraEnv, CameraInfo } from './camera.ts';
export {
  loadStillImage,
  loadSampleManifest,
  fileFromTransfer,
  checkImageFile,
  sniffImageFormat,
  imageHeaderSize,
  fitWithin,
  DEFAULT_MAX_SIDE,
} from './image-source.ts';
export type {
  StillImageOptions,
  StillImageSource,
  ImageFormat,
  SamplePhoto,
  SampleManifest,
  TransferLike,
} from './image-source.ts';
export { FrameLoop } from './frame-loop.ts';
export type { FrameInfo, FrameLoopOptions, FrameLoopState, FrameLoopEnv } from './frame-loop.ts';
export {
  FaceDetector,
  createFaceDetector,
  detectorAssetUrls,
  defaultAssetBase,
  blockMediapipeTelemetry,
  MODEL_FILES,
  KEYPOINT_NAMES,
} from './face-detector.ts';
export type {
  FaceDetectorOptions,
  LoadProgress,
  DetectorRange,
  DetectorMode,
} from './face-detector.ts';
