/**
 * Iceberg primitive type strings (spec "Primitive Types"): `long`, `decimal(10, 2)`, `fixed[16]`,
 * `timestamptz`, … parsed once into a tagged value.
 */
import { IngestError } from "../errors.ts";
import type { IcebergType } from "./types.ts";

export type Primitive =
  | { kind: "boolean" | "int" | "long" | "float" | "double" | "date" | "time" | "timestamp" | "timestamptz" | "timestamp_ns" | "timestamptz_ns" | "string" | "uuid" | "binary" | "unknown" }
  | { kind: "fixed"; length: number }
  | { kind: "decimal"; precision: number; scale: number };

const simple = new Set(["boolean", "int", "long", "float", "double", "date", "time", "timestamp", "timestamptz", "timestamp_ns", "timestamptz_ns", "string", "uuid", "binary", "unknown"]);

export function parsePrimitive(type: IcebergType): Primitive {
  if (typeof type !== "string") {
    throw new IngestError("internal", `iceberg type ${type.type} is not a primitive; only primitive types have single values`);
  }
  const t = type.trim().toLowerCase();
  if (simple.has(t)) return { kind: t } as Primitive;
  const fixed = /^fixed\[\s*(\d+)\s*\]$/.exec(t);
  if (fixed) return { kind: "fixed", length: Number(fixed[1]) };
  const decimal = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(t);
  if (decimal) return { kind: "decimal", precision: Number(decimal[1]), scale: Number(decimal[2]) };
  throw new IngestError("catalog.unsupported", `iceberg type \`${type}\` is not a known primitive type; see the spec's "Primitive Types"`, { type });
}

/** Bytes of the smallest two's-complement integer that holds every unscaled value of `precision` digits. */
export function decimalRequiredBytes(precision: number): number {
  const max = 10n ** BigInt(precision) - 1n;
  let bytes = 1;
  while (max >= 1n << BigInt(8 * bytes - 1)) bytes++;
  return bytes;
}
