/**
 * Partition transforms (spec "Partition Transforms"): identity, year, month, day, hour,
 * bucket[N], truncate[W], void. Each maps a source value to a partition value, names its result
 * type, and renders a value as the human string Hive-style paths use (`ingest_date=2024-06-01`).
 *
 * Value shapes are those of bounds.ts: dates are days since 1970-01-01, times and timestamps
 * microseconds (nanoseconds for *_ns), decimals their unscaled integer.
 */
import { IngestError } from "../errors.ts";
import { decimalToMinimalBytes, uuidToBytes } from "./bounds.ts";
import { murmur3x86_32 } from "./murmur3.ts";
import { type Primitive, parsePrimitive } from "./primitive-type.ts";
import type { IcebergType, PrimitiveType } from "./types.ts";

export interface Transform {
  /** As written in the partition spec: `bucket[16]`, `day`, … */
  readonly name: string;
  /** The partition value's type for a source column of type `source`. */
  resultType(source: PrimitiveType): PrimitiveType;
  /** Source value → partition value; null stays null. */
  apply(source: PrimitiveType, value: unknown): unknown;
  /** A partition value (of the result type) as text for paths; null → "null". */
  humanString(source: PrimitiveType, value: unknown): string;
}

const encoder = new TextEncoder();
const microsPerDay = 86_400_000_000;
const microsPerHour = 3_600_000_000;

function unsupported(transform: string, source: IcebergType): IngestError {
  return new IngestError("catalog.unsupported", `partition transform ${transform} cannot apply to type ${String(source)}; choose a transform the spec allows for it`, { transform, source: String(source) });
}

function floorDiv(a: number | bigint, b: number): number {
  if (typeof a === "bigint") {
    const d = BigInt(b);
    const q = a / d;
    return Number(a % d !== 0n && a < 0n ? q - 1n : q);
  }
  return Math.floor(a / b);
}

/** Nanoseconds → microseconds, rounding toward negative infinity. */
function nanosToMicros(value: unknown): bigint {
  const ns = BigInt(value as number | bigint);
  return ns / 1000n - (ns % 1000n < 0n ? 1n : 0n);
}

/** Days since the epoch of a date or timestamp value. */
function daysOf(p: Primitive, value: unknown, transform: string, source: IcebergType): number {
  switch (p.kind) {
    case "date":
      return value as number;
    case "timestamp":
    case "timestamptz":
      return floorDiv(value as number | bigint, microsPerDay);
    case "timestamp_ns":
    case "timestamptz_ns":
      return floorDiv(nanosToMicros(value), microsPerDay);
    default:
      throw unsupported(transform, source);
  }
}

