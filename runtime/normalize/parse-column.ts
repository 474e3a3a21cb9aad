/**
 * One column of source values → its contract type (config-format.md §6.2 with the §12 fixes),
 * held in typed arrays until the surviving rows are known. A value that does not coerce is
 * reported through `fail` and its row is marked invalid; nothing is guessed or truncated.
 */
import * as arrow from "apache-arrow";
import type { ColumnType } from "../contract.ts";
import { binaryData, fixedData, packBits, packValidity, utf8Data } from "./column-data.ts";
import { setInt128, setInt64, setMicros } from "./int64-words.ts";
import { parseBoolean, parseFloatText, parseInteger } from "./parse-number.ts";
import { parseDecimal } from "./parse-decimal.ts";
import { parseBinary, parseUuidInto, toBase64 } from "./parse-bytes.ts";
import { parseDate, parseTime, parseTimestamp, parsed } from "./parse-temporal.ts";

/** A column coerced to its type, waiting for the list of rows that survive (`keep`, null = all). */
export interface ParsedColumn {
  build(keep: Int32Array | null): arrow.Data;
}

/** Called once per row whose value does not coerce. */
export type Fail = (row: number, value: unknown) => void;

const MAX_EXACT = 9007199254740991;
const MIN_LONG = -(2n ** 63n);
const MAX_LONG = 2n ** 63n - 1n;

/**
 * Coerces `values[0..n)` where `valid[i]` is 1; clears `valid[i]` and calls `fail` for values that
 * do not coerce.
 */
export function parseColumn(type: ColumnType, arrowType: arrow.DataType, values: ArrayLike<unknown>, n: number, valid: Uint8Array, fail: Fail): ParsedColumn {
  const each = (set: (v: unknown, i: number) => boolean): void => {
    for (let i = 0; i < n; i++) {
      if (valid[i] && !set(values[i], i)) {
        valid[i] = 0;
        fail(i, values[i]);
      }
    }
  };
  const fixed = (data: Int32Array | Float32Array | Float64Array | BigInt64Array | Uint32Array | Uint8Array, stride: number): ParsedColumn => ({
    build: (keep) => fixedData(arrowType, data, stride, valid, keep, n),
  });
  switch (type.kind) {
    case "string":
      return stringColumn(values, n, valid, (v) => textForm(v));
    case "json":
      return stringColumn(values, n, valid, jsonText, fail);
    case "int": {
      const data = new Int32Array(n);
      each((v, i) => {
        const x = toInteger(v);
        if (typeof x !== "number" || x < -2147483648 || x > 2147483647) return false;
        data[i] = x;
        return true;
      });
      return fixed(data, 1);
    }
    case "long": {
      const data = new BigInt64Array(n);
      const words = new Uint32Array(data.buffer);
      each((v, i) => {
        const x = toInteger(v);
        if (typeof x === "number") {
          if (x >= -MAX_EXACT && x <= MAX_EXACT) setInt64(words, i, x);
          else if (x >= -9223372036854775808 && x < 9223372036854775808) data[i] = BigInt(x);
          else return false;
          return true;
        }
        if (typeof x !== "bigint" || x < MIN_LONG || x > MAX_LONG) return false;
        data[i] = x;
        return true;
      });
      return fixed(data, 1);
    }
    case "float":
    case "double": {
      const data = type.kind === "float" ? new Float32Array(n) : new Float64Array(n);
      each((v, i) => {
        const x = typeof v === "string" ? parseFloatText(v) : typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : undefined;
        if (x === undefined) return false;
        data[i] = x;
        return true;
      });
      return fixed(data, 1);
    }
    case "boolean": {
      const bytes = new Uint8Array(n);
      each((v, i) => {
        const x = typeof v === "boolean" ? v : typeof v === "string" ? parseBoolean(v) : v === 0 || v === 1 || v === 0n || v === 1n ? Number(v) === 1 : undefined;
        if (x === undefined) return false;
        bytes[i] = x ? 1 : 0;
        return true;
      });
      return {
        build(keep) {
          const length = keep ? keep.length : n;
          const { nullBitmap, nullCount } = packValidity(valid, keep, length);
          return arrow.makeData({ type: arrowType as arrow.Bool, length, nullCount, nullBitmap, data: packBits(bytes, keep, length) });
        },
      };
    }
    case "date": {
      const data = new Int32Array(n);
      each((v, i) => {
        const x = typeof v === "string" ? parseDate(v) : v instanceof Date ? Math.floor(v.getTime() / 86400000) : undefined;
        if (x === undefined || Number.isNaN(x)) return false;
        data[i] = x;
        return true;
      });
      return fixed(data, 1);
    }
    case "time": {
      const data = new BigInt64Array(n);
      const words = new Uint32Array(data.buffer);
      each((v, i) => {
        const x = typeof v === "string" ? parseTime(v) : undefined;
        if (x === undefined) return false;
        setInt64(words, i, x);
        return true;
      });
      return fixed(data, 1);
    }
    case "timestamp":
    case "timestamptz": {
      const data = new BigInt64Array(n);
      const words = new Uint32Array(data.buffer);
      each((v, i) => {
        if (typeof v === "string") {
          if (!parseTimestamp(v)) return false;
          setMicros(words, data, i, parsed.sec, parsed.us);
          return true;
        }
        if (v instanceof Date && !Number.isNaN(v.getTime())) {
          const ms = v.getTime();
          const sec = Math.floor(ms / 1000);
          setMicros(words, data, i, sec, (ms - sec * 1000) * 1000);
          return true;
        }
        return false;
      });
      return fixed(data, 1);
    }
    case "decimal": {
      const data = new Uint32Array(4 * n);
      const { precision, scale } = type;
      each((v, i) => {
        const text = typeof v === "string" ? v : (typeof v === "number" && Number.isFinite(v)) || typeof v === "bigint" ? String(v) : undefined;
        const x = text === undefined ? undefined : parseDecimal(text, precision, scale);
        if (x === undefined) return false;
        setInt128(data, i, x);
        return true;
      });
      return fixed(data, 4);
    }
    case "uuid": {
      const data = new Uint8Array(16 * n);
      each((v, i) => {
        if (typeof v === "string") return parseUuidInto(v, data, 16 * i);
        if (v instanceof Uint8Array && v.length === 16) {
          data.set(v, 16 * i);
          return true;
        }
        return false;
      });
      return fixed(data, 16);
    }
    case "binary": {
      const bytes: (Uint8Array | null)[] = new Array(n).fill(null);
      each((v, i) => {
        const x = typeof v === "string" ? parseBinary(v) : v instanceof Uint8Array ? v : v instanceof ArrayBuffer ? new Uint8Array(v) : undefined;
        if (x === undefined) return false;
        bytes[i] = x;
        return true;
      });
      return { build: (keep) => binaryData(bytes, valid, keep, n) };
    }
    case "list":
      return listColumn(type.element, arrowType as arrow.List, values, n, valid, fail);
  }
}

