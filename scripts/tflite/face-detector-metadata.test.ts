/**
 * The build step that adds TFLite metadata to the BlazeFace models (scripts/tflite/): the output must
 * parse, carry the normalisation tasks-vision needs, and keep the original model intact.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addFaceDetectorMetadata, faceDetectorMetadata } from './face-detector-metadata.ts';
import {
  ColorSpace,
  ContentPropertiesType,
  METADATA_NAME,
  MIN_PARSER_VERSION,
  ProcessUnitOptionsType,
  buildModelMetadata,
  readModelMetadata,
} from './model-metadata.ts';
import {
  findOriginalBlock,
  readTfliteModel,
  withMetadataBuffer,
  TfliteModelError,
} from './tflite-model.ts';

const MODELS = join(process.cwd(), 'node_modules', '@mediapipe', 'face_detection');
const load = (name: string) => new Uint8Array(readFileSync(join(MODELS, name)));

describe.each([
  { range: 'short' as const, file: 'face_detection_short_range.tflite', size: 128, anchors: 896 },
  { range: 'full' as const, file: 'face_detection_full_range.tflite', size: 192, anchors: 2304 },
])('$file', ({ range, file, size, anchors }) => {
  const original = load(file);
  const out = addFaceDetectorMetadata(original, { range });
  const before = readTfliteModel(original);
  const after = readTfliteModel(out);

  it('is shipped without metadata (so this step is needed)', () => {
    expect(before.metadata.find((m) => m.name === METADATA_NAME)).toBeUndefined();
  });

  it('is still a TFLite model with the TFLITE_METADATA entry pointing at a new, last buffer', () => {
    expect(String.fromCharCode(...out.subarray(4, 8))).toBe('TFL3');
    const entries = after.metadata.filter((m) => m.name === METADATA_NAME);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.buffer).toBe(before.buffers.length);
    expect(after.buffers).toHaveLength(before.buffers.length + 1);
    // Other metadata entries (none in these models) are kept.
    expect(after.metadata.filter((m) => m.name !== METADATA_NAME).map((m) => m.name)).toEqual(
      before.metadata.map((m) => m.name),
    );
  });

  it('stores metadata that decodes to RGB input normalised with mean 127.5, std 127.5', () => {
    const md = readModelMetadata(after.metadataBuffer(METADATA_NAME)!);
    expect(md.minParserVersion).toBe(MIN_PARSER_VERSION);
    expect(md.license).toMatch(/Apache/);
    expect(md.subgraphs).toHaveLength(1);
    const sg = md.subgraphs[0]!;
    expect(sg.inputs).toHaveLength(1);
    const input = sg.inputs[0]!;
    expect(input.content).toEqual({
      type: ContentPropertiesType.ImageProperties,
      colorSpace: ColorSpace.RGB,
      defaultSize: { width: size, height: size },
    });
    expect(input.processUnits).toEqual([
      { type: ProcessUnitOptionsType.NormalizationOptions, mean: [127.5], std: [127.5] },
    ]);
    expect(input.stats).toEqual({ min: [-1], max: [1] });
    // One output metadata per model output, in the model's order.
    const outNames = sg.outputs.map((o) => o.name);
    expect(outNames).toHaveLength(before.subgraphs[0]!.outputs.length);
    expect(new Set(outNames)).toEqual(new Set(['regressors', 'classificators']));
    for (const [i, o] of sg.outputs.entries()) {
      expect(o.content?.type).toBe(ContentPropertiesType.FeatureProperties);
      const modelOut = before.subgraphs[0]!.outputs[i]!;
      expect(modelOut.shape[1]).toBe(anchors);
      expect(o.name).toBe(modelOut.shape[2] === 16 ? 'regressors' : 'classificators');
      expect(o.description).toContain(String(anchors));
    }
  });

  it('keeps the original model byte for byte, 16-byte aligned, and the new root points into it', () => {
    const start = findOriginalBlock(out, original);
    expect(start).toBeGreaterThan(0);
    expect(start % 16).toBe(0);
    expect(out.length).toBe(start + original.length + ((16 - (original.length % 16)) % 16));
    // Operator codes, subgraphs and description are the original objects, just shifted.
    expect(after.refs.operatorCodes).toBe(start + before.refs.operatorCodes);
    expect(after.refs.subgraphs).toBe(start + before.refs.subgraphs);
    expect(after.refs.description).toBe(start + before.refs.description);
    expect(after.version).toBe(before.version);
    expect(after.description).toBe(before.description);
  });

  it('keeps every subgraph and buffer intact', () => {
    expect(after.subgraphs.map(({ pos: _p, ...rest }) => rest)).toEqual(
      before.subgraphs.map(({ pos: _p, ...rest }) => rest),
    );
    for (const [i, b] of before.buffers.entries()) {
      const a = after.buffers[i]!;
      expect(Buffer.from(a.data).equals(Buffer.from(b.data)), `buffer ${i}`).toBe(true);
      // Data keeps its alignment (TFLite reads weights in place).
      if (b.dataPos >= 0) expect(a.dataPos % 16).toBe(b.dataPos % 16);
    }
    const input = after.subgraphs[0]!.inputs[0]!;
    expect(input).toMatchObject({ name: 'input', shape: [1, size, size, 3], type: 'FLOAT32' });
  });

  it('is idempotent: adding it again replaces the entry instead of adding a second', () => {
    const twice = addFaceDetectorMetadata(out, { range });
    const m = readTfliteModel(twice);
    expect(m.metadata.filter((e) => e.name === METADATA_NAME)).toHaveLength(1);
    expect(
      Buffer.from(m.metadataBuffer(METADATA_NAME)!).equals(
        Buffer.from(faceDetectorMetadata(original, range)),
      ),
    ).toBe(true);
  });
});

describe('model metadata writer', () => {
  it('round-trips a spec', () => {
    const bytes = buildModelMetadata({
      name: 'm',
      description: 'd',
      subgraph: {
        inputs: [
          {
            name: 'in',
            content: { kind: 'image', colorSpace: 'GRAYSCALE' },
            normalization: { mean: [0, 1, 2], std: [3, 4, 5] },
          },
        ],
        outputs: [
          {
            name: 'out',
            content: { kind: 'feature', range: { min: 1, max: 2 } },
            dimensionNames: ['a', 'b'],
          },
        ],
      },
    });
    expect(String.fromCharCode(...bytes.subarray(4, 8))).toBe('M001');
    const md = readModelMetadata(bytes);
    expect(md.name).toBe('m');
    expect(md.subgraphs[0]!.inputs[0]!.content).toEqual({
      type: ContentPropertiesType.ImageProperties,
      colorSpace: ColorSpace.GRAYSCALE,
    });
    expect(md.subgraphs[0]!.inputs[0]!.processUnits[0]).toEqual({
      type: 1,
      mean: [0, 1, 2],
      std: [3, 4, 5],
    });
    expect(md.subgraphs[0]!.outputs[0]!.content).toEqual({
      type: ContentPropertiesType.FeatureProperties,
      range: { min: 1, max: 2 },
    });
    expect(md.subgraphs[0]!.outputs[0]!.dimensionNames).toEqual(['a', 'b']);
  });

  it('refuses a zero std or mismatched mean/std', () => {
    const spec = (mean: number[], std: number[]) => ({
      name: 'm',
      subgraph: { inputs: [{ name: 'in', normalization: { mean, std } }], outputs: [] },
    });
    expect(() => buildModelMetadata(spec([1], [0]))).toThrow(/std/);
    expect(() => buildModelMetadata(spec([1, 2], [1]))).toThrow(/same length/);
  });
});

describe('TFLite model reader', () => {
  it('rejects something that is not a TFLite model', () => {
    expect(() => readTfliteModel(new Uint8Array(0))).toThrow(TfliteModelError);
    expect(() => readTfliteModel(new TextEncoder().encode('<html>404 Not Found</html>'))).toThrow(
      /not a TFLite model/,
    );
  });

  it('rejects a truncated model with a clear error', () => {
    const original = load('face_detection_short_range.tflite');
    expect(() => readTfliteModel(original.subarray(0, 4096))).toThrow(/corrupt TFLite model/);
  });

  it('adds an arbitrary named buffer', () => {
    const original = load('face_detection_short_range.tflite');
    const out = withMetadataBuffer(original, 'hello', new TextEncoder().encode('world'));
    const m = readTfliteModel(out);
    expect(new TextDecoder().decode(m.metadataBuffer('hello'))).toBe('world');
  });
});
