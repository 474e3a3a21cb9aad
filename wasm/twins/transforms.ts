/**
 * Iceberg `bucket[N]` and `truncate[W]` (https://iceberg.apache.org/spec/#partition-transforms):
 * the twin of `src/transforms.rs`. A bucket count of 0 returns the raw hash.
 */
import type { StringColumn } from "../kernels.ts";
import { prefixLength } from "./column-stats.ts";
import { hashBytes, hashDecimalWords, hashLongWords } from "./murmur3.ts";

function toBucket(hash: number, n: number): number {
  return n <= 0 ? hash : (hash & 0x7fffffff) % n;
}

export function bucketInt32(values: Int32Array, n: number): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toBucket(hashLongWords(values[i]!, values[i]! >> 31), n);
  return out;
}

function longWords(values: BigInt64Array): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, values.length * 2);
}

export function bucketInt64(values: BigInt64Array, n: number): Int32Array {
  const words = longWords(values);
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toBucket(hashLongWords(words[2 * i]!, words[2 * i + 1]!), n);
  return out;
}

export function bucketDecimal(unscaled: BigInt64Array, n: number): Int32Array {
  const words = longWords(unscaled);
  const out = new Int32Array(unscaled.length);
  for (let i = 0; i < unscaled.length; i++) out[i] = toBucket(hashDecimalWords(words[2 * i]!, words[2 * i + 1]!), n);
  return out;
}

export function bucketBytes(column: StringColumn, n: number): Int32Array {
  const { data, offsets } = column;
  const out = new Int32Array(offsets.length - 1);
  for (let i = 0; i < out.length; i++) out[i] = toBucket(hashBytes(data, offsets[i]!, offsets[i + 1]!), n);
  return out;
}

/** `v - (((v % W) + W) % W)` with Java's wrapping int arithmetic. */
export function truncateInt32(values: Int32Array, width: number): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = (v - ((((v % width) + width) | 0) % width)) | 0;
  }
  return out;
}

export function truncateInt64(values: BigInt64Array, width: bigint): BigInt64Array {
  const out = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = BigInt.asIntN(64, v - BigInt.asIntN(64, BigInt.asIntN(64, (v % width) + width) % width));
  }
  return out;
}

export function truncateString(column: StringColumn, width: number): Int32Array {
  const { data, offsets } = column;
  const out = new Int32Array(offsets.length - 1);
  const w = Math.max(0, width);
  for (let i = 0; i < out.length; i++) out[i] = prefixLength(data, offsets[i]!, offsets[i + 1]!, w);
  return out;
}
