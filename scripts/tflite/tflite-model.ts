/**
 * Reads the parts of a TFLite model (schema tensorflow/lite/schema/schema.fbs, file identifier
 * "TFL3") that the metadata step needs, and adds a named metadata buffer to a model without
 * re-serialising the model.
 *
 * Field ids used (declaration order in schema.fbs):
 *   Model     0 version:uint  1 operator_codes  2 subgraphs  3 description:string  4 buffers:[Buffer]
 *             5 metadata_buffer:[int] (deprecated)  6 metadata:[Metadata]  7 signature_defs
 *   SubGraph  0 tensors  1 inputs:[int]  2 outputs:[int]  3 operators  4 name
 *   Tensor    0 shape:[int]  1 type:TensorType(byte)  2 buffer:uint  3 name
 *   Buffer    0 data:[ubyte] (force_align: 16)  1 offset:ulong  2 size:ulong
 *   Metadata  0 name:string  1 buffer:uint
 *
 * How a buffer is added (see `withMetadataBuffer`): FlatBuffers offsets are relative and point
 * forward, so the whole original file is kept as one block at the end of the new file, unchanged
 * byte for byte, and a new root `Model` table is written in front of it. The new table points at the
 * original operator codes, subgraphs, description and signature defs, at a new `buffers` vector
 * (the original Buffer tables + one new Buffer holding the data) and at a new `metadata` vector (the
 * original entries + the new one). The block starts on a 16-byte boundary, so every original
 * `force_align: 16` buffer stays aligned. The original 8-byte header becomes unused bytes. This
 * cannot work for models whose buffers live outside the FlatBuffer (Buffer.offset, > 2 GB models: the
 * offsets are absolute), so those are refused.
 */
import { Builder } from 'flatbuffers';
import { FbBuffer, FbTable, FlatBufferError } from './flatbuffer-reader.ts';

export const TFLITE_IDENTIFIER = 'TFL3';

const MODEL = {
  version: 0,
  operatorCodes: 1,
  subgraphs: 2,
  description: 3,
  buffers: 4,
  metadataBuffer: 5,
  metadata: 6,
  signatureDefs: 7,
} as const;
const MODEL_FIELD_COUNT = 8;
const SUBGRAPH = { tensors: 0, inputs: 1, outputs: 2, operators: 3, name: 4 } as const;
const TENSOR = { shape: 0, type: 1, buffer: 2, name: 3 } as const;
const BUFFER = { data: 0, offset: 1, size: 2 } as const;
const METADATA = { name: 0, buffer: 1 } as const;

/** TensorType names for the values used by image models (schema.fbs `enum TensorType : byte`). */
const TENSOR_TYPES: Record<number, string> = {
  0: 'FLOAT32',
  1: 'FLOAT16',
  2: 'INT32',
  3: 'UINT8',
  4: 'INT64',
  5: 'STRING',
  6: 'BOOL',
  7: 'INT16',
  9: 'INT8',
};

export class TfliteModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TfliteModelError';
  }
}

export interface TensorInfo {
  index: number;
  name: string;
  shape: number[];
  type: string;
}

export interface SubgraphInfo {
  name: string | undefined;
  /** Absolute position of the SubGraph table. */
  pos: number;
  tensorCount: number;
  operatorCount: number;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
}

export interface BufferInfo {
  /** Absolute position of the Buffer table. */
  pos: number;
  /** The data bytes (a view into the model), empty when the buffer has none. */
  data: Uint8Array;
  /** Absolute position of the first data byte, or -1 when there is no data. */
  dataPos: number;
  external: boolean;
}

export interface MetadataEntry {
  name: string;
  buffer: number;
  pos: number;
}

export interface TfliteModel {
  bytes: Uint8Array;
  version: number;
  description: string | undefined;
  /** Absolute positions of the fields the root table points at (0 when absent). */
  refs: {
    operatorCodes: number;
    subgraphs: number;
    description: number;
    metadataBuffer: number;
    signatureDefs: number;
  };
  subgraphs: SubgraphInfo[];
  buffers: BufferInfo[];
  metadata: MetadataEntry[];
  /** Data of the buffer a metadata entry names, if any. */
  metadataBuffer(name: string): Uint8Array | undefined;
}

