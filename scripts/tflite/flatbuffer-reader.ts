/**
 * A minimal, bounds-checked FlatBuffers reader: just enough to walk the tables of a TFLite model and
 * of its metadata without generated code. Field ids are the 0-based declaration order of a table's
 * fields in its .fbs schema (a union field takes two ids: its `_type` byte, then the value).
 *
 * Wire format (https://flatbuffers.dev/internals/): a table starts with an int32 soffset to its vtable
 * (vtable = table - soffset); the vtable is [u16 vtable size, u16 table size, u16 field offsets...].
 * Offsets to strings, vectors and sub-tables are uint32, relative to where they are stored, and
 * always point forward. A vector or string is [u32 length][elements].
 */

export class FlatBufferError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlatBufferError';
  }
}

export class FbTable {
  readonly buf: FbBuffer;
  /** Absolute position of the table in the buffer. */
  readonly pos: number;

  constructor(buf: FbBuffer, pos: number) {
    this.buf = buf;
    this.pos = pos;
  }

  /** Absolute position of the table's vtable. */
  get vtablePos(): number {
    return this.pos - this.buf.i32(this.pos);
  }

  /** Number of field slots the vtable declares. */
  get fieldSlots(): number {
    return (this.buf.u16(this.vtablePos) - 4) >> 1;
  }

  /** Absolute position of field `id`, or 0 when absent. */
  field(id: number): number {
    const vt = this.vtablePos;
    const vtSize = this.buf.u16(vt);
    const slot = 4 + 2 * id;
    if (slot + 2 > vtSize) return 0;
    const off = this.buf.u16(vt + slot);
    return off === 0 ? 0 : this.pos + off;
  }

  has(id: number): boolean {
    return this.field(id) !== 0;
  }

  /** Absolute position of the object a uoffset field points to, or 0 when absent. */
  ref(id: number): number {
    const p = this.field(id);
    return p === 0 ? 0 : this.buf.deref(p);
  }

  u8(id: number, dflt = 0): number {
    const p = this.field(id);
    return p === 0 ? dflt : this.buf.u8(p);
  }

  i8(id: number, dflt = 0): number {
    const p = this.field(id);
    return p === 0 ? dflt : this.buf.i8(p);
  }

  u32(id: number, dflt = 0): number {
    const p = this.field(id);
    return p === 0 ? dflt : this.buf.u32(p);
  }

  i32(id: number, dflt = 0): number {
    const p = this.field(id);
    return p === 0 ? dflt : this.buf.i32(p);
  }

  u64(id: number, dflt = 0n): bigint {
    const p = this.field(id);
    return p === 0 ? dflt : this.buf.u64(p);
  }

  string(id: number): string | undefined {
    const p = this.ref(id);
    return p === 0 ? undefined : this.buf.stringAt(p);
  }

  table(id: number): FbTable | undefined {
    const p = this.ref(id);
    return p === 0 ? undefined : new FbTable(this.buf, p);
  }

  /** A vector of tables. */
  tables(id: number): FbTable[] {
    const p = this.ref(id);
    if (p === 0) return [];
    const n = this.buf.u32(p);
    const out: FbTable[] = [];
    for (let i = 0; i < n; i++) out.push(new FbTable(this.buf, this.buf.deref(p + 4 + 4 * i)));
    return out;
  }

  strings(id: number): string[] {
    const p = this.ref(id);
    if (p === 0) return [];
    const n = this.buf.u32(p);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.buf.stringAt(this.buf.deref(p + 4 + 4 * i)));
    return out;
  }

  i32s(id: number): number[] {
    const p = this.ref(id);
    if (p === 0) return [];
    const n = this.buf.u32(p);
    return Array.from({ length: n }, (_, i) => this.buf.i32(p + 4 + 4 * i));
  }

  f32s(id: number): number[] {
    const p = this.ref(id);
    if (p === 0) return [];
    const n = this.buf.u32(p);
    return Array.from({ length: n }, (_, i) => this.buf.f32(p + 4 + 4 * i));
  }

  /** A [ubyte] vector as a view into the buffer (no copy), with its absolute position. */
  bytes(id: number): { pos: number; data: Uint8Array } | undefined {
    const p = this.ref(id);
    if (p === 0) return undefined;
    const n = this.buf.u32(p);
    this.buf.check(p + 4, n);
    return { pos: p + 4, data: this.buf.bytes.subarray(p + 4, p + 4 + n) };
  }
}

export class FbBuffer {
  readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  check(pos: number, size: number): void {
    if (!Number.isInteger(pos) || pos < 0 || size < 0 || pos + size > this.bytes.length) {
      throw new FlatBufferError(
        `read of ${size} bytes at ${pos} is outside the ${this.bytes.length}-byte buffer`,
      );
    }
  }

  u8(p: number): number {
    this.check(p, 1);
    return this.view.getUint8(p);
  }
  i8(p: number): number {
    this.check(p, 1);
    return this.view.getInt8(p);
  }
  u16(p: number): number {
    this.check(p, 2);
    return this.view.getUint16(p, true);
  }
  i32(p: number): number {
    this.check(p, 4);
    return this.view.getInt32(p, true);
  }
  u32(p: number): number {
    this.check(p, 4);
    return this.view.getUint32(p, true);
  }
  u64(p: number): bigint {
    this.check(p, 8);
    return this.view.getBigUint64(p, true);
  }
  f32(p: number): number {
    this.check(p, 4);
    return this.view.getFloat32(p, true);
  }

  /** Follows the uoffset stored at `p`. */
  deref(p: number): number {
    const target = p + this.u32(p);
    this.check(target, 4);
    return target;
  }

  stringAt(p: number): string {
    const n = this.u32(p);
    this.check(p + 4, n);
    return new TextDecoder('utf-8', { fatal: true }).decode(this.bytes.subarray(p + 4, p + 4 + n));
  }

  /** The 4-character file identifier, or "" when the buffer is too short. */
  identifier(): string {
    if (this.bytes.length < 8) return '';
    return String.fromCharCode(...this.bytes.subarray(4, 8));
  }

  root(): FbTable {
    if (this.bytes.length < 8)
      throw new FlatBufferError(`a ${this.bytes.length}-byte buffer is too short for a FlatBuffer`);
    return new FbTable(this, this.deref(0));
  }
}
