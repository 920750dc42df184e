/**
 * src/lib/pipeline: the one path every frame takes, from a picture to emotion scores.
 *
 *   FrameSource (webcam | photo, src/lib/vision)
 *     → PipelineRunner (FrameLoop for a webcam; once for a photo)          runner.ts
 *     → EmotionPipeline.process: FaceDetector → crop (preprocess.ts) → EmotionClassifier
 *       → smoothing per face (src/lib/ml/smoothing.ts) → Prediction          pipeline.ts, types.ts
 *     → widgets draw it, dispatch a `prediction` event, post it to an embedding page
 *
 * `loadPipeline()` (load.ts) imports TF.js and MediaPipe and is heavy: import it dynamically, when
 * the reader starts a widget. Everything exported here is light.
 */
export * from './types.ts';
export { EmotionPipeline } from './pipeline.ts';
export type { ClassifierLike, DetectorLike, FrameOptions, PipelineOptions } from './pipeline.ts';
export { PipelineRunner } from './runner.ts';
export type { ModalDetector, RunnerOptions } from './runner.ts';
export { CanvasRegionReader, alignedRect, faceInput, pixelsReader } from './crop.ts';
export type { FaceInput, RegionReader } from './crop.ts';
export { PipelineError, toModelError } from './errors.ts';
export type { PipelineErrorCode } from './errors.ts';
export type { LoadedPipeline, LoadOptions, LoadProgress } from './load.ts';