function tensorInfo(tensors: FbTable[], index: number): TensorInfo {
  const t = tensors[index];
  if (!t)
    throw new TfliteModelError(`tensor index ${index} is out of range (${tensors.length} tensors)`);
  return {
    index,
    name: t.string(TENSOR.name) ?? '',
    shape: t.i32s(TENSOR.shape),
    type: TENSOR_TYPES[t.i8(TENSOR.type)] ?? `type#${t.i8(TENSOR.type)}`,
  };
}

/** Parses a .tflite file. Throws TfliteModelError when it is not one. */
export function readTfliteModel(bytes: Uint8Array): TfliteModel {
  const fb = new FbBuffer(bytes);
  if (fb.identifier() !== TFLITE_IDENTIFIER) {
    throw new TfliteModelError(
      `not a TFLite model: file identifier is ${JSON.stringify(fb.identifier())}, expected "TFL3"`,
    );
  }
  try {
    const root = fb.root();
    const subgraphs = root.tables(MODEL.subgraphs).map((sg): SubgraphInfo => {
      const tensors = sg.tables(SUBGRAPH.tensors);
      return {
        name: sg.string(SUBGRAPH.name),
        pos: sg.pos,
        tensorCount: tensors.length,
        operatorCount: sg.tables(SUBGRAPH.operators).length,
        inputs: sg.i32s(SUBGRAPH.inputs).map((i) => tensorInfo(tensors, i)),
        outputs: sg.i32s(SUBGRAPH.outputs).map((i) => tensorInfo(tensors, i)),
      };
    });
    const buffers = root.tables(MODEL.buffers).map((b): BufferInfo => {
      const d = b.bytes(BUFFER.data);
      return {
        pos: b.pos,
        data: d?.data ?? new Uint8Array(0),
        dataPos: d ? d.pos : -1,
        external: b.u64(BUFFER.offset) > 1n || b.u64(BUFFER.size) > 0n,
      };
    });
    const metadata = root.tables(MODEL.metadata).map((m) => ({
      name: m.string(METADATA.name) ?? '',
      buffer: m.u32(METADATA.buffer),
      pos: m.pos,
    }));
    return {
      bytes,
      version: root.u32(MODEL.version),
      description: root.string(MODEL.description),
      refs: {
        operatorCodes: root.ref(MODEL.operatorCodes),
        subgraphs: root.ref(MODEL.subgraphs),
        description: root.ref(MODEL.description),
        metadataBuffer: root.ref(MODEL.metadataBuffer),
        signatureDefs: root.ref(MODEL.signatureDefs),
      },
      subgraphs,
      buffers,
      metadata,
      metadataBuffer(name: string) {
        const entry = metadata.find((m) => m.name === name);
        if (!entry) return undefined;
        const buf = buffers[entry.buffer];
        if (!buf)
          throw new TfliteModelError(
            `metadata "${name}" names buffer ${entry.buffer}, but there are ${buffers.length}`,
          );
        return buf.data;
      },
    };
  } catch (e) {
    if (e instanceof FlatBufferError)
      throw new TfliteModelError(`corrupt TFLite model: ${e.message}`);
    throw e;
  }
}

/** Alignment of the original model block inside the new file (TFLite aligns buffer data to 16). */
const BLOCK_ALIGN = 16;

/**
 * Returns a new model file with `data` stored in a new buffer and a `metadata` entry `name` pointing
 * at it. An existing entry with the same name is replaced (its old buffer is left, unused).
 * The original model bytes are kept unchanged inside the result (see the file comment).
 */
