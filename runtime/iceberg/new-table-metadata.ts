/**
 * newTableMetadata: the metadata of a table a catalog creates from a REST `CreateTableRequest`.
 *
 * It does what Java's `TableMetadata.newTableMetadata` does, because every REST client expects
 * it: column ids are re-assigned from 1 (`TypeUtil.assignFreshIds`: a struct's own fields first,
 * then, field by field, their nested types), partition fields are rebound to the fresh ids by
 * column name and numbered from 1000 (spec "Partitioning": partition field ids start at 1000),
 * a non-empty sort order gets id 1 (the unsorted order keeps 0), the table property
 * `format-version` picks the format version (default 2) and is not persisted, and new tables get
 * `write.parquet.compression-codec=zstd` unless the request sets one.
 */
import type { CreateTableRequest } from "../catalog.ts";
import { IngestError } from "../errors.ts";
import type { IcebergType, NestedField, PartitionSpec, Schema, SortOrder, StructType, TableMetadata } from "./types.ts";

/** Table properties that describe metadata rather than configure the table; never persisted. */
export const reservedTableProperties: ReadonlySet<string> = new Set([
  "format-version",
  "uuid",
  "snapshot-count",
  "current-snapshot-id",
  "current-snapshot-summary",
  "current-snapshot-timestamp-ms",
  "current-schema",
  "default-partition-spec",
  "default-sort-order",
]);

export interface NewTableOptions {
  /** The table location, without a trailing slash (one is stripped). */
  location: string;
  uuid: string;
  /** Milliseconds since the epoch: `last-updated-ms`. */
  now: number;
}

function badRequest(message: string, details: Record<string, unknown> = {}): IngestError {
  return new IngestError("catalog.bad_request", message, details);
}

/** Every field id of a type, nested ones included (list element, map key and value ids too). */
export function fieldIdsOf(type: IcebergType, into: Map<number, string> = new Map(), prefix = ""): Map<number, string> {
  if (typeof type === "string") return into;
  const at = (name: string) => (prefix === "" ? name : `${prefix}.${name}`);
  if (type.type === "struct") {
    for (const f of type.fields) {
      into.set(f.id, at(f.name));
      fieldIdsOf(f.type, into, at(f.name));
    }
  } else if (type.type === "list") {
    into.set(type["element-id"], at("element"));
    fieldIdsOf(type.element, into, at("element"));
  } else if (type.type === "map") {
    into.set(type["key-id"], at("key"));
    into.set(type["value-id"], at("value"));
    fieldIdsOf(type.key, into, at("key"));
    fieldIdsOf(type.value, into, at("value"));
  }
  return into;
}

/** The highest field id in a schema, or 0 for a schema without fields. */
export function highestFieldId(schema: StructType): number {
  let max = 0;
  for (const id of fieldIdsOf(schema).keys()) max = Math.max(max, id);
  return max;
}

function checkType(type: unknown, where: string): void {
  if (typeof type === "string") return;
  if (type === null || typeof type !== "object" || !("type" in type)) {
    throw badRequest(`schema field \`${where}\` has no valid type; give a primitive name or a struct/list/map object`);
  }
  const t = type as { type: unknown };
  if (t.type !== "struct" && t.type !== "list" && t.type !== "map") {
    throw badRequest(`schema field \`${where}\` has unknown nested type \`${String(t.type)}\`; use struct, list or map`);
  }
}

/** Re-assigns ids in Java's order: this struct's fields first, then each field's nested type. */
function freshType(type: IcebergType, next: () => number, where: string): IcebergType {
  checkType(type, where);
  if (typeof type === "string") return type;
  if (type.type === "struct") return freshStruct(type, next, where);
  if (type.type === "list") {
    const id = next();
    return { ...type, "element-id": id, element: freshType(type.element, next, `${where}.element`) };
  }
  const keyId = next();
  const valueId = next();
  return {
    ...type,
    "key-id": keyId,
    key: freshType(type.key, next, `${where}.key`),
    "value-id": valueId,
    value: freshType(type.value, next, `${where}.value`),
  };
}

function freshStruct(struct: StructType, next: () => number, where: string): StructType {
  if (!Array.isArray(struct.fields)) throw badRequest(`struct \`${where || "schema"}\` has no fields array; send \`fields: []\``);
  const ids = struct.fields.map(() => next());
  const fields: NestedField[] = struct.fields.map((f, i) => {
    if (typeof f.name !== "string" || f.name === "") throw badRequest(`a field of \`${where || "schema"}\` has no name; name every column`);
    const path = where === "" ? f.name : `${where}.${f.name}`;
    return { ...f, id: ids[i]!, required: f.required === true, type: freshType(f.type, next, path) };
  });
  return { type: "struct", fields };
}

