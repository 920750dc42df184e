/**
 * Writes and reads TFLite model metadata (schema tensorflow_lite_support/metadata/metadata_schema.fbs,
 * file identifier "M001"), the subset an image model needs: names, descriptions, image properties,
 * normalisation options, stats and value ranges. Stored in a model under the metadata name
 * "TFLITE_METADATA" (see tflite-model.ts).
 *
 * Field ids used (declaration order in metadata_schema.fbs; a union takes two ids, `_type` then value):
 *   ModelMetadata     0 name  1 description  2 version  3 subgraph_metadata  4 author  5 license
 *                     6 associated_files  7 min_parser_version
 *   SubGraphMetadata  0 name  1 description  2 input_tensor_metadata  3 output_tensor_metadata
 *   TensorMetadata    0 name  1 description  2 dimension_names  3 content  4 process_units  5 stats
 *   Content           0 content_properties_type  1 content_properties  2 range:ValueRange
 *   ImageProperties   0 color_space:ColorSpaceType(byte)  1 default_size:ImageSize
 *   ImageSize         0 width:uint  1 height:uint
 *   ValueRange        0 min:int  1 max:int
 *   ProcessUnit       0 options_type  1 options
 *   NormalizationOptions  0 mean:[float]  1 std:[float]
 *   Stats             0 max:[float]  1 min:[float]
 * Unions: ContentProperties {1 FeatureProperties, 2 ImageProperties, 3 BoundingBoxProperties};
 *         ProcessUnitOptions {1 NormalizationOptions, ...}. ColorSpaceType {0 UNKNOWN, 1 RGB, 2 GRAYSCALE}.
 */
import { Builder } from 'flatbuffers';
import { FbBuffer, FbTable, FlatBufferError } from './flatbuffer-reader.ts';

export const METADATA_IDENTIFIER = 'M001';
export const METADATA_NAME = 'TFLITE_METADATA';
/**
 * Every field written here exists since metadata schema 1.0.0, so that is the minimum parser version
 * (metadata_schema.fbs: "the largest version number among the versions of all the fields populated").
 */
export const MIN_PARSER_VERSION = '1.0.0';

const MODEL_MD = {
  name: 0,
  description: 1,
  version: 2,
  subgraphMetadata: 3,
  author: 4,
  license: 5,
  associatedFiles: 6,
  minParserVersion: 7,
} as const;
const SUBGRAPH_MD = { name: 0, description: 1, inputs: 2, outputs: 3 } as const;
const TENSOR_MD = {
  name: 0,
  description: 1,
  dimensionNames: 2,
  content: 3,
  processUnits: 4,
  stats: 5,
} as const;
const CONTENT = { propertiesType: 0, properties: 1, range: 2 } as const;
const IMAGE_PROPS = { colorSpace: 0, defaultSize: 1 } as const;
const IMAGE_SIZE = { width: 0, height: 1 } as const;
const VALUE_RANGE = { min: 0, max: 1 } as const;
const PROCESS_UNIT = { optionsType: 0, options: 1 } as const;
const NORMALIZATION = { mean: 0, std: 1 } as const;
const STATS = { max: 0, min: 1 } as const;

export const ContentPropertiesType = {
  NONE: 0,
  FeatureProperties: 1,
  ImageProperties: 2,
  BoundingBoxProperties: 3,
} as const;
export const ProcessUnitOptionsType = { NONE: 0, NormalizationOptions: 1 } as const;
export const ColorSpace = { UNKNOWN: 0, RGB: 1, GRAYSCALE: 2 } as const;
export type ColorSpaceName = keyof typeof ColorSpace;

export type TensorContent =
  | { kind: 'feature'; range?: { min: number; max: number } }
  | { kind: 'image'; colorSpace: ColorSpaceName; defaultSize?: { width: number; height: number } };

export interface TensorMetadataSpec {
  name: string;
  description?: string;
  dimensionNames?: string[];
  content?: TensorContent;
  normalization?: { mean: number[]; std: number[] };
  stats?: { min: number[]; max: number[] };
}

export interface ModelMetadataSpec {
  name: string;
  description?: string;
  version?: string;
  author?: string;
  license?: string;
  /** Defaults to MIN_PARSER_VERSION. */
  minParserVersion?: string;
  subgraph: {
    name?: string;
    description?: string;
    inputs: TensorMetadataSpec[];
    outputs: TensorMetadataSpec[];
  };
}

function str(b: Builder, s: string | undefined): number {
  return s === undefined ? 0 : b.createString(s);
}

function offsetVector(b: Builder, offsets: number[]): number {
  b.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]!);
  return b.endVector();
}

function floatVector(b: Builder, values: number[]): number {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addFloat32(values[i]!);
  return b.endVector();
}

