/**
 * Adds the TFLite metadata that @mediapipe/tasks-vision's FaceDetector requires to the BlazeFace
 * models shipped in the npm package @mediapipe/face_detection, which have none ("Input tensor has type
 * float32: it requires specifying NormalizationOptions metadata to preprocess input images").
 *
 * Input  "input"  [1, H, W, 3] float32: an RGB image scaled to [-1, 1], i.e. (x - 127.5) / 127.5.
 * Output "regressors" [1, N, 16]: per anchor, box (dx, dy, w, h) + 6 keypoints (x, y), in input pixels
 *                                 relative to the anchor centre.
 * Output "classificators" [1, N, 1]: per anchor, a face score as a logit (sigmoid gives 0–1).
 */
import { readTfliteModel, withMetadataBuffer, TfliteModelError } from './tflite-model.ts';
import { buildModelMetadata, METADATA_NAME, type TensorMetadataSpec } from './model-metadata.ts';

export type FaceDetectorRange = 'short' | 'full';

/** Licence of the models (the @mediapipe/face_detection package is Apache-2.0). */
const LICENSE = 'Apache License. Version 2.0 http://www.apache.org/licenses/LICENSE-2.0.';

export const FACE_DETECTOR_NORMALIZATION = { mean: [127.5], std: [127.5] } as const;

/** Builds the ModelMetadata FlatBuffer for one of the two BlazeFace models, given the parsed model. */
export function faceDetectorMetadata(modelBytes: Uint8Array, range: FaceDetectorRange): Uint8Array {
  const model = readTfliteModel(modelBytes);
  if (model.subgraphs.length !== 1) {
    throw new TfliteModelError(
      `expected one subgraph in the face detector, found ${model.subgraphs.length}`,
    );
  }
  const sg = model.subgraphs[0]!;
  const input = sg.inputs[0];
  if (
    sg.inputs.length !== 1 ||
    !input ||
    input.shape.length !== 4 ||
    input.shape[3] !== 3 ||
    input.type !== 'FLOAT32'
  ) {
    throw new TfliteModelError(
      `expected one float32 [1, H, W, 3] image input, found ${JSON.stringify(sg.inputs)}`,
    );
  }
  const [, height, width] = input.shape as [number, number, number, number];
  if (sg.outputs.length !== 2) {
    throw new TfliteModelError(`expected two outputs (boxes, scores), found ${sg.outputs.length}`);
  }
  // Outputs are described in the model's own order, recognised by their last dimension.
  const outputs = sg.outputs.map((o): TensorMetadataSpec => {
    const last = o.shape[o.shape.length - 1];
    const anchors = o.shape[1];
    if (last === 16) {
      return {
        name: 'regressors',
        description:
          `Raw box and keypoint offsets for each of the ${anchors} anchors: box centre x, y, width, height, then ` +
          'x, y of 6 keypoints (right eye, left eye, nose tip, mouth, right ear, left ear), in input pixels ' +
          'relative to the anchor centre. Decode with SSD anchors.',
        dimensionNames: ['batch', 'anchor', 'coordinate'],
        content: { kind: 'feature', range: { min: 2, max: 2 } },
      };
    }
    if (last === 1) {
      return {
        name: 'classificators',
        description: `Face score of each of the ${anchors} anchors, as a logit: apply a sigmoid to get 0–1.`,
        dimensionNames: ['batch', 'anchor', 'score'],
        content: { kind: 'feature' },
      };
    }
    throw new TfliteModelError(`unexpected output ${o.name} of shape ${JSON.stringify(o.shape)}`);
  });
  const inputMd: TensorMetadataSpec = {
    name: 'image',
    description: `Input image, RGB, ${width}×${height}, values normalised to [-1, 1] by (x - 127.5) / 127.5.`,
    dimensionNames: ['batch', 'height', 'width', 'channel'],
    content: { kind: 'image', colorSpace: 'RGB', defaultSize: { width, height } },
    normalization: {
      mean: [...FACE_DETECTOR_NORMALIZATION.mean],
      std: [...FACE_DETECTOR_NORMALIZATION.std],
    },
    stats: { min: [-1], max: [1] },
  };
  return buildModelMetadata({
    name: range === 'short' ? 'BlazeFace short range' : 'BlazeFace full range',
    description:
      range === 'short'
        ? 'Detects faces within about 2 m of the camera (selfie distance) in a 128×128 image; 896 SSD anchors.'
        : 'Detects faces up to about 5 m from the camera in a 192×192 image; 2304 SSD anchors.',
    version: '1',
    author: 'Google (MediaPipe); metadata added by Emotion Lens scripts/tflite',
    license: LICENSE,
    subgraph: {
      name: sg.name,
      description: 'Face detection (BlazeFace).',
      inputs: [inputMd],
      outputs,
    },
  });
}

/** Returns the model with its TFLITE_METADATA added (or replaced). The original bytes are kept intact. */
export function addFaceDetectorMetadata(
  modelBytes: Uint8Array,
  opts: { range: FaceDetectorRange },
): Uint8Array {
  return withMetadataBuffer(
    modelBytes,
    METADATA_NAME,
    faceDetectorMetadata(modelBytes, opts.range),
  );
}