/** The schema with fresh ids from 1, and the last column id assigned. */
export function assignFreshIds(schema: Schema, schemaId = 0): { schema: Schema; lastColumnId: number } {
  let last = 0;
  const struct = freshStruct(schema, () => ++last, "");
  const oldNames = fieldIdsOf(schema);
  const newIds = new Map([...fieldIdsOf(struct)].map(([id, name]) => [name, id]));
  const fresh: Schema = { type: "struct", "schema-id": schemaId, fields: struct.fields };
  const identifiers = schema["identifier-field-ids"] ?? [];
  if (identifiers.length > 0) {
    fresh["identifier-field-ids"] = identifiers.map((id) => {
      const newId = newIds.get(oldNames.get(id) ?? "");
      if (newId === undefined) throw badRequest(`identifier field id ${id} is not a column of the schema; list ids of existing columns`, { id });
      return newId;
    });
  }
  return { schema: fresh, lastColumnId: last };
}

function rebind(sourceId: number, old: Map<number, string>, fresh: Map<string, number>, what: string): number {
  const name = old.get(sourceId);
  const id = name === undefined ? undefined : fresh.get(name);
  if (id === undefined) throw badRequest(`${what} source-id ${sourceId} is not a column of the schema; use the id of a schema column`, { sourceId });
  return id;
}

/** Builds v1–v3 metadata for a new table (no snapshot, spec 0, fresh ids). */
export function newTableMetadata(request: CreateTableRequest, options: NewTableOptions): TableMetadata {
  if (!request.schema || typeof request.schema !== "object") throw badRequest(`create table \`${request.name}\` has no schema; send a schema`);
  const properties = { ...(request.properties ?? {}) };
  const rawVersion = properties["format-version"] ?? "2";
  const formatVersion = Number(rawVersion);
  if (formatVersion !== 1 && formatVersion !== 2 && formatVersion !== 3) {
    throw badRequest(`table property format-version=${rawVersion} is not supported; use 1, 2 or 3`, { formatVersion: rawVersion });
  }
  for (const key of reservedTableProperties) delete properties[key];
  properties["write.parquet.compression-codec"] ??= "zstd";

  const { schema, lastColumnId } = assignFreshIds(request.schema);
  const oldNames = fieldIdsOf(request.schema);
  const freshIds = new Map([...fieldIdsOf(schema)].map(([id, name]) => [name, id]));

  let partitionId = 999;
  const spec: PartitionSpec = {
    "spec-id": 0,
    fields: (request["partition-spec"]?.fields ?? []).map((f) => ({
      name: f.name,
      transform: f.transform,
      "source-id": rebind(f["source-id"], oldNames, freshIds, `partition field \`${f.name}\``),
      "field-id": ++partitionId,
    })),
  };

  const orderFields = request["write-order"]?.fields ?? [];
  const sortOrder: SortOrder = {
    "order-id": orderFields.length === 0 ? 0 : 1,
    fields: orderFields.map((f) => {
      if (f.direction !== "asc" && f.direction !== "desc") throw badRequest(`sort direction \`${String(f.direction)}\` is invalid; use asc or desc`);
      if (f["null-order"] !== "nulls-first" && f["null-order"] !== "nulls-last") {
        throw badRequest(`sort null-order \`${String(f["null-order"])}\` is invalid; use nulls-first or nulls-last`);
      }
      return { ...f, "source-id": rebind(f["source-id"], oldNames, freshIds, "sort field") };
    }),
  };

  const metadata: TableMetadata = {
    "format-version": formatVersion,
    "table-uuid": options.uuid,
    location: options.location.replace(/\/+$/, ""),
    "last-sequence-number": 0,
    "last-updated-ms": options.now,
    "last-column-id": lastColumnId,
    "current-schema-id": 0,
    schemas: [schema],
    "default-spec-id": 0,
    "partition-specs": [spec],
    "last-partition-id": partitionId,
    "default-sort-order-id": sortOrder["order-id"],
    "sort-orders": [sortOrder],
    properties,
    "current-snapshot-id": null,
    snapshots: [],
    "snapshot-log": [],
    "metadata-log": [],
    refs: {},
    statistics: [],
    "partition-statistics": [],
  };
  // Spec "Row Lineage" (v3): the table counts row ids from 0.
  if (formatVersion === 3) metadata["next-row-id"] = 0;
  return metadata;
}
