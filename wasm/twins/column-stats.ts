/**
 * Column statistics: the twin of `src/stats.rs` (Iceberg value/null/NaN counts and bounds,
 * HyperLogLog registers, histogram bins).
 */
import { hllPrecision } from "../hll.ts";
import type { NumberStats, StringColumn, StringStats, Validity } from "../kernels.ts";
import { sketchBytes, sketchLongWords } from "./sketch-hash.ts";

function hllAdd(registers: Uint8Array, hash: number): void {
  const index = hash >>> (32 - hllPrecision);
  const rank = Math.min(Math.clz32(hash << hllPrecision), 32 - hllPrecision) + 1;
  if (registers[index]! < rank) registers[index] = rank;
}

export function statsFloat64(values: Float64Array, validity: Validity, registers: Uint8Array | null): NumberStats<number> {
  const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  let count = 0;
  let nulls = 0;
  let nans = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (validity && validity[i] !== 1) {
      nulls++;
      continue;
    }
    count++;
    const v = values[i]!;
    if (v !== v) {
      nans++;
      continue;
    }
    if (v < min || (v === 0 && min === 0 && Object.is(v, -0))) min = v;
    if (v > max || (v === 0 && max === 0 && !Object.is(v, -0))) max = v;
    // -0 and 0 are one distinct value.
    if (registers) hllAdd(registers, v === 0 ? sketchLongWords(0, 0) : sketchLongWords(words[2 * i]!, words[2 * i + 1]!));
  }
  const some = count - nans > 0;
  return { values: count, nulls, nans, min: some ? min : null, max: some ? max : null };
}

export function statsInt64(values: BigInt64Array, validity: Validity, registers: Uint8Array | null): NumberStats<bigint> {
  const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  let count = 0;
  let nulls = 0;
  let minRow = -1;
  let maxRow = -1;
  let minHi = 0;
  let minLo = 0;
  let maxHi = 0;
  let maxLo = 0;
  for (let i = 0; i < values.length; i++) {
    if (validity && validity[i] !== 1) {
      nulls++;
      continue;
    }
    count++;
    const lo = words[2 * i]!;
    const hi = words[2 * i + 1]!;
    // Compare as (signed high word, unsigned low word) to avoid bigint arithmetic per row.
    if (minRow < 0 || hi < minHi || (hi === minHi && lo >>> 0 < minLo)) {
      minRow = i;
      minHi = hi;
      minLo = lo >>> 0;
    }
    if (maxRow < 0 || hi > maxHi || (hi === maxHi && lo >>> 0 > maxLo)) {
      maxRow = i;
      maxHi = hi;
      maxLo = lo >>> 0;
    }
    if (registers) hllAdd(registers, sketchLongWords(lo, hi));
  }
  return { values: count, nulls, nans: 0, min: minRow < 0 ? null : values[minRow]!, max: maxRow < 0 ? null : values[maxRow]! };
}

export function statsInt32(values: Int32Array, validity: Validity, registers: Uint8Array | null): NumberStats<number> {
  let count = 0;
  let nulls = 0;
  let min = 2147483647;
  let max = -2147483648;
  for (let i = 0; i < values.length; i++) {
    if (validity && validity[i] !== 1) {
      nulls++;
      continue;
    }
    count++;
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    if (registers) hllAdd(registers, sketchLongWords(v, v >> 31));
  }
  return { values: count, nulls, nans: 0, min: count > 0 ? min : null, max: count > 0 ? max : null };
}

function compareBytes(d: Uint8Array, as: number, ae: number, bs: number, be: number): number {
  const n = Math.min(ae - as, be - bs);
  for (let k = 0; k < n; k++) {
    const x = d[as + k]!;
    const y = d[bs + k]!;
    if (x !== y) return x - y;
  }
  return ae - as - (be - bs);
}

/** Byte length of the first `count` code points of UTF-8 `s[start, end)`. */
export function prefixLength(s: Uint8Array, start: number, end: number, count: number): number {
  let seen = 0;
  for (let i = start; i < end; i++) {
    if ((s[i]! & 0xc0) !== 0x80) {
      if (seen === count) return i - start;
      seen++;
    }
  }
  return end - start;
}

