/**
 * Arrow `Data` assembled straight from typed arrays with `makeData` (DESIGN.md: no Builders or
 * `vectorFromArray`, which are slow and throw in workerd). `keep` lists the rows that survive
 * validation, in order; null keeps every row.
 */
import * as arrow from "apache-arrow";

/** Packs a byte-per-row validity into an Arrow bitmap; none when every kept row is valid. */
export function packValidity(valid: Uint8Array, keep: Int32Array | null, length: number): { nullBitmap?: Uint8Array; nullCount: number } {
  // Most columns of most batches have no null: one native search settles it, with no bitmap built.
  if (!keep && valid.length >= length && valid.subarray(0, length).indexOf(0) < 0) return { nullCount: 0 };
  const bitmap = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  for (let j = 0; j < length; j++) {
    if (valid[keep ? keep[j] : j]) bitmap[j >> 3] |= 1 << (j & 7);
    else nullCount++;
  }
  return nullCount === 0 ? { nullCount } : { nullBitmap: bitmap, nullCount };
}

/** Packs a byte-per-row boolean into Arrow's bit-packed values. */
export function packBits(bytes: Uint8Array, keep: Int32Array | null, length: number): Uint8Array {
  const bits = new Uint8Array((length + 7) >> 3);
  for (let j = 0; j < length; j++) if (bytes[keep ? keep[j] : j]) bits[j >> 3] |= 1 << (j & 7);
  return bits;
}

type Typed = Int32Array | Float32Array | Float64Array | BigInt64Array | Uint32Array | Uint8Array;

/** Copies the kept rows of a fixed-width buffer with `stride` elements per row. */
export function takeFixed<T extends Typed>(values: T, stride: number, keep: Int32Array | null): T {
  if (!keep) return values;
  const out = new (values.constructor as new (n: number) => T)(keep.length * stride);
  if (stride === 1) {
    for (let j = 0; j < keep.length; j++) out[j] = values[keep[j]];
  } else {
    for (let j = 0; j < keep.length; j++) out.set(values.subarray(keep[j] * stride, keep[j] * stride + stride) as never, j * stride);
  }
  return out;
}

export function fixedData(type: arrow.DataType, values: Typed, stride: number, valid: Uint8Array, keep: Int32Array | null, n: number): arrow.Data {
  const length = keep ? keep.length : n;
  const { nullBitmap, nullCount } = packValidity(valid, keep, length);
  return arrow.makeData({ type, length, nullCount, nullBitmap, data: takeFixed(values, stride, keep) } as never);
}

const encoder = new TextEncoder();

/** UTF-8 byte length of a JS string, as TextEncoder counts it (a lone surrogate is U+FFFD, 3 bytes). */
function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** A Utf8 column from strings (null where `valid` is 0). */
export function utf8Data(strings: ArrayLike<string | null>, valid: Uint8Array, keep: Int32Array | null, n: number): arrow.Data {
  const length = keep ? keep.length : n;
  const parts: string[] = new Array(length);
  for (let j = 0; j < length; j++) {
    const r = keep ? keep[j] : j;
    parts[j] = valid[r] ? (strings[r] as string) : "";
  }
  const joined = parts.join("");
  const data = encoder.encode(joined);
  const offsets = new Int32Array(length + 1);
  // All ASCII (the common case): byte offsets are character offsets, no per-string scan needed.
  const ascii = data.length === joined.length;
  let at = 0;
  for (let j = 0; j < length; j++) {
    at += ascii ? parts[j].length : utf8Length(parts[j]);
    offsets[j + 1] = at;
  }
  const { nullBitmap, nullCount } = packValidity(valid, keep, length);
  return arrow.makeData({ type: new arrow.Utf8(), length, nullCount, nullBitmap, valueOffsets: offsets, data });
}

/** A Binary column from byte arrays. */
export function binaryData(values: ArrayLike<Uint8Array | null>, valid: Uint8Array, keep: Int32Array | null, n: number): arrow.Data {
  const length = keep ? keep.length : n;
  const offsets = new Int32Array(length + 1);
  for (let j = 0; j < length; j++) {
    const r = keep ? keep[j] : j;
    offsets[j + 1] = offsets[j] + (valid[r] ? (values[r] as Uint8Array).length : 0);
  }
  const data = new Uint8Array(offsets[length]);
  for (let j = 0; j < length; j++) {
    const r = keep ? keep[j] : j;
    if (valid[r]) data.set(values[r] as Uint8Array, offsets[j]);
  }
  const { nullBitmap, nullCount } = packValidity(valid, keep, length);
  return arrow.makeData({ type: new arrow.Binary(), length, nullCount, nullBitmap, valueOffsets: offsets, data });
}

/** A Utf8 column from UTF-8 cells (runtime/normalize/column-cells.ts): the bytes are used as they are. */
export function textCellsData(cells: { data: Uint8Array; offsets: Int32Array }, valid: Uint8Array, keep: Int32Array | null, n: number): arrow.Data {
  const length = keep ? keep.length : n;
  const { nullBitmap, nullCount } = packValidity(valid, keep, length);
  const src = cells.offsets;
  if (!keep) {
    // Null rows hold no bytes, so the source's offsets serve as they are.
    return arrow.makeData({ type: new arrow.Utf8(), length, nullCount, nullBitmap, valueOffsets: src.subarray(0, n + 1), data: cells.data.subarray(0, src[n]) });
  }
  const offsets = new Int32Array(length + 1);
  for (let j = 0; j < length; j++) {
    const r = keep[j];
    offsets[j + 1] = offsets[j] + (valid[r] ? src[r + 1] - src[r] : 0);
  }
  const data = new Uint8Array(offsets[length]);
  for (let j = 0; j < length; j++) {
    const r = keep[j];
    if (valid[r]) data.set(cells.data.subarray(src[r], src[r + 1]), offsets[j]);
  }
  return arrow.makeData({ type: new arrow.Utf8(), length, nullCount, nullBitmap, valueOffsets: offsets, data });
}
