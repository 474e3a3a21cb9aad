/**
 * Encodes and decodes values by walking a resolved Avro schema (no generated code).
 *
 * Value mapping: record → plain object keyed by field name; enum → symbol string; array → array;
 * map → plain object; union → the bare value of the branch (the first branch the value fits, as
 * avsc does for unambiguous unions); bytes/fixed → Uint8Array; long → number when safe, else
 * bigint (both accepted when encoding); int/float/double → number.
 */
import { IngestError } from "../errors.ts";
import type { AvroReader, AvroWriter } from "./binary.ts";
import type { AvroType } from "./schema.ts";

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Map);
}

/** Whether `value` can be written as `type` (used to pick a union branch). */
export function fitsAvroType(type: AvroType, value: unknown): boolean {
  switch (type.type) {
    case "null":
      return value === null || value === undefined;
    case "boolean":
      return typeof value === "boolean";
    case "int":
      return typeof value === "number" && Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff;
    case "long":
      return (typeof value === "number" && Number.isInteger(value)) || typeof value === "bigint";
    case "float":
    case "double":
      return typeof value === "number";
    case "string":
      return typeof value === "string";
    case "enum":
      return typeof value === "string" && type.symbols.includes(value);
    case "bytes":
      return value instanceof Uint8Array;
    case "fixed":
      return value instanceof Uint8Array && value.length === type.size;
    case "array":
      return Array.isArray(value);
    case "map":
      return isPlainObject(value) || value instanceof Map;
    case "record":
      return isPlainObject(value);
    case "union":
      return type.branches.some((b) => fitsAvroType(b, value));
  }
}

/**
 * Raised deep inside a value; records and arrays add their segment on the way out, so the
 * path is only built when something is wrong (building it for every value is slow).
 */
class ValueError {
  readonly segments: string[] = [];
  constructor(readonly describe: (path: string) => string) {}
}

function mismatch(type: AvroType, value: unknown): ValueError {
  const shown = typeof value === "bigint" ? `${value}n` : value instanceof Uint8Array ? `Uint8Array(${value.length})` : JSON.stringify(value) ?? String(value);
  const name = "name" in type ? `${type.type} ${type.name}` : type.type;
  return new ValueError((path) => `avro value at \`${path || "(root)"}\` is ${shown?.slice(0, 80)}, which is not a valid ${name}; fix the value given to the writer`);
}

function within(e: unknown, segment: string): unknown {
  if (e instanceof ValueError) e.segments.push(segment);
  return e;
}

/** Writes one value of `type`; a value that does not fit fails with an error naming its path (`data_file.partition.day`). */
export function encodeAvroValue(w: AvroWriter, type: AvroType, value: unknown): void {
  try {
    encode(w, type, value);
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    const path = e.segments.reverse().join("").replace(/^\./, "");
    throw new IngestError("internal", e.describe(path), { path });
  }
}

