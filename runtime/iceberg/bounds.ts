/**
 * Single-value binary serialization (spec Appendix D), used for lower/upper bounds in manifests
 * and partition summaries in manifest lists, plus the `truncate(16)` metrics mode for strings
 * and binary (spec "Manifests", Java `MetricsModes.Truncate`).
 *
 * Values: boolean; int/date/float/double as number; long/time/timestamp*(µs or ns) as number or
 * bigint (decoded: number when safe); string; uuid as its canonical text; binary/fixed as
 * Uint8Array; decimal as its unscaled integer (bigint, or a safe-integer number).
 */
import { IngestError } from "../errors.ts";
import { parsePrimitive } from "./primitive-type.ts";
import type { IcebergType } from "./types.ts";
import { utf8Value } from "../utf8-value.ts";

const encoder = new TextEncoder();

function invalid(type: IcebergType, value: unknown, why: string): IngestError {
  const shown = typeof value === "bigint" ? `${value}` : value instanceof Uint8Array ? `${value.length} bytes` : JSON.stringify(value);
  return new IngestError("internal", `iceberg bound for type ${String(type)}: value ${shown} ${why}`);
}

function fixedWidth(bytes: number, write: (v: DataView) => void): Uint8Array {
  const out = new Uint8Array(bytes);
  write(new DataView(out.buffer));
  return out;
}

function toBigInt(type: IcebergType, value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  throw invalid(type, value, "is not an integer");
}

/** Unscaled decimal → two's complement, big-endian, in the fewest bytes (spec Appendix D). */
export function decimalToMinimalBytes(unscaled: bigint): Uint8Array {
  let size = 1;
  while (unscaled >= 1n << BigInt(8 * size - 1) || unscaled < -(1n << BigInt(8 * size - 1))) size++;
  return bigIntToBytes(unscaled, size);
}

/** Two's complement big-endian in exactly `size` bytes (sign-extended). */
export function bigIntToBytes(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let v = BigInt.asUintN(8 * size, value);
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return BigInt.asIntN(8 * bytes.length, v);
}

export function uuidToBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, "");
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new IngestError("internal", `uuid \`${uuid}\` is not 32 hex digits; pass a canonical UUID`);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function uuidFromBytes(bytes: Uint8Array): string {
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function safeNumber(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Encodes one value of a primitive type with the spec's single-value binary serialization. */
export function encodeBound(type: IcebergType, value: unknown): Uint8Array {
  const p = parsePrimitive(type);
  switch (p.kind) {
    case "boolean":
      if (typeof value !== "boolean") throw invalid(type, value, "is not a boolean");
      return new Uint8Array([value ? 1 : 0]);
    case "int":
    case "date": {
      if (typeof value !== "number" || !Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) throw invalid(type, value, "is not a 32-bit integer");
      return fixedWidth(4, (v) => v.setInt32(0, value, true));
    }
    case "long":
    case "time":
    case "timestamp":
    case "timestamptz":
    case "timestamp_ns":
    case "timestamptz_ns": {
      const n = toBigInt(type, value);
      return fixedWidth(8, (v) => v.setBigInt64(0, n, true));
    }
    case "float":
      if (typeof value !== "number" || Number.isNaN(value)) throw invalid(type, value, "is not a number (NaN is never a bound)");
      return fixedWidth(4, (v) => v.setFloat32(0, value, true));
    case "double":
      if (typeof value !== "number" || Number.isNaN(value)) throw invalid(type, value, "is not a number (NaN is never a bound)");
      return fixedWidth(8, (v) => v.setFloat64(0, value, true));
    case "string":
      if (typeof value !== "string") throw invalid(type, value, "is not a string");
      return encoder.encode(value);
    case "uuid":
      if (value instanceof Uint8Array && value.length === 16) return value.slice();
      if (typeof value !== "string") throw invalid(type, value, "is not a UUID string");
      return uuidToBytes(value);
    case "binary":
      if (!(value instanceof Uint8Array)) throw invalid(type, value, "is not a Uint8Array");
      return value.slice();
    case "fixed":
      if (!(value instanceof Uint8Array) || value.length !== p.length) throw invalid(type, value, `is not ${p.length} bytes`);
      return value.slice();
    case "decimal":
      return decimalToMinimalBytes(toBigInt(type, value));
    case "unknown":
      throw invalid(type, value, "has type unknown, which has no bounds");
  }
}

/** Decodes a single-value binary serialization back into the value shapes `encodeBound` takes. */
export function decodeBound(type: IcebergType, bytes: Uint8Array): unknown {
  const p = parsePrimitive(type);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (n: number) => {
    if (bytes.length !== n) throw new IngestError("store.io", `iceberg bound for type ${String(type)} has ${bytes.length} bytes, expected ${n}; the manifest was written with a wrong encoding`);
  };
  switch (p.kind) {
    case "boolean":
      need(1);
      return bytes[0] !== 0;
    case "int":
    case "date":
      need(4);
      return view.getInt32(0, true);
    case "long":
    case "time":
    case "timestamp":
    case "timestamptz":
    case "timestamp_ns":
    case "timestamptz_ns":
      need(8);
      return safeNumber(view.getBigInt64(0, true));
    case "float":
      need(4);
      return view.getFloat32(0, true);
    case "double":
      need(8);
      return view.getFloat64(0, true);
    case "string":
      return utf8Value(bytes);
    case "uuid":
      need(16);
      return uuidFromBytes(bytes);
    case "binary":
      return bytes.slice();
    case "fixed":
      need(p.length);
      return bytes.slice();
    case "decimal":
      return bytesToBigInt(bytes);
    case "unknown":
      throw new IngestError("store.io", `iceberg type unknown has no bounds, but a bound was found; the manifest is corrupt`);
  }
}

/** Default metrics mode width: `truncate(16)` (table property `write.metadata.metrics.default`). */
export const defaultTruncateWidth = 16;

/** Lower bound of a string/binary after truncation: a prefix, cut at a code point for strings. */
export function truncateLowerBound(value: string, width?: number): string;
export function truncateLowerBound(value: Uint8Array, width?: number): Uint8Array;
export function truncateLowerBound(value: string | Uint8Array, width = defaultTruncateWidth): string | Uint8Array {
  if (value instanceof Uint8Array) return value.length <= width ? value : value.slice(0, width);
  const points = Array.from(value);
  return points.length <= width ? value : points.slice(0, width).join("");
}

/**
 * Upper bound of a string/binary after truncation: the prefix with its last code point (byte)
 * incremented, so it still sorts after every value it covers; `null` (omit the bound) when no
 * position can be incremented. Surrogate code points are skipped, as they can't be UTF-8.
 */
export function truncateUpperBound(value: string, width?: number): string | null;
export function truncateUpperBound(value: Uint8Array, width?: number): Uint8Array | null;
export function truncateUpperBound(value: string | Uint8Array, width = defaultTruncateWidth): string | Uint8Array | null {
  if (value instanceof Uint8Array) {
    if (value.length <= width) return value;
    const prefix = value.slice(0, width);
    for (let i = width - 1; i >= 0; i--) {
      if (prefix[i]! < 0xff) {
        prefix[i]! += 1;
        return prefix.slice(0, i + 1);
      }
    }
    return null;
  }
  const points = Array.from(value);
  if (points.length <= width) return value;
  const prefix = points.slice(0, width);
  for (let i = width - 1; i >= 0; i--) {
    let next = prefix[i]!.codePointAt(0)! + 1;
    if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
    if (next <= 0x10ffff) return prefix.slice(0, i).join("") + String.fromCodePoint(next);
  }
  return null;
}
