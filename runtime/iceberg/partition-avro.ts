/**
 * The partition tuple of a manifest entry (`data_file.partition`, record `r102`): one optional
 * field per partition field, with the partition field's id, a name made Avro-safe the way Java's
 * `AvroSchemaUtil.makeCompatibleName` does it, and the transform's result type as Java maps it to
 * Avro (spec Appendix A: date → int/date, timestamps → long/timestamp-micros, decimal → fixed,
 * uuid → fixed[16]).
 */
import type { AvroSchemaJson } from "../avro/schema.ts";
import { IngestError } from "../errors.ts";
import { bigIntToBytes, bytesToBigInt, uuidFromBytes, uuidToBytes } from "./bounds.ts";
import { decimalRequiredBytes, parsePrimitive } from "./primitive-type.ts";
import { parseTransform } from "./transforms.ts";
import type { NestedField, PartitionSpec, PrimitiveType, Schema } from "./types.ts";

export interface PartitionColumn {
  /** Partition field name, as in the spec (and as `DataFile.partition` is keyed). */
  name: string;
  /** The name in the Avro record. */
  avroName: string;
  fieldId: number;
  transform: string;
  sourceType: PrimitiveType;
  /** The transform's result type. */
  type: PrimitiveType;
}

/** Java `AvroSchemaUtil.makeCompatibleName`: invalid characters become `_x<HEX>`. */
export function avroCompatibleName(name: string): string {
  let out = "";
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    const ok = /[A-Za-z_]/.test(c) || (i > 0 && /[0-9]/.test(c));
    if (ok) out += c;
    else out += (/[0-9]/.test(c) ? "_" + c : "_x" + c.codePointAt(0)!.toString(16).toUpperCase());
  }
  return out;
}

function findField(fields: NestedField[], id: number): NestedField | undefined {
  for (const f of fields) {
    if (f.id === id) return f;
    if (typeof f.type === "object" && f.type.type === "struct") {
      const inner = findField(f.type.fields, id);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** The partition columns of a spec, with source and result types looked up in the schema. */
export function partitionColumns(spec: PartitionSpec, schema: Schema): PartitionColumn[] {
  return spec.fields.map((f) => {
    const source = findField(schema.fields, f["source-id"]);
    if (!source || typeof source.type !== "string") {
      throw new IngestError("catalog.bad_request", `partition field \`${f.name}\` has source id ${f["source-id"]}, which is not a primitive column of schema ${schema["schema-id"]}; fix the partition spec`, { field: f.name });
    }
    return { name: f.name, avroName: avroCompatibleName(f.name), fieldId: f["field-id"], transform: f.transform, sourceType: source.type, type: parseTransform(f.transform).resultType(source.type) };
  });
}

function avroTypeOf(type: PrimitiveType, defined: Set<string>): AvroSchemaJson {
  const p = parsePrimitive(type);
  const named = (name: string, json: Record<string, unknown>): AvroSchemaJson => {
    if (defined.has(name)) return name;
    defined.add(name);
    return { type: "fixed", name, ...json } as AvroSchemaJson;
  };
  switch (p.kind) {
    case "boolean":
    case "int":
    case "long":
    case "float":
    case "double":
    case "string":
      return p.kind;
    case "binary":
      return "bytes";
    case "date":
      return { type: "int", logicalType: "date" };
    case "time":
      return { type: "long", logicalType: "time-micros" };
    case "timestamp":
    case "timestamptz":
      return { type: "long", logicalType: "timestamp-micros", "adjust-to-utc": p.kind === "timestamptz" };
    case "timestamp_ns":
    case "timestamptz_ns":
      return { type: "long", logicalType: "timestamp-nanos", "adjust-to-utc": p.kind === "timestamptz_ns" };
    case "uuid":
      return named("uuid_fixed", { size: 16, logicalType: "uuid" });
    case "fixed":
      return named(`fixed_${p.length}`, { size: p.length });
    case "decimal":
      return named(`decimal_${p.precision}_${p.scale}`, { size: decimalRequiredBytes(p.precision), logicalType: "decimal", precision: p.precision, scale: p.scale });
    case "unknown":
      return "null";
  }
}

/** The `r102` record for these partition columns (empty record when unpartitioned). */
export function partitionAvroSchema(columns: PartitionColumn[]): AvroSchemaJson {
  const defined = new Set<string>();
  return {
    type: "record",
    name: "r102",
    fields: columns.map((c) => ({ name: c.avroName, type: ["null", avroTypeOf(c.type, defined)], default: null, "field-id": c.fieldId })),
  };
}

/** A partition value in the Avro shape of its type (decimals and UUIDs as fixed bytes). */
export function partitionValueToAvro(type: PrimitiveType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const p = parsePrimitive(type);
  if (p.kind === "decimal") return bigIntToBytes(BigInt(value as number | bigint), decimalRequiredBytes(p.precision));
  if (p.kind === "uuid") return value instanceof Uint8Array ? value : uuidToBytes(value as string);
  return value;
}

/** The inverse of `partitionValueToAvro`, guided by the writer's Avro logical type. */
export function partitionValueFromAvro(avroType: { attributes: Record<string, unknown> } | undefined, value: unknown): unknown {
  if (value instanceof Uint8Array && avroType) {
    if (avroType.attributes.logicalType === "decimal") return bytesToBigInt(value);
    if (avroType.attributes.logicalType === "uuid" && value.length === 16) return uuidFromBytes(value);
  }
  return value;
}