function encode(w: AvroWriter, type: AvroType, value: unknown): void {
  switch (type.type) {
    case "null":
      if (value !== null && value !== undefined) throw mismatch(type, value);
      return;
    case "boolean":
      if (typeof value !== "boolean") throw mismatch(type, value);
      return w.boolean(value);
    case "int":
      if (!fitsAvroType(type, value)) throw mismatch(type, value);
      return w.int(value as number);
    case "long":
      if (!fitsAvroType(type, value)) throw mismatch(type, value);
      if (typeof value === "bigint" && (value < -(1n << 63n) || value >= 1n << 63n)) throw mismatch(type, value);
      return w.long(value as number | bigint);
    case "float":
      if (typeof value !== "number") throw mismatch(type, value);
      return w.float(value);
    case "double":
      if (typeof value !== "number") throw mismatch(type, value);
      return w.double(value);
    case "string":
      if (typeof value !== "string") throw mismatch(type, value);
      return w.string(value);
    case "bytes":
      if (!(value instanceof Uint8Array)) throw mismatch(type, value);
      return w.bytes(value);
    case "fixed":
      if (!fitsAvroType(type, value)) throw mismatch(type, value);
      return w.raw(value as Uint8Array);
    case "enum": {
      const index = typeof value === "string" ? type.symbols.indexOf(value) : -1;
      if (index < 0) throw mismatch(type, value);
      return w.int(index);
    }
    case "array": {
      if (!Array.isArray(value)) throw mismatch(type, value);
      if (value.length > 0) {
        w.long(value.length);
        for (let i = 0; i < value.length; i++) encodeItem(w, type.items, value[i], i);
      }
      return w.long(0);
    }
    case "map": {
      const entries = value instanceof Map ? [...value.entries()] : isPlainObject(value) ? Object.entries(value) : null;
      if (entries === null) throw mismatch(type, value);
      if (entries.length > 0) {
        w.long(entries.length);
        for (const [k, v] of entries) {
          w.string(String(k));
          try {
            encode(w, type.values, v);
          } catch (e) {
            throw within(e, `.${String(k)}`);
          }
        }
      }
      return w.long(0);
    }
    case "record": {
      if (!isPlainObject(value)) throw mismatch(type, value);
      for (const field of type.fields) {
        let v = value[field.name];
        if (v === undefined) {
          if (!field.hasDefault) {
            const name = type.name;
            const error = new ValueError((path) => `avro record ${name} needs field \`${path}\`, which is missing and has no default; set it`);
            error.segments.push(`.${field.name}`);
            throw error;
          }
          v = field.default;
        }
        try {
          encode(w, field.type, v);
        } catch (e) {
          throw within(e, `.${field.name}`);
        }
      }
      return;
    }
    case "union": {
      const index = type.branches.findIndex((b) => fitsAvroType(b, value));
      if (index < 0) throw mismatch(type, value);
      w.long(index);
      return encode(w, type.branches[index]!, value);
    }
  }
}

function encodeItem(w: AvroWriter, type: AvroType, value: unknown, i: number): void {
  try {
    encode(w, type, value);
  } catch (e) {
    throw within(e, `[${i}]`);
  }
}

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export function decodeAvroValue(r: AvroReader, type: AvroType): unknown {
  switch (type.type) {
    case "null":
      return null;
    case "boolean":
      return r.boolean();
    case "int":
      return r.int();
    case "long":
      return r.long();
    case "float":
      return r.float();
    case "double":
      return r.double();
    case "string":
      return r.string();
    case "bytes":
      return r.bytesValue();
    case "fixed":
      return r.fixed(type.size);
    case "enum": {
      const index = r.int();
      const symbol = type.symbols[index];
      if (symbol === undefined) throw new IngestError("store.io", `avro enum ${type.name} has no symbol ${index}; the file is corrupt`);
      return symbol;
    }
    case "array": {
      const out: unknown[] = [];
      for (let n = blockCount(r); n !== 0; n = blockCount(r)) {
        for (let i = 0; i < n; i++) out.push(decodeAvroValue(r, type.items));
      }
      return out;
    }
    case "map": {
      const out: Record<string, unknown> = {};
      for (let n = blockCount(r); n !== 0; n = blockCount(r)) {
        for (let i = 0; i < n; i++) {
          const key = r.string();
          setKey(out, key, decodeAvroValue(r, type.values));
        }
      }
      return out;
    }
    case "record": {
      const out: Record<string, unknown> = {};
      for (const field of type.fields) setKey(out, field.name, decodeAvroValue(r, field.type));
      return out;
    }
    case "union": {
      const index = r.int();
      const branch = type.branches[index];
      if (branch === undefined) throw new IngestError("store.io", `avro union branch ${index} does not exist (${type.branches.length} branches); the file is corrupt`);
      return decodeAvroValue(r, branch);
    }
  }
}

/** An array/map block count; a negative count is followed by the block's byte size (Avro spec). */
function blockCount(r: AvroReader): number {
  const n = r.int();
  if (n >= 0) return n;
  r.long();
  return -n;
}