function writeTensor(b: Builder, t: TensorMetadataSpec): number {
  // Children first (FlatBuffers builds bottom-up; a table may not be open while others are built).
  const name = str(b, t.name);
  const description = str(b, t.description);
  const dimensionNames = t.dimensionNames
    ? offsetVector(
        b,
        t.dimensionNames.map((d) => b.createString(d)),
      )
    : 0;

  let content = 0;
  if (t.content) {
    let props = 0;
    let propsType: number = ContentPropertiesType.NONE;
    let range = 0;
    if (t.content.kind === 'image') {
      let size = 0;
      if (t.content.defaultSize) {
        b.startObject(2);
        b.addFieldInt32(IMAGE_SIZE.width, t.content.defaultSize.width, 0);
        b.addFieldInt32(IMAGE_SIZE.height, t.content.defaultSize.height, 0);
        size = b.endObject();
      }
      b.startObject(2);
      b.addFieldInt8(IMAGE_PROPS.colorSpace, ColorSpace[t.content.colorSpace], 0);
      if (size) b.addFieldOffset(IMAGE_PROPS.defaultSize, size, 0);
      props = b.endObject();
      propsType = ContentPropertiesType.ImageProperties;
    } else {
      b.startObject(0);
      props = b.endObject();
      propsType = ContentPropertiesType.FeatureProperties;
      if (t.content.range) {
        b.startObject(2);
        b.addFieldInt32(VALUE_RANGE.min, t.content.range.min, 0);
        b.addFieldInt32(VALUE_RANGE.max, t.content.range.max, 0);
        range = b.endObject();
      }
    }
    b.startObject(3);
    b.addFieldInt8(CONTENT.propertiesType, propsType, 0);
    b.addFieldOffset(CONTENT.properties, props, 0);
    if (range) b.addFieldOffset(CONTENT.range, range, 0);
    content = b.endObject();
  }

  let processUnits = 0;
  if (t.normalization) {
    const mean = floatVector(b, t.normalization.mean);
    const std = floatVector(b, t.normalization.std);
    b.startObject(2);
    b.addFieldOffset(NORMALIZATION.mean, mean, 0);
    b.addFieldOffset(NORMALIZATION.std, std, 0);
    const norm = b.endObject();
    b.startObject(2);
    b.addFieldInt8(PROCESS_UNIT.optionsType, ProcessUnitOptionsType.NormalizationOptions, 0);
    b.addFieldOffset(PROCESS_UNIT.options, norm, 0);
    processUnits = offsetVector(b, [b.endObject()]);
  }

  let stats = 0;
  if (t.stats) {
    const max = floatVector(b, t.stats.max);
    const min = floatVector(b, t.stats.min);
    b.startObject(2);
    b.addFieldOffset(STATS.max, max, 0);
    b.addFieldOffset(STATS.min, min, 0);
    stats = b.endObject();
  }

  b.startObject(6);
  if (name) b.addFieldOffset(TENSOR_MD.name, name, 0);
  if (description) b.addFieldOffset(TENSOR_MD.description, description, 0);
  if (dimensionNames) b.addFieldOffset(TENSOR_MD.dimensionNames, dimensionNames, 0);
  if (content) b.addFieldOffset(TENSOR_MD.content, content, 0);
  if (processUnits) b.addFieldOffset(TENSOR_MD.processUnits, processUnits, 0);
  if (stats) b.addFieldOffset(TENSOR_MD.stats, stats, 0);
  return b.endObject();
}

/** Serialises a ModelMetadata FlatBuffer (identifier "M001"). */
export function buildModelMetadata(spec: ModelMetadataSpec): Uint8Array {
  for (const t of [...spec.subgraph.inputs, ...spec.subgraph.outputs]) {
    if (t.normalization) {
      const { mean, std } = t.normalization;
      if (mean.length === 0 || mean.length !== std.length)
        throw new Error(`${t.name}: mean and std must be non-empty and the same length`);
      if (std.some((s) => s === 0)) throw new Error(`${t.name}: std must not be 0`);
    }
  }
  const b = new Builder(1024);
  const inputs = offsetVector(
    b,
    spec.subgraph.inputs.map((t) => writeTensor(b, t)),
  );
  const outputs = offsetVector(
    b,
    spec.subgraph.outputs.map((t) => writeTensor(b, t)),
  );
  const sgName = str(b, spec.subgraph.name);
  const sgDescription = str(b, spec.subgraph.description);
  b.startObject(4);
  if (sgName) b.addFieldOffset(SUBGRAPH_MD.name, sgName, 0);
  if (sgDescription) b.addFieldOffset(SUBGRAPH_MD.description, sgDescription, 0);
  b.addFieldOffset(SUBGRAPH_MD.inputs, inputs, 0);
  b.addFieldOffset(SUBGRAPH_MD.outputs, outputs, 0);
  const subgraphs = offsetVector(b, [b.endObject()]);

  const name = str(b, spec.name);
  const description = str(b, spec.description);
  const version = str(b, spec.version);
  const author = str(b, spec.author);
  const license = str(b, spec.license);
  const minParser = str(b, spec.minParserVersion ?? MIN_PARSER_VERSION);
  b.startObject(8);
  b.addFieldOffset(MODEL_MD.name, name, 0);
  if (description) b.addFieldOffset(MODEL_MD.description, description, 0);
  if (version) b.addFieldOffset(MODEL_MD.version, version, 0);
  b.addFieldOffset(MODEL_MD.subgraphMetadata, subgraphs, 0);
  if (author) b.addFieldOffset(MODEL_MD.author, author, 0);
  if (license) b.addFieldOffset(MODEL_MD.license, license, 0);
  b.addFieldOffset(MODEL_MD.minParserVersion, minParser, 0);
  b.finish(b.endObject(), METADATA_IDENTIFIER);
  return b.asUint8Array().slice();
}

