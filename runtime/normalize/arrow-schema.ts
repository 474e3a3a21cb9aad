/**
 * Contract types → Arrow types, chosen so that parquet-wasm writes the Parquet types Iceberg
 * expects for each Iceberg type (Iceberg spec, "Parquet" type mapping):
 *
 * | contract      | Arrow                          | Parquet                          | Iceberg       |
 * |---------------|--------------------------------|----------------------------------|---------------|
 * | string, json  | Utf8                           | BYTE_ARRAY (STRING)              | string        |
 * | int / long    | Int32 / Int64                  | INT32 / INT64                    | int / long    |
 * | float/double  | Float32 / Float64              | FLOAT / DOUBLE                   | float/double  |
 * | boolean       | Bool                           | BOOLEAN                          | boolean       |
 * | date          | DateDay                        | INT32 (DATE)                     | date          |
 * | time          | TimeMicrosecond                | INT64 (TIME micros)              | time          |
 * | timestamp     | TimestampMicrosecond, no zone  | INT64 (TIMESTAMP micros, local)  | timestamp     |
 * | timestamptz   | TimestampMicrosecond "UTC"     | INT64 (TIMESTAMP micros, UTC)    | timestamptz   |
 * | decimal(p,s)  | Decimal128(p, s)               | FIXED_LEN_BYTE_ARRAY (DECIMAL)   | decimal(p,s)  |
 * | binary        | Binary                         | BYTE_ARRAY                       | binary        |
 * | uuid          | FixedSizeBinary(16)            | FIXED_LEN_BYTE_ARRAY(16)         | uuid          |
 * | list<T>       | List<element: T>               | 3-level LIST, child `element`    | list<T>       |
 *
 * uuid is FixedSizeBinary(16), not text: Iceberg stores uuid as 16 bytes, and a text column
 * would not match the table's declared type for other readers.
 *
 * Every field carries `PARQUET:field_id`, which parquet-wasm writes as the Parquet field id;
 * list elements take the id registered under `<column>.element`, when there is one.
 */
import * as arrow from "apache-arrow";
import type { ColumnType, Contract, ContractColumn } from "../contract.ts";
import { IngestError } from "../errors.ts";

export const FIELD_ID_KEY = "PARQUET:field_id";

export function arrowTypeFor(type: ColumnType, elementField?: arrow.Field): arrow.DataType {
  switch (type.kind) {
    case "string":
    case "json":
      return new arrow.Utf8();
    case "int":
      return new arrow.Int32();
    case "long":
      return new arrow.Int64();
    case "float":
      return new arrow.Float32();
    case "double":
      return new arrow.Float64();
    case "boolean":
      return new arrow.Bool();
    case "date":
      return new arrow.DateDay();
    case "time":
      return new arrow.TimeMicrosecond();
    case "timestamp":
      return new arrow.TimestampMicrosecond();
    case "timestamptz":
      return new arrow.TimestampMicrosecond("UTC");
    case "decimal":
      return new arrow.Decimal(type.scale, type.precision, 128);
    case "binary":
      return new arrow.Binary();
    case "uuid":
      return new arrow.FixedSizeBinary(16);
    case "list":
      return new arrow.List(elementField ?? new arrow.Field("element", arrowTypeFor(type.element), true));
  }
}

function fieldIdMetadata(id: number | undefined): Map<string, string> | undefined {
  return id === undefined ? undefined : new Map([[FIELD_ID_KEY, String(id)]]);
}

/** The Arrow field of a column at `path` (a column name, or `<column>.element` inside lists). */
function fieldAt(name: string, path: string, type: ColumnType, nullable: boolean, fieldIds: Map<string, number>, id: number | undefined): arrow.Field {
  const element = type.kind === "list" ? fieldAt("element", `${path}.element`, type.element, true, fieldIds, fieldIds.get(`${path}.element`)) : undefined;
  return new arrow.Field(name, arrowTypeFor(type, element), nullable, fieldIdMetadata(id));
}

export function arrowFieldFor(column: ContractColumn, fieldIds: Map<string, number>): arrow.Field {
  const id = fieldIds.get(column.name) ?? column.fieldId;
  if (id === undefined) {
    throw new IngestError(
      "internal",
      `column \`${column.name}\` has no Iceberg field id; assign field ids from the table schema before normalizing`,
      { column: column.name },
    );
  }
  return fieldAt(column.name, column.name, column.type, !column.required, fieldIds, id);
}

/** The Arrow schema of normalized batches: contract columns in contract order. */
export function arrowSchemaFor(contract: Contract, fieldIds: Map<string, number>): arrow.Schema {
  return new arrow.Schema(contract.columns.map((c) => arrowFieldFor(c, fieldIds)));
}
