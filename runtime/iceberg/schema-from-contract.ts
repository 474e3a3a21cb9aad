/**
 * The Iceberg schema of a contract (spec "Schemas and Data Types"): one field per column, in
 * column order. Field ids are stable: a contract's own `fieldId` wins, then the id of the
 * same-named field in `existing` (so evolving a table never renumbers its columns), then new
 * ids after the highest one in use — 1..n for a new table, list element ids after those.
 */
import type { ColumnType, Contract, ContractColumn } from "../contract.ts";
import { IngestError } from "../errors.ts";
import type { IcebergType, ListType, NestedField, Schema } from "./types.ts";

function maxId(type: IcebergType | NestedField[]): number {
  if (Array.isArray(type)) return type.reduce((m, f) => Math.max(m, f.id, maxId(f.type)), 0);
  if (typeof type === "string") return 0;
  if (type.type === "struct") return maxId(type.fields);
  if (type.type === "list") return Math.max(type["element-id"], maxId(type.element));
  return Math.max(type["key-id"], type["value-id"], maxId(type.key), maxId(type.value));
}

function primitiveOf(t: ColumnType, column: string): string | null {
  switch (t.kind) {
    case "json":
      return "string";
    case "decimal":
      if (!(t.precision >= 1 && t.precision <= 38 && t.scale >= 0 && t.scale <= t.precision)) {
        throw new IngestError("contract.violation", `column \`${column}\` has type decimal(${t.precision}, ${t.scale}); Iceberg decimals need 1 ≤ precision ≤ 38 and 0 ≤ scale ≤ precision`, { column });
      }
      return `decimal(${t.precision}, ${t.scale})`;
    case "list":
      return null;
    default:
      return t.kind;
  }
}

/**
 * `lastColumnId`: the table's `last-column-id`, when known; new ids start above it, so the id of
 * a dropped column is never reused (spec "Schema Evolution").
 */
export function icebergSchemaFromContract(contract: Contract, existing?: Schema, lastColumnId = 0): Schema {
  const byName = new Map((existing?.fields ?? []).map((f) => [f.name, f]));
  const taken = new Set<number>();
  for (const c of contract.columns) if (c.fieldId !== undefined) taken.add(c.fieldId);
  // Ids already fixed by name or by the contract: collect them first so new ids never collide.
  const topIds = contract.columns.map((c) => c.fieldId ?? byName.get(c.name)?.id);
  for (const id of topIds) if (id !== undefined) taken.add(id);
  let next = Math.max(existing ? maxId(existing.fields) : 0, lastColumnId, ...taken);
  const fresh = (): number => {
    do next++;
    while (taken.has(next));
    taken.add(next);
    return next;
  };
  const ids = topIds.map((id) => id ?? fresh());

  const typeOf = (t: ColumnType, column: string, previous: IcebergType | undefined): IcebergType => {
    const primitive = primitiveOf(t, column);
    if (primitive !== null) return primitive;
    if (t.kind !== "list") throw new IngestError("internal", `column \`${column}\` has unknown type kind`);
    const prev = typeof previous === "object" && previous.type === "list" ? (previous as ListType) : undefined;
    const elementId = prev?.["element-id"] ?? fresh();
    return { type: "list", "element-id": elementId, element: typeOf(t.element, `${column}.element`, prev?.element), "element-required": false };
  };

  const fields: NestedField[] = contract.columns.map((c: ContractColumn, i) => {
    const field: NestedField = { id: ids[i]!, name: c.name, required: c.required, type: typeOf(c.type, c.name, byName.get(c.name)?.type) };
    if (c.description) field.doc = c.description;
    return field;
  });
  const seen = new Set<number>();
  for (const f of fields) {
    if (seen.has(f.id)) throw new IngestError("contract.violation", `contract ${contract.name} gives field id ${f.id} to more than one column (one is \`${f.name}\`); make the ids unique`, { fieldId: f.id });
    seen.add(f.id);
  }
  return { type: "struct", "schema-id": existing?.["schema-id"] ?? 0, fields };
}
