/**
 * checkRequirements: the `TableRequirement`s of a commit (REST spec, "TableRequirement" and
 * `CommitTableRequest`) checked against the table's current metadata, or `null` when the table
 * does not exist. A requirement that does not hold is a `catalog.commit_conflict` (409
 * CommitFailedException); the messages are the Java library's (`UpdateRequirement.java`), which
 * clients and the REST compatibility kit match on. An unknown requirement type is a
 * `catalog.bad_request`: the spec requires a 400 for it.
 */
import { IngestError } from "../errors.ts";
import { snapshotIdFrom } from "./metadata-json.ts";
import type { TableMetadata, TableRequirement } from "./types.ts";

function failed(message: string, requirement: TableRequirement): IngestError {
  return new IngestError("catalog.commit_conflict", `Requirement failed: ${message}`, { requirement: requirement.type });
}

function needTable(metadata: TableMetadata | null, requirement: TableRequirement): TableMetadata {
  if (metadata === null) throw failed(`table does not exist (${requirement.type})`, requirement);
  return metadata;
}

function integer(value: unknown, field: string, requirement: TableRequirement): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new IngestError("catalog.bad_request", `requirement ${requirement.type} needs an integer \`${field}\`, got ${String(value)}`, { requirement: requirement.type });
  }
  return value;
}

/** Throws on the first requirement that does not hold; returns when all hold. */
export function checkRequirements(metadata: TableMetadata | null, requirements: readonly TableRequirement[]): void {
  if (!Array.isArray(requirements)) {
    throw new IngestError("catalog.bad_request", "commit `requirements` must be an array (it may be empty)");
  }
  for (const r of requirements) checkRequirement(metadata, r);
}

function checkRequirement(metadata: TableMetadata | null, r: TableRequirement): void {
  switch (r.type) {
    case "assert-create":
      if (metadata !== null) throw failed("table already exists", r);
      return;
    case "assert-table-uuid": {
      const m = needTable(metadata, r);
      if (typeof r.uuid !== "string") {
        throw new IngestError("catalog.bad_request", "requirement assert-table-uuid needs a string `uuid`");
      }
      if (r.uuid.toLowerCase() !== m["table-uuid"].toLowerCase()) {
        throw failed(`UUID does not match: expected ${m["table-uuid"]} != ${r.uuid}`, r);
      }
      return;
    }
    case "assert-ref-snapshot-id": {
      const m = needTable(metadata, r);
      const expected = r["snapshot-id"] === null || r["snapshot-id"] === undefined ? null : snapshotIdFrom(r["snapshot-id"]);
      const ref = m.refs[r.ref];
      if (ref !== undefined) {
        const actual = snapshotIdFrom(ref["snapshot-id"]);
        const kind = ref.type === "tag" ? "tag" : "branch";
        // A null snapshot id means the ref must not exist yet.
        if (expected === null) throw failed(`${kind} ${r.ref} was created concurrently`, r);
        if (expected !== actual) throw failed(`${kind} ${r.ref} has changed: expected id ${expected} != ${actual}`, r);
      } else if (expected !== null) {
        throw failed(`branch or tag ${r.ref} is missing, expected ${expected}`, r);
      }
      return;
    }
    case "assert-last-assigned-field-id": {
      const expected = integer(r["last-assigned-field-id"], "last-assigned-field-id", r);
      if (metadata !== null && metadata["last-column-id"] !== expected) {
        throw failed(`last assigned field id changed: expected id ${expected} != ${metadata["last-column-id"]}`, r);
      }
      return;
    }
    case "assert-current-schema-id": {
      const m = needTable(metadata, r);
      const expected = integer(r["current-schema-id"], "current-schema-id", r);
      if (m["current-schema-id"] !== expected) {
        throw failed(`current schema changed: expected id ${expected} != ${m["current-schema-id"]}`, r);
      }
      return;
    }
    case "assert-last-assigned-partition-id": {
      const expected = integer(r["last-assigned-partition-id"], "last-assigned-partition-id", r);
      if (metadata !== null && metadata["last-partition-id"] !== expected) {
        throw failed(`last assigned partition id changed: expected id ${expected} != ${metadata["last-partition-id"]}`, r);
      }
      return;
    }
    case "assert-default-spec-id": {
      const m = needTable(metadata, r);
      const expected = integer(r["default-spec-id"], "default-spec-id", r);
      if (m["default-spec-id"] !== expected) {
        throw failed(`default partition spec changed: expected id ${expected} != ${m["default-spec-id"]}`, r);
      }
      return;
    }
    case "assert-default-sort-order-id": {
      const m = needTable(metadata, r);
      const expected = integer(r["default-sort-order-id"], "default-sort-order-id", r);
      if (m["default-sort-order-id"] !== expected) {
        throw failed(`default sort order changed: expected id ${expected} != ${m["default-sort-order-id"]}`, r);
      }
      return;
    }
    default: {
      const type = (r as { type?: unknown } | null)?.type;
      throw new IngestError(
        "catalog.bad_request",
        `unknown table requirement type \`${String(type)}\`; the REST spec defines assert-create, assert-table-uuid, assert-ref-snapshot-id, assert-last-assigned-field-id, assert-current-schema-id, assert-last-assigned-partition-id, assert-default-spec-id and assert-default-sort-order-id`,
        { type },
      );
    }
  }
}
