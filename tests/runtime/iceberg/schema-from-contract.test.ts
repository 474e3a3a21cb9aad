import { describe, expect, it } from "bun:test";
import type { Contract, ContractColumn } from "../../../runtime/contract.ts";
import { icebergSchemaFromContract } from "../../../runtime/iceberg/schema-from-contract.ts";

function contract(columns: ContractColumn[]): Contract {
  return { name: "orders", version: "1.0", columns, quality: [], tags: [], properties: {} };
}

describe("icebergSchemaFromContract", () => {
  it("numbers fields 1..n in column order and maps every column type", () => {
    const schema = icebergSchemaFromContract(
      contract([
        { name: "id", type: { kind: "long" }, required: true, description: "order id" },
        { name: "n", type: { kind: "int" }, required: false },
        { name: "d", type: { kind: "double" }, required: false },
        { name: "f", type: { kind: "float" }, required: false },
        { name: "b", type: { kind: "boolean" }, required: false },
        { name: "day", type: { kind: "date" }, required: false },
        { name: "t", type: { kind: "time" }, required: false },
        { name: "ts", type: { kind: "timestamp" }, required: false },
        { name: "tz", type: { kind: "timestamptz" }, required: false },
        { name: "amount", type: { kind: "decimal", precision: 10, scale: 2 }, required: false },
        { name: "raw", type: { kind: "binary" }, required: false },
        { name: "u", type: { kind: "uuid" }, required: false },
        { name: "s", type: { kind: "string" }, required: false },
        { name: "doc", type: { kind: "json" }, required: false },
        { name: "tags", type: { kind: "list", element: { kind: "string" } }, required: false },
      ]),
    );
    expect(schema["schema-id"]).toBe(0);
    expect(schema.fields.map((f) => [f.id, f.name, f.type])).toEqual([
      [1, "id", "long"], [2, "n", "int"], [3, "d", "double"], [4, "f", "float"], [5, "b", "boolean"], [6, "day", "date"], [7, "t", "time"],
      [8, "ts", "timestamp"], [9, "tz", "timestamptz"], [10, "amount", "decimal(10, 2)"], [11, "raw", "binary"], [12, "u", "uuid"],
      [13, "s", "string"], [14, "doc", "string"], [15, "tags", { type: "list", "element-id": 16, element: "string", "element-required": false }],
    ]);
    expect(schema.fields[0]).toEqual({ id: 1, name: "id", required: true, type: "long", doc: "order id" });
  });

  it("keeps the ids of an existing schema by name and gives new columns ids after the highest", () => {
    const existing = {
      type: "struct" as const,
      "schema-id": 3,
      fields: [
        { id: 1, name: "id", required: true, type: "long" },
        { id: 2, name: "tags", required: false, type: { type: "list" as const, "element-id": 7, element: "string", "element-required": false } },
      ],
    };
    const schema = icebergSchemaFromContract(
      contract([
        { name: "new_col", type: { kind: "string" }, required: false },
        { name: "tags", type: { kind: "list", element: { kind: "string" } }, required: false },
        { name: "id", type: { kind: "long" }, required: true },
        { name: "more", type: { kind: "list", element: { kind: "int" } }, required: false },
      ]),
      existing,
    );
    expect(schema["schema-id"]).toBe(3);
    expect(schema.fields.map((f) => [f.name, f.id])).toEqual([["new_col", 8], ["tags", 2], ["id", 1], ["more", 9]]);
    expect(schema.fields[1]!.type).toEqual(existing.fields[1]!.type);
    expect(schema.fields[3]!.type).toMatchObject({ "element-id": 10 });
  });

  it("never reuses ids up to the table's last-column-id", () => {
    const existing = { type: "struct" as const, "schema-id": 1, fields: [{ id: 1, name: "id", required: true, type: "long" }] };
    const schema = icebergSchemaFromContract(contract([{ name: "id", type: { kind: "long" }, required: true }, { name: "x", type: { kind: "int" }, required: false }]), existing, 5);
    expect(schema.fields.map((f) => f.id)).toEqual([1, 6]);
  });

  it("uses field ids the contract fixes and never hands them out again", () => {
    const schema = icebergSchemaFromContract(contract([
      { name: "a", type: { kind: "long" }, required: true },
      { name: "b", type: { kind: "long" }, required: true, fieldId: 1 },
    ]));
    expect(schema.fields.map((f) => f.id)).toEqual([2, 1]);
  });

  it("refuses duplicate ids and impossible decimals", () => {
    expect(() => icebergSchemaFromContract(contract([
      { name: "a", type: { kind: "long" }, required: true, fieldId: 4 },
      { name: "b", type: { kind: "long" }, required: true, fieldId: 4 },
    ]))).toThrow("gives field id 4 to more than one column");
    expect(() => icebergSchemaFromContract(contract([{ name: "x", type: { kind: "decimal", precision: 40, scale: 2 }, required: false }]))).toThrow("precision ≤ 38");
  });
});
