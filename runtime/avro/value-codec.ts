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

function mismatch(type: AvroType, value: unknown, path: string): IngestError {
  const shown = typeof value === "bigint" ? `${value}n` : value instanceof Uint8Array ? `Uint8Array(${value.length})` : JSON.stringify(value) ?? String(value);
  const name = "name" in type ? `${type.type} ${type.name}` : type.type;
  return new IngestError("internal", `avro value at \`${path || "(root)"}\` is ${shown?.slice(0, 80)}, which is not a valid ${name}; fix the value given to the writer`, { path });
}

export function encodeAvroValue(w: AvroWriter, type: AvroType, value: unknown, path = ""): void {
  switch (type.type) {
    case "null":
      if (value !== null && value !== undefined) throw mismatch(type, value, path);
      return;
    case "boolean":
      if (typeof value !== "boolean") throw mismatch(type, value, path);
      return w.boolean(value);
    case "int":
      if (!fitsAvroType(type, value)) throw mismatch(type, value, path);
      return w.int(value as number);
    case "long":
      if (!fitsAvroType(type, value)) throw mismatch(type, value, path);
      if (typeof value === "bigint" && (value < -(1n << 63n) || value >= 1n << 63n)) throw mismatch(type, value, path);
      return w.long(value as number | bigint);
    case "float":
      if (typeof value !== "number") throw mismatch(type, value, path);
      return w.float(value);
    case "double":
      if (typeof value !== "number") throw mismatch(type, value, path);
      return w.double(value);
    case "string":
      if (typeof value !== "string") throw mismatch(type, value, path);
      return w.string(value);
    case "bytes":
      if (!(value instanceof Uint8Array)) throw mismatch(type, value, path);
      return w.bytes(value);
    case "fixed":
      if (!fitsAvroType(type, value)) throw mismatch(type, value, path);
      return w.raw(value as Uint8Array);
    case "enum": {
      const index = typeof value === "string" ? type.symbols.indexOf(value) : -1;
      if (index < 0) throw mismatch(type, value, path);
      return w.int(index);
    }
    case "array": {
      if (!Array.isArray(value)) throw mismatch(type, value, path);
      if (value.length > 0) {
        w.long(value.length);
        for (let i = 0; i < value.length; i++) encodeAvroValue(w, type.items, value[i], `${path}[${i}]`);
      }
      return w.long(0);
    }
    case "map": {
      const entries = value instanceof Map ? [...value.entries()] : isPlainObject(value) ? Object.entries(value) : null;
      if (entries === null) throw mismatch(type, value, path);
      if (entries.length > 0) {
        w.long(entries.length);
        for (const [k, v] of entries) {
          w.string(String(k));
          encodeAvroValue(w, type.values, v, `${path}.${String(k)}`);
        }
      }
      return w.long(0);
    }
    case "record": {
      if (!isPlainObject(value)) throw mismatch(type, value, path);
      for (const field of type.fields) {
        let v = value[field.name];
        if (v === undefined) {
          if (!field.hasDefault) throw new IngestError("internal", `avro record ${type.name} needs field \`${path ? path + "." : ""}${field.name}\`, which is missing and has no default; set it`, { path });
          v = field.default;
        }
        encodeAvroValue(w, field.type, v, path ? `${path}.${field.name}` : field.name);
      }
      return;
    }
    case "union": {
      const index = type.branches.findIndex((b) => fitsAvroType(b, value));
      if (index < 0) throw mismatch(type, value, path);
      w.long(index);
      return encodeAvroValue(w, type.branches[index]!, value, path);
    }
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