function civil(days: number): { y: number; m: number; d: number } {
  const date = new Date(days * 86_400_000);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

export function formatDate(days: number): string {
  const { y, m, d } = civil(days);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

function formatTime(micros: bigint): string {
  const s = micros / 1_000_000n;
  const frac = micros % 1_000_000n;
  const hms = `${pad(Number(s / 3600n))}:${pad(Number((s / 60n) % 60n))}:${pad(Number(s % 60n))}`;
  return frac === 0n ? hms : `${hms}.${String(frac).padStart(6, "0")}`;
}

function formatTimestamp(value: number | bigint, perSecond: bigint, zone: boolean): string {
  const v = BigInt(value);
  const perDay = 86_400n * perSecond;
  let days = v / perDay;
  let rest = v % perDay;
  if (rest < 0n) {
    rest += perDay;
    days -= 1n;
  }
  const secs = rest / perSecond;
  const frac = rest % perSecond;
  const digits = perSecond === 1_000_000n ? 6 : 9;
  const hms = `${pad(Number(secs / 3600n))}:${pad(Number((secs / 60n) % 60n))}:${pad(Number(secs % 60n))}`;
  const text = `${formatDate(Number(days))}T${hms}${frac === 0n ? "" : "." + String(frac).padStart(digits, "0")}`;
  return zone ? `${text}Z` : text;
}

function base64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** A value of a primitive type as text (Java `Transforms.identity().toHumanString`). */
export function humanValue(type: PrimitiveType, value: unknown): string {
  if (value === null || value === undefined) return "null";
  const p = parsePrimitive(type);
  switch (p.kind) {
    case "date":
      return formatDate(value as number);
    case "time":
      return formatTime(BigInt(value as number | bigint));
    case "timestamp":
    case "timestamptz":
      return formatTimestamp(value as number | bigint, 1_000_000n, p.kind === "timestamptz");
    case "timestamp_ns":
    case "timestamptz_ns":
      return formatTimestamp(value as number | bigint, 1_000_000_000n, p.kind === "timestamptz_ns");
    case "binary":
    case "fixed":
      return base64(value as Uint8Array);
    case "decimal": {
      const unscaled = BigInt(value as number | bigint);
      const negative = unscaled < 0n;
      const digits = (negative ? -unscaled : unscaled).toString().padStart(p.scale + 1, "0");
      const text = p.scale === 0 ? digits : `${digits.slice(0, -p.scale)}.${digits.slice(-p.scale)}`;
      return negative ? `-${text}` : text;
    }
    default:
      return String(value);
  }
}

/** Bytes that bucket[N] hashes (spec Appendix B): ints and longs as 8-byte little-endian longs. */
function hashBytes(p: Primitive, value: unknown, source: IcebergType): Uint8Array {
  const long = (n: number | bigint) => {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigInt64(0, BigInt(n), true);
    return out;
  };
  switch (p.kind) {
    case "int":
    case "long":
    case "date":
    case "time":
    case "timestamp":
    case "timestamptz":
      return long(value as number | bigint);
    case "timestamp_ns":
    case "timestamptz_ns":
      // Spec Appendix B: nanosecond timestamps hash as their microsecond value.
      return long(nanosToMicros(value));
    case "string":
      return encoder.encode(value as string);
    case "uuid":
      return value instanceof Uint8Array ? value : uuidToBytes(value as string);
    case "binary":
    case "fixed":
      return value as Uint8Array;
    case "decimal":
      return decimalToMinimalBytes(BigInt(value as number | bigint));
    default:
      throw unsupported("bucket", source);
  }
}

function truncateValue(p: Primitive, width: number, value: unknown, source: IcebergType): unknown {
  switch (p.kind) {
    case "int":
      return (value as number) - ((((value as number) % width) + width) % width);
    case "long":
    case "decimal": {
      if (typeof value === "number") return value - (((value % width) + width) % width);
      const v = value as bigint;
      const w = BigInt(width);
      return v - (((v % w) + w) % w);
    }
    case "string": {
      const points = Array.from(value as string);
      return points.length <= width ? value : points.slice(0, width).join("");
    }
    case "binary":
      return (value as Uint8Array).slice(0, width);
    default:
      throw unsupported(`truncate[${width}]`, source);
  }
}

function make(name: string, resultType: Transform["resultType"], apply: (p: Primitive, value: unknown, source: PrimitiveType) => unknown, human?: (source: PrimitiveType, value: unknown) => string): Transform {
  return {
    name,
    resultType,
    apply: (source, value) => (value === null || value === undefined ? null : apply(parsePrimitive(source), value, source)),
    humanString: (source, value) => (value === null || value === undefined ? "null" : human ? human(source, value) : humanValue(resultType(source), value)),
  };
}

const timeSources = new Set(["date", "timestamp", "timestamptz", "timestamp_ns", "timestamptz_ns"]);
function timeResult(name: string, result: PrimitiveType, hourly = false): Transform["resultType"] {
  return (source) => {
    const kind = parsePrimitive(source).kind;
    if (!timeSources.has(kind) || (hourly && kind === "date")) throw unsupported(name, source);
    return result;
  };
}

/** Parses a transform as written in a partition spec or sort order. */
export function parseTransform(text: string): Transform {
  const t = text.trim().toLowerCase();
  switch (t) {
    case "identity":
      return make("identity", (s) => s, (_p, v) => v);
    case "void":
      return make("void", (s) => s, () => null);
    case "year":
      return make("year", timeResult("year", "int"), (p, v, s) => civil(daysOf(p, v, "year", s)).y - 1970, (_s, v) => pad(1970 + (v as number), 4));
    case "month":
      return make(
        "month",
        timeResult("month", "int"),
        (p, v, s) => {
          const { y, m } = civil(daysOf(p, v, "month", s));
          return (y - 1970) * 12 + (m - 1);
        },
        (_s, v) => `${pad(1970 + Math.floor((v as number) / 12), 4)}-${pad((((v as number) % 12) + 12) % 12 + 1)}`,
      );
    case "day":
      return make("day", timeResult("day", "date"), (p, v, s) => daysOf(p, v, "day", s));
    case "hour":
      return make(
        "hour",
        timeResult("hour", "int", true),
        (p, v) => floorDiv(p.kind.endsWith("_ns") ? nanosToMicros(v) : (v as number | bigint), microsPerHour),
        (_s, v) => {
          const hours = v as number;
          return `${formatDate(Math.floor(hours / 24))}-${pad(((hours % 24) + 24) % 24)}`;
        },
      );
  }
  const bucket = /^bucket\[\s*(\d+)\s*\]$/.exec(t);
  if (bucket) {
    const n = Number(bucket[1]);
    return make(`bucket[${n}]`, (s) => {
      hashBytes(parsePrimitive(s), sampleFor(s), s);
      return "int";
    }, (p, v, s) => (murmur3x86_32(hashBytes(p, v, s)) & 0x7fffffff) % n, (_s, v) => String(v));
  }
  const truncate = /^truncate\[\s*(\d+)\s*\]$/.exec(t);
  if (truncate) {
    const w = Number(truncate[1]);
    return make(`truncate[${w}]`, (s) => {
      truncateValue(parsePrimitive(s), w, sampleFor(s), s);
      return s;
    }, (p, v, s) => truncateValue(p, w, v, s));
  }
  throw new IngestError("catalog.unsupported", `partition transform \`${text}\` is unknown; use identity, year, month, day, hour, bucket[N], truncate[W] or void`, { transform: text });
}

/** A value of the type, used to check a transform accepts the type before any row arrives. */
function sampleFor(type: PrimitiveType): unknown {
  const kind = parsePrimitive(type).kind;
  if (kind === "string") return "";
  if (kind === "uuid") return new Uint8Array(16);
  if (kind === "binary" || kind === "fixed") return new Uint8Array(0);
  if (kind === "boolean") return false;
  return 0;
}

/** The transform's human strings joined as a Hive-style path: `a=1/ingest_date=2024-06-01` (Java `PartitionSpec.partitionToPath`). */
export function partitionPath(fields: { name: string; transform: string; sourceType: PrimitiveType }[], values: unknown[]): string {
  return fields
    .map((f, i) => `${encodeURIComponent(f.name)}=${encodeURIComponent(parseTransform(f.transform).humanString(f.sourceType, values[i]))}`)
    .join("/");
}
