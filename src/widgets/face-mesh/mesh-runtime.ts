/**
 * The face-mesh widget's heavy part, imported when the reader picks a picture: the shared live
 * pipeline (face finder + our emotion CNN, src/lib/pipeline) and the face-mesh model
 * (src/lib/landmarks/facemesh.ts).
 *
 * The pipeline is built with a thin wrapper around the face finder that keeps each frame's detections
 * with their six keypoints (the pipeline's Prediction keeps only the boxes): the eye keypoints turn the
 * region the mesh model reads, so that a tilted head still reaches it upright.
 */
import * as tf from '@tensorflow/tfjs';
import { FaceMeshModel, type MeshResult } from '../../lib/landmarks/facemesh.ts';
import { roiFromDetection, roiFromPoints, type Roi } from '../../lib/landmarks/roi.ts';
import { overlap } from '../../lib/ml/smoothing.ts';
import { CanvasRegionReader } from '../../lib/pipeline/crop.ts';
import { loadPipeline, type LoadProgress, type LoadedPipeline } from '../../lib/pipeline/load.ts';
import { EmotionPipeline } from '../../lib/pipeline/pipeline.ts';
import { PipelineRunner, type RunnerOptions } from '../../lib/pipeline/runner.ts';
import type { DetectedFace, FrameImage, RelativeBox } from '../../lib/vision/types.ts';
import { bytes as formatBytes } from '../../lib/format.ts';
import { meshText } from './text.ts';

export interface MeshRuntime {
  loaded: LoadedPipeline;
  runner: PipelineRunner;
  /** Null when the mesh model could not be loaded (the widget then shows the six keypoints). */
  mesh: FaceMeshModel | null;
  meshError: unknown;
  /** The detections of the last frame (with keypoints), in the detector's order. */
  lastDetections(): DetectedFace[];
  /**
   * The mesh of a face: from the region of `previous` (tracking, when it still covers the face) or
   * else from the detection; `refine` reads a second time from the first points' region (photos).
   */
  meshFor(
    frame: FrameImage,
    width: number,
    height: number,
    face: DetectedFace,
    previous: MeshResult | null,
    refine: boolean,
  ): MeshResult | null;
  tensors(): number;
  dispose(): void;
}

export interface MeshRuntimeOptions {
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
  runner: RunnerOptions;
  /** The mesh model's download, bytes (measured at build time from its files; see mesh-model.ts). */
  meshBytes?: number;
}

export async function createMeshRuntime(options: MeshRuntimeOptions): Promise<MeshRuntime> {
  const loaded = await loadPipeline({ onProgress: options.onProgress, signal: options.signal });
  let mesh: FaceMeshModel | null = null;
  let meshError: unknown = null;
  try {
    // After loadPipeline: the TF.js backend is chosen, and the mesh model runs on it too.
    mesh = await FaceMeshModel.load({
      onProgress: (f) => {
        const bytes = options.meshBytes;
        options.onProgress?.({
          fraction: f,
          text: bytes
            ? meshText('downloadingMeshProgress', {
                done: formatBytes(f * bytes),
                total: formatBytes(bytes),
              })
            : meshText('downloadingMesh'),
        });
      },
    });
  } catch (e) {
    meshError = e;
  }
  let detections: DetectedFace[] = [];
  const detector = {
    detect(frame: FrameImage, time?: number) {
      detections = loaded.detector.detect(frame, time);
      return detections;
    },
  };
  const pipeline = new EmotionPipeline<FrameImage>(
    detector,
    loaded.classifier,
    new CanvasRegionReader(),
  );
  const runner = new PipelineRunner(pipeline, loaded.detector, options.runner);
  return {
    loaded,
    runner,
    mesh,
    meshError,
    lastDetections: () => detections,
    meshFor(frame, width, height, face, previous, refine) {
      if (!mesh) return null;
      let roi: Roi = roiFromDetection(face, width, height);
      if (
        previous &&
        previous.score >= 0.5 &&
        overlap(roiBox(previous.roi, width, height), face.box) > 0.2
      )
        roi = roiFromPoints(previous.points, 1.5);
      let r = mesh.estimate(frame, roi);
      if (refine && r.score >= 0.3) r = mesh.estimate(frame, roiFromPoints(r.points, 1.5));
      return r;
    },
    tensors: () => tf.memory().numTensors,
    dispose() {
      runner.stop();
      loaded.close();
      mesh?.dispose();
    },
  };
}

/** A region as a 0–1 box (ignoring its turn), to compare with the detector's boxes. */
function roiBox(roi: Roi, width: number, height: number): RelativeBox {
  return {
    x: (roi.cx - roi.size / 2) / width,
    y: (roi.cy - roi.size / 2) / height,
    width: roi.size / width,
    height: roi.size / height,
  };
}
