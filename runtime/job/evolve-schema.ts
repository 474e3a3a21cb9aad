/**
 * Safe schema evolution before a run writes data: contract columns the table lacks are added as
 * optional fields with fresh ids (spec "Schema Evolution": adding an optional column is always
 * compatible). It is its own commit, before any data file is written with the new ids, so a
 * retried data commit never races a schema change. Removing or retyping columns is refused.
 */
import type { Catalog, LoadedTable, TableIdentifier } from "../catalog.ts";
import type { Contract } from "../contract.ts";
import type { NestedField, Schema } from "../iceberg/types.ts";
import { IngestError } from "../errors.ts";
import { icebergSchemaFromContract } from "../iceberg/schema-from-contract.ts";

export async function evolveSchema(catalog: Catalog, table: TableIdentifier, loaded: LoadedTable, contract: Contract): Promise<LoadedTable> {
  const meta = loaded.metadata;
  const current = meta.schemas.find((s) => s["schema-id"] === meta["current-schema-id"]);
  if (!current) throw new IngestError("internal", `table ${table.name} has no current schema ${meta["current-schema-id"]}`);
  const wanted = icebergSchemaFromContract(contract);
  const missing = wanted.fields.filter((f) => !current.fields.some((c) => c.name === f.name));
  for (const f of wanted.fields) {
    const existing = current.fields.find((c) => c.name === f.name);
    if (existing && JSON.stringify(existing.type) !== JSON.stringify(f.type)) {
      throw new IngestError(
        "config.invalid",
        `column \`${f.name}\` is ${JSON.stringify(existing.type)} in table ${table.name} but ${JSON.stringify(f.type)} in the contract; change the asset type back or write to a new table`,
        { column: f.name },
      );
    }
  }
  if (missing.length === 0) return loaded;
  let nextId = meta["last-column-id"];
  const renumber = (field: NestedField): NestedField => ({ ...field, id: ++nextId, required: false, type: renumberType(field.type) });
  const renumberType = (type: NestedField["type"]): NestedField["type"] => {
    if (typeof type === "string") return type;
    if (type.type === "list") return { ...type, "element-id": ++nextId, element: renumberType(type.element) };
    if (type.type === "struct") return { ...type, fields: type.fields.map(renumber) };
    return { ...type, "key-id": ++nextId, key: renumberType(type.key), "value-id": ++nextId, value: renumberType(type.value) };
  };
  const added = missing.map(renumber);
  const schemaId = Math.max(...meta.schemas.map((s) => s["schema-id"])) + 1;
  const schema: Schema = { type: "struct", "schema-id": schemaId, fields: [...current.fields, ...added] };
  return catalog.commitTable({
    identifier: table,
    requirements: [
      { type: "assert-current-schema-id", "current-schema-id": current["schema-id"] },
      { type: "assert-last-assigned-field-id", "last-assigned-field-id": meta["last-column-id"] },
    ],
    updates: [
      { action: "add-schema", schema, "last-column-id": nextId },
      { action: "set-current-schema", "schema-id": -1 },
    ],
  });
}
