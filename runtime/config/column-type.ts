/**
 * Type names → contract column types. One table for Dativo asset `type`s, ODCS `logicalType`s
 * and the common `physicalType`s of databases, so `bigint`, `decimal`, `date`, `array` and
 * `object` get real types (fixes config-format.md §12 #24, where they became strings or a
 * timestamp). `integer` is 64-bit (the original wrote int64), `int` is 32-bit.
 */
import type { ColumnType } from "../contract.ts";

const simple: Record<string, ColumnType> = {};
function add(kind: ColumnType, ...names: string[]): void {
  for (const n of names) simple[n] = kind;
}
add({ kind: "string" }, "string", "text", "varchar", "char", "character", "character varying", "nvarchar", "nchar", "bpchar", "citext", "xml", "enum", "str");
add({ kind: "long" }, "integer", "long", "bigint", "int8", "int64", "bigserial", "serial8", "i64");
add({ kind: "int" }, "int", "int4", "int32", "serial", "serial4", "smallint", "int2", "int16", "tinyint", "smallserial", "mediumint", "i32");
add({ kind: "double" }, "float", "double", "number", "real", "float4", "float8", "float64", "float32", "double precision");
add({ kind: "boolean" }, "boolean", "bool");
add({ kind: "date" }, "date");
add({ kind: "timestamp" }, "timestamp", "datetime", "timestamp_ntz", "timestamp without time zone", "datetime2", "smalldatetime");
add({ kind: "timestamptz" }, "timestamptz", "timestamp_tz", "timestamp_ltz", "timestamp with time zone", "datetimeoffset");
add({ kind: "time" }, "time", "timetz", "time without time zone", "time with time zone");
add({ kind: "binary" }, "binary", "bytes", "bytea", "blob", "varbinary", "longblob");
add({ kind: "uuid" }, "uuid", "uniqueidentifier");
add({ kind: "json" }, "object", "json", "jsonb", "struct", "map", "record", "variant", "dict");

export const DEFAULT_DECIMAL = { precision: 38, scale: 9 } as const;

export interface TypeOptions {
  precision?: unknown;
  scale?: unknown;
  /** `items` of an array: a nested field with its own type. */
  items?: unknown;
}

/**
 * Maps one type name (`decimal(10,2)`, `varchar[15]`, `Timestamp`) to a column type, or
 * `undefined` when the name is not known.
 */
export function columnTypeFromName(name: string, options: TypeOptions = {}): ColumnType | undefined {
  const lower = name.trim().toLowerCase();
  const m = /^([a-z_ 0-9]*?)\s*(?:\(([^)]*)\)|\[([^\]]*)\])?$/.exec(lower);
  const base = (m?.[1] ?? lower).trim();
  const params = (m?.[2] ?? "").split(",").map((s) => s.trim()).filter(Boolean).map(Number);
  if (base === "decimal" || base === "numeric" || base === "dec" || base === "bignumeric") {
    const precision = toInt(options.precision) ?? (Number.isFinite(params[0]) ? params[0] : undefined) ?? DEFAULT_DECIMAL.precision;
    const scale = toInt(options.scale) ?? (Number.isFinite(params[1]) ? params[1] : undefined) ?? (params.length === 1 ? 0 : DEFAULT_DECIMAL.scale);
    return { kind: "decimal", precision, scale };
  }
  if (base === "array" || base === "list") {
    return { kind: "list", element: elementType(options.items) };
  }
  const t = simple[base];
  return t ? { ...t } : undefined;
}

function elementType(items: unknown): ColumnType {
  if (items && typeof items === "object") {
    const it = items as Record<string, unknown>;
    for (const key of ["physicalType", "logicalType", "type"]) {
      const v = it[key];
      if (typeof v === "string") {
        const t = columnTypeFromName(v, { items: it.items, ...optionsOf(it) });
        if (t) return t;
      }
    }
  }
  if (typeof items === "string") return columnTypeFromName(items) ?? { kind: "string" };
  return { kind: "string" };
}

function optionsOf(field: Record<string, unknown>): TypeOptions {
  const lto = (field.logicalTypeOptions ?? {}) as Record<string, unknown>;
  return { precision: lto.precision ?? field.precision, scale: lto.scale ?? field.scale };
}

function toInt(v: unknown): number | undefined {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isInteger(n) ? n : undefined;
}

/**
 * The type of an ODCS property: an explicit integer `format` (i32/i64) first, then a known
 * `physicalType` (more precise: `int4`, `numeric(10,2)`, `timestamp` under `logicalType: date`),
 * then the `logicalType`, else string. `logicalTypeOptions.timezone: true` makes a timestamp
 * zoned.
 */
export function odcsColumnType(prop: Record<string, unknown>): ColumnType {
  const lto = (prop.logicalTypeOptions ?? {}) as Record<string, unknown>;
  const opts: TypeOptions = { ...optionsOf(prop), items: prop.items };
  const logical = typeof prop.logicalType === "string" ? prop.logicalType : undefined;
  const physical = typeof prop.physicalType === "string" ? prop.physicalType : undefined;
  let t: ColumnType | undefined;
  if (logical === "integer" && (lto.format === "i32" || lto.format === "i64")) t = columnTypeFromName(lto.format);
  t ??= physical !== undefined ? columnTypeFromName(physical, opts) : undefined;
  t ??= logical !== undefined ? columnTypeFromName(logical, opts) : undefined;
  t ??= typeof prop.type === "string" ? columnTypeFromName(prop.type, opts) : undefined;
  t ??= { kind: "string" };
  if (t.kind === "timestamp" && lto.timezone === true) t = { kind: "timestamptz" };
  return t;
}
