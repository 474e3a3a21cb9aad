/**
 * Ordering of primitive values, as Iceberg orders them for bounds (spec "Manifests": bounds
 * compare as the type's natural order): strings by code point (= UTF-8 byte order, unlike JS `<`
 * on UTF-16 units), binary/fixed/uuid as unsigned bytes, -0.0 before +0.0.
 */
import { uuidToBytes } from "./bounds.ts";
import { parsePrimitive } from "./primitive-type.ts";
import type { PrimitiveType } from "./types.ts";

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return (a.length - i) - (b.length - j);
}

/** Negative, zero or positive like `Array.prototype.sort` comparators; both values non-null. */
export function compareValues(type: PrimitiveType, a: unknown, b: unknown): number {
  const kind = parsePrimitive(type).kind;
  switch (kind) {
    case "string":
      return compareCodePoints(a as string, b as string);
    case "binary":
    case "fixed":
      return compareBytes(a as Uint8Array, b as Uint8Array);
    case "uuid":
      return compareBytes(a instanceof Uint8Array ? a : uuidToBytes(a as string), b instanceof Uint8Array ? b : uuidToBytes(b as string));
    case "boolean":
      return Number(a) - Number(b);
    case "float":
    case "double": {
      const x = a as number;
      const y = b as number;
      if (x === 0 && y === 0) return (Object.is(x, -0) ? 0 : 1) - (Object.is(y, -0) ? 0 : 1);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    default: {
      const x = a as number | bigint;
      const y = b as number | bigint;
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}