function toInteger(v: unknown): number | bigint | undefined {
  if (typeof v === "string") return parseInteger(v);
  if (typeof v === "number") return Number.isInteger(v) ? v : undefined;
  if (typeof v === "bigint") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  return undefined;
}

/** The text form of any value for a `string` column (§6.2: "any value → its text form"). */
function textForm(v: unknown): string {
  if (typeof v === "string") return v;
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return toBase64(v);
  if (typeof v === "object" && v !== null) return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
  return String(v);
}

/** JSON text: strings must already be JSON; other values are serialized. */
function jsonText(v: unknown): string | undefined {
  if (typeof v === "string") {
    try {
      JSON.parse(v);
      return v;
    } catch {
      return undefined;
    }
  }
  return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
}

function stringColumn(values: ArrayLike<unknown>, n: number, valid: Uint8Array, convert: (v: unknown) => string | undefined, fail?: Fail): ParsedColumn {
  let strings: (string | null)[] | null = null;
  const validateAll = fail !== undefined;
  for (let i = 0; i < n; i++) {
    if (!valid[i]) continue;
    const v = values[i];
    if (typeof v === "string" && !validateAll) continue;
    const text = convert(v);
    if (text === undefined) {
      valid[i] = 0;
      fail?.(i, v);
    } else if (text !== v) {
      strings ??= Array.from(values as ArrayLike<string | null>);
      strings[i] = text;
    }
  }
  const source = (strings ?? values) as ArrayLike<string | null>;
  return { build: (keep) => utf8Data(source, valid, keep, n) };
}

/** Lists: JS arrays, or text holding a JSON array; elements are coerced to the element type. */
function listColumn(element: ColumnType, arrowType: arrow.List, values: ArrayLike<unknown>, n: number, valid: Uint8Array, fail: Fail): ParsedColumn {
  const offsets = new Int32Array(n + 1);
  const flat: unknown[] = [];
  const rowOf: number[] = [];
  for (let i = 0; i < n; i++) {
    offsets[i + 1] = offsets[i];
    if (!valid[i]) continue;
    let v = values[i];
    if (typeof v === "string") {
      try {
        v = JSON.parse(v);
      } catch {
        v = undefined;
      }
    }
    if (!Array.isArray(v)) {
      valid[i] = 0;
      fail(i, values[i]);
      continue;
    }
    for (const e of v) {
      flat.push(e);
      rowOf.push(i);
    }
    offsets[i + 1] = flat.length;
  }
  const m = flat.length;
  const elementValid = new Uint8Array(m);
  for (let k = 0; k < m; k++) elementValid[k] = flat[k] === null || flat[k] === undefined ? 0 : 1;
  const child = parseColumn(element, arrowType.children[0].type, flat, m, elementValid, (k) => {
    const row = rowOf[k];
    if (valid[row]) {
      valid[row] = 0;
      fail(row, values[row]);
    }
  });
  return {
    build(keep) {
      const length = keep ? keep.length : n;
      const { nullBitmap, nullCount } = packValidity(valid, keep, length);
      if (!keep) return arrow.makeData({ type: arrowType, length, nullCount, nullBitmap, valueOffsets: offsets, child: child.build(null) });
      const kept = new Int32Array(length + 1);
      const childKeep: number[] = [];
      for (let j = 0; j < length; j++) {
        const r = keep[j];
        for (let k = offsets[r]; k < offsets[r + 1]; k++) childKeep.push(k);
        kept[j + 1] = childKeep.length;
      }
      return arrow.makeData({ type: arrowType, length, nullCount, nullBitmap, valueOffsets: kept, child: child.build(Int32Array.from(childKeep)) });
    },
  };
}