export function withMetadataBuffer(
  modelBytes: Uint8Array,
  name: string,
  data: Uint8Array,
): Uint8Array {
  const model = readTfliteModel(modelBytes);
  const fb = new FbBuffer(modelBytes);
  const root = fb.root();
  for (let id = MODEL_FIELD_COUNT; id < root.fieldSlots; id++) {
    if (root.has(id)) {
      throw new TfliteModelError(
        `the model's root table has field #${id}, unknown to this tool; refusing to drop it`,
      );
    }
  }
  if (model.buffers.some((b) => b.external)) {
    throw new TfliteModelError(
      'the model keeps buffers outside the FlatBuffer (Buffer.offset); not supported',
    );
  }

  const b = new Builder(modelBytes.length + data.length + 1024);
  // 1. The original file, verbatim, at the end. prep() pads after it so that its first byte lands on
  //    a BLOCK_ALIGN boundary once the file is finished (FlatBuffers aligns from the end).
  b.prep(BLOCK_ALIGN, modelBytes.length);
  b.pad(modelBytes.length);
  b.dataBuffer()
    .bytes()
    .set(modelBytes, b.dataBuffer().capacity() - b.offset());
  const blockEnd = b.offset(); // builder offset of the block's first byte
  /** Builder offset (distance from the end) of the original object at absolute position `pos`. */
  const old = (pos: number): number => blockEnd - pos;

  // 2. The new buffer's data, aligned like TFLite buffer data.
  b.startVector(1, data.length, BLOCK_ALIGN);
  b.pad(data.length);
  b.dataBuffer()
    .bytes()
    .set(data, b.dataBuffer().capacity() - b.offset());
  const dataVec = b.endVector();
  b.startObject(3);
  b.addFieldOffset(BUFFER.data, dataVec, 0);
  const newBuffer = b.endObject();
  const newBufferIndex = model.buffers.length;

  // 3. buffers = original Buffer tables + the new one.
  const bufferOffsets = [...model.buffers.map((x) => old(x.pos)), newBuffer];
  b.startVector(4, bufferOffsets.length, 4);
  for (let i = bufferOffsets.length - 1; i >= 0; i--) b.addOffset(bufferOffsets[i]!);
  const buffersVec = b.endVector();

  // 4. metadata = original entries (minus one with the same name) + the new one.
  const nameStr = b.createString(name);
  b.startObject(2);
  b.addFieldOffset(METADATA.name, nameStr, 0);
  b.addFieldInt32(METADATA.buffer, newBufferIndex, -1); // default -1: always written
  const newEntry = b.endObject();
  const metadataOffsets = [
    ...model.metadata.filter((m) => m.name !== name).map((m) => old(m.pos)),
    newEntry,
  ];
  b.startVector(4, metadataOffsets.length, 4);
  for (let i = metadataOffsets.length - 1; i >= 0; i--) b.addOffset(metadataOffsets[i]!);
  const metadataVec = b.endVector();

  // 5. The new root Model table.
  b.startObject(MODEL_FIELD_COUNT);
  if (root.has(MODEL.version)) b.addFieldInt32(MODEL.version, model.version, -1);
  const r = model.refs;
  if (r.operatorCodes) b.addFieldOffset(MODEL.operatorCodes, old(r.operatorCodes), 0);
  if (r.subgraphs) b.addFieldOffset(MODEL.subgraphs, old(r.subgraphs), 0);
  if (r.description) b.addFieldOffset(MODEL.description, old(r.description), 0);
  b.addFieldOffset(MODEL.buffers, buffersVec, 0);
  if (r.metadataBuffer) b.addFieldOffset(MODEL.metadataBuffer, old(r.metadataBuffer), 0);
  b.addFieldOffset(MODEL.metadata, metadataVec, 0);
  if (r.signatureDefs) b.addFieldOffset(MODEL.signatureDefs, old(r.signatureDefs), 0);
  const newRoot = b.endObject();
  b.finish(newRoot, TFLITE_IDENTIFIER);

  const out = b.asUint8Array().slice();
  // Self-check: the original block is where we think it is, and aligned.
  const blockStart = out.length - blockEnd;
  if (blockStart % BLOCK_ALIGN !== 0)
    throw new TfliteModelError(
      `internal: original block at ${blockStart}, not ${BLOCK_ALIGN}-aligned`,
    );
  return out;
}

/** Where the original model sits inside a file written by `withMetadataBuffer` (for tests). */
export function findOriginalBlock(out: Uint8Array, original: Uint8Array): number {
  for (let start = 0; start + original.length <= out.length; start += BLOCK_ALIGN) {
    if (out[start] === original[0] && out[start + 4] === original[4]) {
      let same = true;
      for (let i = 0; i < original.length; i++) {
        if (out[start + i] !== original[i]) {
          same = false;
          break;
        }
      }
      if (same) return start;
    }
  }
  return -1;
}
