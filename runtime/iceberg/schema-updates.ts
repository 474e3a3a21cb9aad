/**
 * Schema, partition spec and sort order updates (REST `add-schema`, `add-spec`, `add-sort-order`),
 * with the id rules of Java's `TableMetadata.Builder`: the catalog picks the new id, an identical
 * schema / spec / order already in the table is reused, and every source column must exist in
 * the current schema.
 */
import { fieldIdsOf, highestFieldId } from "./new-table-metadata.ts";
import type { PartitionSpec, Schema, SortOrder, TableMetadata } from "./types.ts";
import { bad, canonical, type Draft, integer } from "./update-draft.ts";

function currentSchema(m: TableMetadata): Schema {
  const schema = m.schemas.find((s) => s["schema-id"] === m["current-schema-id"]);
  if (!schema) throw bad("the table has no current schema; add one first (add-schema, set-current-schema -1)");
  return schema;
}

function checkSourceIds(m: TableMetadata, ids: number[], what: string): void {
  const known = fieldIdsOf(currentSchema(m));
  for (const id of ids) {
    if (!known.has(id)) throw bad(`${what} source-id ${id} is not a column of the current schema ${m["current-schema-id"]}; use an existing column id`, { sourceId: id });
  }
}

function nextId(ids: number[], start: number): number {
  return ids.reduce((max, id) => Math.max(max, id + 1), start);
}

export function addSchema(d: Draft, schema: Schema, requestedLastColumnId: number | undefined): void {
  const m = d.m;
  if (schema === null || typeof schema !== "object" || !Array.isArray(schema.fields)) throw bad("add-schema needs a `schema` with a fields array");
  const ids = [...fieldIdsOf(schema).keys()];
  const seen = new Set<number>();
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 1) throw bad(`add-schema field id ${String(id)} is not a positive integer`);
    if (seen.has(id)) throw bad(`add-schema uses field id ${id} twice; give every field a unique id`);
    seen.add(id);
  }
  const highest = highestFieldId(schema);
  const newLast = requestedLastColumnId === undefined ? Math.max(m["last-column-id"], highest) : integer(requestedLastColumnId, "add-schema `last-column-id`");
  if (newLast < m["last-column-id"]) throw bad(`invalid last column id ${newLast} < ${m["last-column-id"]} (previous last column id)`);
  if (highest > newLast) throw bad(`add-schema field id ${highest} is above last-column-id ${newLast}; raise last-column-id or omit it`);

  const key = canonical([schema.fields, [...(schema["identifier-field-ids"] ?? [])].sort((a, b) => a - b)]);
  const same = m.schemas.find((s) => canonical([s.fields, [...(s["identifier-field-ids"] ?? [])].sort((a, b) => a - b)]) === key);
  if (same && newLast === m["last-column-id"]) {
    d.lastAddedSchemaId = same["schema-id"];
    return;
  }
  m["last-column-id"] = newLast;
  const id = same?.["schema-id"] ?? nextId(m.schemas.map((s) => s["schema-id"]), Math.max(0, m["current-schema-id"]));
  if (!same) m.schemas.push({ ...schema, type: "struct", "schema-id": id });
  d.lastAddedSchemaId = id;
  d.changed = true;
}

export function addSpec(d: Draft, spec: PartitionSpec): void {
  const m = d.m;
  if (spec === null || typeof spec !== "object" || !Array.isArray(spec.fields)) throw bad("add-spec needs a `spec` with a fields array");
  const key = canonical(spec.fields.map((f) => [f["source-id"], f.transform, f.name]));
  const same = m["partition-specs"].find((s) => canonical(s.fields.map((f) => [f["source-id"], f.transform, f.name])) === key);
  if (same) {
    d.lastAddedSpecId = same["spec-id"];
    return;
  }
  checkSourceIds(m, spec.fields.map((f) => f["source-id"]), "partition field");
  let last = m["last-partition-id"];
  const fields = spec.fields.map((f) => {
    if (typeof f.name !== "string" || f.name === "" || typeof f.transform !== "string") throw bad("add-spec fields need a name and a transform");
    const fieldId = f["field-id"] === undefined ? ++last : integer(f["field-id"], "partition `field-id`");
    last = Math.max(last, fieldId);
    return { ...f, "field-id": fieldId };
  });
  const id = nextId(m["partition-specs"].map((s) => s["spec-id"]), 0);
  m["partition-specs"].push({ "spec-id": id, fields });
  m["last-partition-id"] = last;
  d.lastAddedSpecId = id;
  d.changed = true;
}

export function addSortOrder(d: Draft, order: SortOrder): void {
  const m = d.m;
  if (order === null || typeof order !== "object" || !Array.isArray(order.fields)) throw bad("add-sort-order needs a `sort-order` with a fields array");
  const key = canonical(order.fields);
  const same = order.fields.length === 0
    ? m["sort-orders"].find((o) => o.fields.length === 0)
    : m["sort-orders"].find((o) => canonical(o.fields) === key);
  if (same) {
    d.lastAddedOrderId = same["order-id"];
    return;
  }
  for (const f of order.fields) {
    if (f.direction !== "asc" && f.direction !== "desc") throw bad(`sort direction \`${String(f.direction)}\` is invalid; use asc or desc`);
    if (f["null-order"] !== "nulls-first" && f["null-order"] !== "nulls-last") throw bad(`sort null-order \`${String(f["null-order"])}\` is invalid; use nulls-first or nulls-last`);
  }
  checkSourceIds(m, order.fields.map((f) => f["source-id"]), "sort field");
  // Spec "Sorting": order id 0 is reserved for the unsorted order.
  const id = order.fields.length === 0 ? 0 : nextId(m["sort-orders"].map((o) => o["order-id"]), 1);
  m["sort-orders"].push({ "order-id": id, fields: order.fields });
  d.lastAddedOrderId = id;
  d.changed = true;
}
