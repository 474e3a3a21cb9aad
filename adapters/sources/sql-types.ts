/**
 * Database column types → contract types (runtime/contract.ts `ColumnType`), for PostgreSQL and
 * MySQL/MariaDB. The table in docs/database-types.md is this file in prose; keep them together.
 */
import type { ColumnType } from "../../runtime/contract.ts";

/** The largest decimal precision Iceberg and Parquet hold; wider numerics travel as text. */
const MAX_DECIMAL_PRECISION = 38;

/** A type as contract text: `int`, `long`, `decimal(10,2)`, `list<string>`, … */
export function formatColumnType(t: ColumnType): string {
  if (t.kind === "decimal") return `decimal(${t.precision},${t.scale})`;
  if (t.kind === "list") return `list<${formatColumnType(t.element)}>`;
  return t.kind;
}

const S = (kind: Exclude<ColumnType["kind"], "decimal" | "list">): ColumnType => ({ kind }) as ColumnType;

function decimalOrString(precision: number, scale: number): ColumnType {
  return precision >= 1 && precision <= MAX_DECIMAL_PRECISION && scale >= 0 && scale <= precision
    ? { kind: "decimal", precision, scale }
    : S("string");
}

/** What PostgreSQL's catalog says about a column (pg_type + format_type). */
export interface PgTypeInfo {
  /** `pg_type.typname` of the column (arrays: `_int4`). */
  typname: string;
  /** `format_type(atttypid, atttypmod)`: `numeric(38,10)`, `integer[]`, `mood`. */
  formatted: string;
  /** `pg_type.typtype`: `b` base, `e` enum, `d` domain, `c` composite, … */
  typtype: string;
  /** For arrays: the element's typname and typtype. */
  elemTypname?: string;
  elemTyptype?: string;
  /** For domains: the base type's typname. */
  baseTypname?: string;
}

const pgScalar: Record<string, ColumnType> = {
  int2: S("int"),
  int4: S("int"),
  int8: S("long"),
  oid: S("long"),
  float4: S("float"),
  float8: S("double"),
  bool: S("boolean"),
  text: S("string"),
  varchar: S("string"),
  bpchar: S("string"),
  name: S("string"),
  char: S("string"),
  citext: S("string"),
  bytea: S("binary"),
  date: S("date"),
  time: S("time"),
  timestamp: S("timestamp"),
  timestamptz: S("timestamptz"),
  uuid: S("uuid"),
  json: S("json"),
  jsonb: S("json"),
};

function pgScalarType(typname: string, typtype: string | undefined, formatted: string): ColumnType {
  if (typtype === "e") return S("string");
  if (typname === "numeric") {
    const m = /numeric\((\d+),(-?\d+)\)/.exec(formatted);
    return m ? decimalOrString(Number(m[1]), Number(m[2])) : S("string");
  }
  return pgScalar[typname] ?? S("string");
}

/** The contract type of a PostgreSQL column; types without a closer match are their text form. */
export function pgColumnType(info: PgTypeInfo): ColumnType {
  if (info.elemTypname) {
    const elemFormatted = info.formatted.replace(/\[\]$/, "");
    return { kind: "list", element: pgScalarType(info.elemTypname, info.elemTyptype, elemFormatted) };
  }
  if (info.typtype === "d" && info.baseTypname) return pgScalarType(info.baseTypname, undefined, info.formatted);
  return pgScalarType(info.typname, info.typtype, info.formatted);
}

/** The contract type of a MySQL/MariaDB column from its `COLUMN_TYPE` (`int(10) unsigned`, `enum('a')`). */
export function mysqlColumnType(columnType: string, isJson = false): ColumnType {
  const t = columnType.toLowerCase().trim();
  if (isJson || t === "json") return S("json");
  const base = /^[a-z]+/.exec(t)?.[0] ?? t;
  const unsigned = /\bunsigned\b/.test(t);
  switch (base) {
    case "tinyint":
      return /^tinyint\(1\)/.test(t) ? S("boolean") : S("int");
    case "bool":
    case "boolean":
      return S("boolean");
    case "smallint":
    case "mediumint":
    case "year":
      return S("int");
    case "int":
    case "integer":
      return unsigned ? S("long") : S("int");
    case "bigint":
      return unsigned ? { kind: "decimal", precision: 20, scale: 0 } : S("long");
    case "decimal":
    case "numeric":
    case "fixed": {
      const m = /\((\d+)(?:,(\d+))?\)/.exec(t);
      return decimalOrString(m ? Number(m[1]) : 10, m?.[2] ? Number(m[2]) : 0);
    }
    case "float":
      // FLOAT(p,s) with p > 24 is stored as a double (MySQL reference, "Floating-Point Types").
      return /^float\((\d+)/.test(t) && Number(/^float\((\d+)/.exec(t)![1]) > 24 ? S("double") : S("float");
    case "double":
    case "real":
      return S("double");
    case "binary":
    case "varbinary":
    case "tinyblob":
    case "blob":
    case "mediumblob":
    case "longblob":
    case "bit":
    case "geometry":
      return S("binary");
    case "date":
      return S("date");
    case "time":
      return S("time");
    case "datetime":
      return S("timestamp");
    case "timestamp":
      // TIMESTAMP is stored in UTC and read with the session time zone set to UTC.
      return S("timestamptz");
    default:
      return S("string");
  }
}

/** Whether range splitting and keyset comparison may treat the type as numeric. */
export function isNumericType(t: ColumnType): boolean {
  return t.kind === "int" || t.kind === "long" || t.kind === "decimal" || t.kind === "float" || t.kind === "double";
}

export function isTemporalType(t: ColumnType): boolean {
  return t.kind === "date" || t.kind === "timestamp" || t.kind === "timestamptz";
}
