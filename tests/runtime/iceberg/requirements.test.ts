import { describe, expect, it } from "bun:test";
import { isIngestError } from "../../../runtime/errors.ts";
import { newTableMetadata } from "../../../runtime/iceberg/new-table-metadata.ts";
import { checkRequirements } from "../../../runtime/iceberg/requirements.ts";
import type { TableMetadata, TableRequirement } from "../../../runtime/iceberg/types.ts";

const uuid = "0f0e0d0c-0000-4000-8000-00000000abcd";
const bigId = 9158179788527662767n;

function table(): TableMetadata {
  const m = newTableMetadata(
    { name: "t", schema: { type: "struct", "schema-id": 0, fields: [{ id: 1, name: "id", required: true, type: "long" }] } },
    { location: "memory://wh/t", uuid, now: 1 },
  );
  m.snapshots.push({ "snapshot-id": bigId, "sequence-number": 1, "timestamp-ms": 2, "manifest-list": "memory://wh/t/metadata/snap.avro", summary: { operation: "append" } });
  m.refs = { main: { "snapshot-id": bigId, type: "branch" }, v1: { "snapshot-id": bigId, type: "tag" } };
  m["current-snapshot-id"] = bigId;
  return m;
}

function failure(metadata: TableMetadata | null, requirement: TableRequirement): string {
  try {
    checkRequirements(metadata, [requirement]);
  } catch (e) {
    if (isIngestError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
  return "ok";
}

describe("checkRequirements", () => {
  it("passes when every requirement holds", () => {
    checkRequirements(table(), [
      { type: "assert-table-uuid", uuid: uuid.toUpperCase() },
      { type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": bigId },
      { type: "assert-ref-snapshot-id", ref: "feature", "snapshot-id": null },
      { type: "assert-last-assigned-field-id", "last-assigned-field-id": 1 },
      { type: "assert-current-schema-id", "current-schema-id": 0 },
      { type: "assert-last-assigned-partition-id", "last-assigned-partition-id": 999 },
      { type: "assert-default-spec-id", "default-spec-id": 0 },
      { type: "assert-default-sort-order-id", "default-sort-order-id": 0 },
    ]);
    checkRequirements(null, [{ type: "assert-create" }]);
  });

  it("fails assert-create when the table exists", () => {
    expect(failure(table(), { type: "assert-create" })).toBe("catalog.commit_conflict: Requirement failed: table already exists");
  });

  it("fails assert-table-uuid with Java's message", () => {
    expect(failure(table(), { type: "assert-table-uuid", uuid: "other" })).toBe(`catalog.commit_conflict: Requirement failed: UUID does not match: expected ${uuid} != other`);
  });

  it("fails assert-ref-snapshot-id when the branch moved, was created, or is missing", () => {
    expect(failure(table(), { type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": 5n })).toBe(
      `catalog.commit_conflict: Requirement failed: branch main has changed: expected id 5 != ${bigId}`,
    );
    expect(failure(table(), { type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": null })).toBe("catalog.commit_conflict: Requirement failed: branch main was created concurrently");
    expect(failure(table(), { type: "assert-ref-snapshot-id", ref: "v1", "snapshot-id": null })).toBe("catalog.commit_conflict: Requirement failed: tag v1 was created concurrently");
    expect(failure(table(), { type: "assert-ref-snapshot-id", ref: "dev", "snapshot-id": 5n })).toBe("catalog.commit_conflict: Requirement failed: branch or tag dev is missing, expected 5");
  });

  it("compares snapshot ids sent as plain numbers exactly", () => {
    const m = table();
    m.refs.main = { "snapshot-id": 42n, type: "branch" };
    expect(failure(m, { type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": 42 as unknown as bigint })).toBe("ok");
  });

  it("fails each id assertion with the expected and the actual id", () => {
    expect(failure(table(), { type: "assert-last-assigned-field-id", "last-assigned-field-id": 3 })).toBe("catalog.commit_conflict: Requirement failed: last assigned field id changed: expected id 3 != 1");
    expect(failure(table(), { type: "assert-current-schema-id", "current-schema-id": 2 })).toBe("catalog.commit_conflict: Requirement failed: current schema changed: expected id 2 != 0");
    expect(failure(table(), { type: "assert-last-assigned-partition-id", "last-assigned-partition-id": 1000 })).toBe(
      "catalog.commit_conflict: Requirement failed: last assigned partition id changed: expected id 1000 != 999",
    );
    expect(failure(table(), { type: "assert-default-spec-id", "default-spec-id": 1 })).toBe("catalog.commit_conflict: Requirement failed: default partition spec changed: expected id 1 != 0");
    expect(failure(table(), { type: "assert-default-sort-order-id", "default-sort-order-id": 1 })).toBe("catalog.commit_conflict: Requirement failed: default sort order changed: expected id 1 != 0");
  });

  it("fails table assertions against a table that does not exist", () => {
    expect(failure(null, { type: "assert-table-uuid", uuid })).toStartWith("catalog.commit_conflict: Requirement failed: table does not exist");
  });

  it("rejects an unknown requirement type as a bad request", () => {
    expect(failure(table(), { type: "assert-next-row-id" } as unknown as TableRequirement)).toStartWith("catalog.bad_request: unknown table requirement type `assert-next-row-id`");
  });
});