function decodeAt(s: Uint8Array, i: number): [number, number] {
  const b = s[i]!;
  if (b < 0x80) return [b, 1];
  if (b < 0xe0) return [((b & 0x1f) << 6) | (s[i + 1]! & 0x3f), 2];
  if (b < 0xf0) return [((b & 0x0f) << 12) | ((s[i + 1]! & 0x3f) << 6) | (s[i + 2]! & 0x3f), 3];
  return [((b & 0x07) << 18) | ((s[i + 1]! & 0x3f) << 12) | ((s[i + 2]! & 0x3f) << 6) | (s[i + 3]! & 0x3f), 4];
}

function encode(c: number, out: number[]): void {
  if (c < 0x80) out.push(c);
  else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
  else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
}

/**
 * Iceberg's upper bound of a string (`UnicodeUtil.truncateStringMax`): the value when it has at
 * most `count` code points, else the prefix with its last incrementable code point incremented,
 * skipping the surrogate range; null when none can be.
 */
export function truncateUpper(s: Uint8Array, count: number): Uint8Array | null {
  const cut = prefixLength(s, 0, s.length, count);
  if (cut === s.length) return s.slice();
  const starts: number[] = [];
  for (let i = 0; i < cut; i += decodeAt(s, i)[1]) starts.push(i);
  while (starts.length > 0) {
    const at = starts.pop()!;
    const c = decodeAt(s, at)[0];
    const next = c === 0xd7ff ? 0xe000 : c + 1;
    if (next <= 0x10ffff) {
      const out = Array.from(s.subarray(0, at));
      encode(next, out);
      return Uint8Array.from(out);
    }
  }
  return null;
}

export function statsString(column: StringColumn, validity: Validity, registers: Uint8Array | null, truncateTo = 16): StringStats {
  const { data, offsets } = column;
  const n = offsets.length - 1;
  let count = 0;
  let nulls = 0;
  let minRow = -1;
  let maxRow = -1;
  for (let i = 0; i < n; i++) {
    if (validity && validity[i] !== 1) {
      nulls++;
      continue;
    }
    const s = offsets[i]!;
    const e = offsets[i + 1]!;
    if (count === 0 || compareBytes(data, s, e, offsets[minRow]!, offsets[minRow + 1]!) < 0) minRow = i;
    if (count === 0 || compareBytes(data, s, e, offsets[maxRow]!, offsets[maxRow + 1]!) > 0) maxRow = i;
    count++;
    if (registers) hllAdd(registers, sketchBytes(data, s, e));
  }
  let lower: Uint8Array | null = null;
  let upper: Uint8Array | null = null;
  if (minRow >= 0) {
    const ms = offsets[minRow]!;
    lower = data.slice(ms, ms + prefixLength(data, ms, offsets[minRow + 1]!, truncateTo));
    upper = truncateUpper(data.subarray(offsets[maxRow]!, offsets[maxRow + 1]!), truncateTo);
  }
  return { values: count, nulls, minRow, maxRow, lower, upper };
}

export function histogram(values: Float64Array | BigInt64Array | Int32Array, validity: Validity, lo: number, hi: number, bins: number): Uint32Array {
  const out = new Uint32Array(bins);
  if (bins === 0) return out;
  const width = hi - lo;
  const scale = bins / width;
  const last = bins - 1;
  const words = values instanceof BigInt64Array ? new Int32Array(values.buffer, values.byteOffset, values.length * 2) : null;
  for (let i = 0; i < values.length; i++) {
    if (validity && validity[i] !== 1) continue;
    // hi·2^32 is exact and adding the unsigned low word rounds once, as Rust's `i64 as f64`.
    const v = words ? words[2 * i + 1]! * 4294967296 + (words[2 * i]! >>> 0) : (values[i] as number);
    if (v !== v) continue;
    let b = width > 0 ? Math.floor((v - lo) * scale) : 0;
    if (!(b >= 0)) b = 0;
    if (b > last) b = last;
    out[b]!++;
  }
  return out;
}
