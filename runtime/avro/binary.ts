/**
 * Avro binary encoding primitives (Avro spec "Binary Encoding"): zig-zag varints, IEEE floats in
 * little-endian, length-prefixed bytes and strings.
 *
 * `long` decodes to a `number` when it is a safe integer and to a `bigint` otherwise, so that
 * 63-bit snapshot ids survive while counts and sizes stay plain numbers.
 */
import { IngestError } from "../errors.ts";
import { utf8Value } from "../utf8-value.ts";

const encoder = new TextEncoder();
/** Below this magnitude, zig-zag and varint arithmetic on doubles is exact (2·|n|+1 < 2^53). */
const numberSafe = 2 ** 52;

export class AvroWriter {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** The bytes written so far (a copy, so later writes can't change it). */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  reset(): void {
    this.length = 0;
  }

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.length++] = b;
  }

  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  boolean(v: boolean): void {
    this.byte(v ? 1 : 0);
  }

  int(n: number): void {
    let z = ((n << 1) ^ (n >> 31)) >>> 0;
    this.reserve(5);
    while (z > 0x7f) {
      this.buf[this.length++] = (z & 0x7f) | 0x80;
      z >>>= 7;
    }
    this.buf[this.length++] = z;
  }

  long(n: number | bigint): void {
    if (typeof n === "number" && Math.abs(n) < numberSafe) {
      let z = n >= 0 ? n * 2 : -n * 2 - 1;
      this.reserve(10);
      while (z > 0x7f) {
        this.buf[this.length++] = (z % 0x80) | 0x80;
        z = Math.floor(z / 0x80);
      }
      this.buf[this.length++] = z;
      return;
    }
    const big = BigInt.asIntN(64, BigInt(n));
    let z = BigInt.asUintN(64, (big << 1n) ^ (big >> 63n));
    this.reserve(10);
    while (z > 0x7fn) {
      this.buf[this.length++] = Number(z & 0x7fn) | 0x80;
      z >>= 7n;
    }
    this.buf[this.length++] = Number(z);
  }

  float(v: number): void {
    this.reserve(4);
    this.view.setFloat32(this.length, v, true);
    this.length += 4;
  }

  double(v: number): void {
    this.reserve(8);
    this.view.setFloat64(this.length, v, true);
    this.length += 8;
  }

  bytes(v: Uint8Array): void {
    this.long(v.length);
    this.raw(v);
  }

  string(s: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit; encode in place, then write the length before it.
    const max = s.length * 3;
    const lengthAt = this.length;
    this.reserve(10 + max);
    const { written } = encoder.encodeInto(s, this.buf.subarray(lengthAt + 10, lengthAt + 10 + max));
    this.long(written);
    this.buf.copyWithin(this.length, lengthAt + 10, lengthAt + 10 + written);
    this.length += written;
  }
}

export class AvroReader {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  pos: number;

  constructor(bytes: Uint8Array, pos = 0) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = pos;
  }

  private need(n: number): void {
    if (this.pos + n > this.bytes.length) {
      throw new IngestError("store.io", `avro data ends early: needed ${n} bytes at offset ${this.pos} of ${this.bytes.length}; the file is truncated or not Avro`);
    }
  }

  byte(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }

  boolean(): boolean {
    return this.byte() !== 0;
  }

  int(): number {
    const n = this.long();
    return typeof n === "number" ? n : Number(n);
  }

  long(): number | bigint {
    const bytes = this.bytes;
    // Fast path: one byte (small counts, ids, lengths, union branches).
    if (this.pos < bytes.length && bytes[this.pos]! < 0x80) {
      const b = bytes[this.pos++]!;
      return b & 1 ? -(b + 1) / 2 : b / 2;
    }
    let raw = 0;
    let scale = 1;
    for (let i = 0; i < 7; i++) {
      const b = this.byte();
      raw += (b & 0x7f) * scale;
      if (b < 0x80) return raw % 2 === 1 ? -(raw + 1) / 2 : raw / 2;
      scale *= 0x80;
    }
    // More than 49 bits: finish in bigint.
    let big = BigInt(raw);
    let shift = 49n;
    for (;;) {
      const b = this.byte();
      big |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7n;
      if (shift > 63n) throw new IngestError("store.io", `avro long at offset ${this.pos} is longer than 10 bytes; the file is corrupt`);
    }
    const value = BigInt.asIntN(64, (big >> 1n) ^ -(big & 1n));
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }

  float(): number {
    this.need(4);
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  double(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  fixed(n: number): Uint8Array {
    this.need(n);
    const v = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  bytesValue(): Uint8Array {
    return this.fixed(this.length());
  }

  string(): string {
    const n = this.length();
    this.need(n);
    const bytes = this.bytes;
    const start = this.pos;
    this.pos += n;
    // Short ASCII strings (field names, formats, most paths' pieces) skip TextDecoder's call cost.
    if (n < 64) {
      let ascii = "";
      for (let i = start; i < start + n; i++) {
        const b = bytes[i]!;
        if (b >= 0x80) return utf8Value(bytes.subarray(start, start + n));
        ascii += String.fromCharCode(b);
      }
      return ascii;
    }
    return utf8Value(bytes.subarray(start, start + n));
  }

  private length(): number {
    const n = this.int();
    if (n < 0) throw new IngestError("store.io", `avro length ${n} at offset ${this.pos} is negative; the file is corrupt`);
    return n;
  }
}