// ---------------------------------------------------------------------------------------------
// Reading (for tests and for checking a model before shipping it).

export interface ReadTensorMetadata {
  name?: string;
  description?: string;
  dimensionNames: string[];
  content?: {
    type: number;
    colorSpace?: number;
    defaultSize?: { width: number; height: number };
    range?: { min: number; max: number };
  };
  processUnits: { type: number; mean?: number[]; std?: number[] }[];
  stats?: { min: number[]; max: number[] };
}

export interface ReadModelMetadata {
  name?: string;
  description?: string;
  version?: string;
  author?: string;
  license?: string;
  minParserVersion?: string;
  subgraphs: {
    name?: string;
    description?: string;
    inputs: ReadTensorMetadata[];
    outputs: ReadTensorMetadata[];
  }[];
}

function readTensor(t: FbTable): ReadTensorMetadata {
  const c = t.table(TENSOR_MD.content);
  let content: ReadTensorMetadata['content'];
  if (c) {
    const type = c.u8(CONTENT.propertiesType);
    content = { type };
    const props = c.table(CONTENT.properties);
    if (type === ContentPropertiesType.ImageProperties && props) {
      content.colorSpace = props.i8(IMAGE_PROPS.colorSpace);
      const size = props.table(IMAGE_PROPS.defaultSize);
      if (size)
        content.defaultSize = {
          width: size.u32(IMAGE_SIZE.width),
          height: size.u32(IMAGE_SIZE.height),
        };
    }
    const range = c.table(CONTENT.range);
    if (range) content.range = { min: range.i32(VALUE_RANGE.min), max: range.i32(VALUE_RANGE.max) };
  }
  const processUnits = t.tables(TENSOR_MD.processUnits).map((pu) => {
    const type = pu.u8(PROCESS_UNIT.optionsType);
    const opts = pu.table(PROCESS_UNIT.options);
    if (type === ProcessUnitOptionsType.NormalizationOptions && opts) {
      return { type, mean: opts.f32s(NORMALIZATION.mean), std: opts.f32s(NORMALIZATION.std) };
    }
    return { type };
  });
  const s = t.table(TENSOR_MD.stats);
  return {
    name: t.string(TENSOR_MD.name),
    description: t.string(TENSOR_MD.description),
    dimensionNames: t.strings(TENSOR_MD.dimensionNames),
    content,
    processUnits,
    stats: s ? { max: s.f32s(STATS.max), min: s.f32s(STATS.min) } : undefined,
  };
}

/** Decodes a ModelMetadata FlatBuffer. Throws when the identifier is not "M001" or it is corrupt. */
export function readModelMetadata(bytes: Uint8Array): ReadModelMetadata {
  const fb = new FbBuffer(bytes);
  if (fb.identifier() !== METADATA_IDENTIFIER) {
    throw new FlatBufferError(
      `not TFLite metadata: identifier ${JSON.stringify(fb.identifier())}, expected "M001"`,
    );
  }
  const root = fb.root();
  return {
    name: root.string(MODEL_MD.name),
    description: root.string(MODEL_MD.description),
    version: root.string(MODEL_MD.version),
    author: root.string(MODEL_MD.author),
    license: root.string(MODEL_MD.license),
    minParserVersion: root.string(MODEL_MD.minParserVersion),
    subgraphs: root.tables(MODEL_MD.subgraphMetadata).map((sg) => ({
      name: sg.string(SUBGRAPH_MD.name),
      description: sg.string(SUBGRAPH_MD.description),
      inputs: sg.tables(SUBGRAPH_MD.inputs).map(readTensor),
      outputs: sg.tables(SUBGRAPH_MD.outputs).map(readTensor),
    })),
  };
}
