/**
 * applyUpdates: the `TableUpdate`s of a commit (REST spec "TableUpdate") applied in order to
 * table metadata, giving the next metadata. The rules are those of Java's
 * `TableMetadata.Builder`, which every REST client was written against: ids of added schemas,
 * specs and sort orders are chosen by the catalog (an identical one is reused), `-1` means "the
 * one added last in this commit", `add-snapshot` needs a sequence number above the table's
 * (spec "Sequence Numbers"), `set-snapshot-ref main` moves `current-snapshot-id` and appends to
 * `snapshot-log`, and removing snapshots drops their refs and statistics.
 *
 * An invalid update is a `catalog.bad_request` (400). A stale sequence number or row id is a
 * `catalog.commit_conflict` (409): another writer committed first, and the client should retry
 * on the new metadata. When nothing changes, the input object itself is returned (the caller
 * then writes no new metadata file).
 */
import { snapshotIdFrom } from "./metadata-json.ts";
import { addSchema, addSortOrder, addSpec } from "./schema-updates.ts";
import { addSnapshot, fixSnapshotLog, removeRef, removeSnapshots, removeStatistics, setRef } from "./snapshot-updates.ts";
import type { TableMetadata, TableUpdate } from "./types.ts";
import { bad, type Draft, integer } from "./update-draft.ts";

export interface ApplyUpdatesOptions {
  /** Milliseconds since the epoch, for `last-updated-ms` and log entries. */
  now: number;
  /** Where `metadata` was read from: recorded in `metadata-log` when the updates change anything. */
  previousMetadataLocation?: string;
}

const lastAdded = -1;
const supportedFormatVersion = 3;

/** The starting point of a create transaction (a commit with `assert-create`): no schema yet. */
export function emptyTableMetadata(formatVersion: number, now: number): TableMetadata {
  const m: TableMetadata = {
    "format-version": formatVersion as TableMetadata["format-version"],
    "table-uuid": "",
    location: "",
    "last-sequence-number": 0,
    "last-updated-ms": now,
    "last-column-id": 0,
    "current-schema-id": -1,
    schemas: [],
    "default-spec-id": -1,
    "partition-specs": [],
    "last-partition-id": 999,
    "default-sort-order-id": -1,
    "sort-orders": [],
    properties: {},
    "current-snapshot-id": null,
    snapshots: [],
    "snapshot-log": [],
    "metadata-log": [],
    refs: {},
    statistics: [],
    "partition-statistics": [],
  };
  if (formatVersion >= 3) m["next-row-id"] = 0;
  return m;
}

/**
 * Applies `updates` to `metadata` (null: a create transaction, built from empty metadata whose
 * format version is the first `upgrade-format-version`, default 2).
 */
export function applyUpdates(metadata: TableMetadata | null, updates: readonly TableUpdate[], options: ApplyUpdatesOptions): TableMetadata {
  if (!Array.isArray(updates)) throw bad("commit `updates` must be an array (it may be empty)");
  const creating = metadata === null;
  const initialVersion = creating
    ? Number(updates.find((u) => u?.action === "upgrade-format-version")?.["format-version" as never] ?? 2)
    : metadata["format-version"];
  if (creating && !(initialVersion >= 1 && initialVersion <= supportedFormatVersion)) {
    throw bad(`format-version ${initialVersion} is not supported; use 1, 2 or 3`);
  }
  const base = metadata ?? emptyTableMetadata(initialVersion, options.now);
  const d: Draft = { m: structuredClone(base), changed: creating, added: new Set(), mainRefSets: [], removedSnapshots: false, now: options.now };
  for (const u of updates) applyOne(d, u);
  if (!d.changed) return base;

  const m = d.m;
  if (creating) finishCreate(m, d);
  fixSnapshotLog(d);
  m["last-updated-ms"] = d.lastUpdated ?? options.now;
  if (!creating && options.previousMetadataLocation !== undefined) {
    const max = Math.max(1, Number(m.properties["write.metadata.previous-versions-max"] ?? 100) || 100);
    const log = [...base["metadata-log"], { "timestamp-ms": base["last-updated-ms"], "metadata-file": options.previousMetadataLocation }];
    m["metadata-log"] = log.slice(Math.max(0, log.length - max));
  }
  return m;
}

function finishCreate(m: TableMetadata, d: Draft): void {
  if (m["table-uuid"] === "") m["table-uuid"] = crypto.randomUUID();
  if (m.schemas.length === 0) throw bad("a create transaction must add a schema (add-schema, set-current-schema -1)");
  if (m.location === "") throw bad("a create transaction must set the table location (set-location)");
  if (m["partition-specs"].length === 0) applyOne(d, { action: "add-spec", spec: { "spec-id": 0, fields: [] } });
  if (m["default-spec-id"] === -1) m["default-spec-id"] = m["partition-specs"][0]!["spec-id"];
  if (m["sort-orders"].length === 0) applyOne(d, { action: "add-sort-order", "sort-order": { "order-id": 0, fields: [] } });
  if (m["default-sort-order-id"] === -1) m["default-sort-order-id"] = m["sort-orders"][0]!["order-id"];
  if (m["current-schema-id"] === -1) m["current-schema-id"] = m.schemas[0]!["schema-id"];
}

function applyOne(d: Draft, u: TableUpdate): void {
  const m = d.m;
  switch (u?.action) {
    case "assign-uuid": {
      if (typeof u.uuid !== "string" || u.uuid === "") throw bad("assign-uuid needs a non-empty `uuid`");
      if (m["table-uuid"] === u.uuid) return;
      // Spec AssignUUIDUpdate: only safe while creating; a new UUID makes it another table.
      if (m["table-uuid"] !== "") throw bad(`cannot reassign the UUID of table ${m["table-uuid"]} to ${u.uuid}; assign-uuid is only for create transactions`);
      m["table-uuid"] = u.uuid;
      break;
    }
    case "upgrade-format-version": {
      const v = integer(u["format-version"], "upgrade-format-version `format-version`");
      if (v > supportedFormatVersion) throw bad(`cannot upgrade table to unsupported format version v${v} (supported: v${supportedFormatVersion})`);
      if (v < m["format-version"]) throw bad(`cannot downgrade v${m["format-version"]} table to v${v}`);
      if (v === m["format-version"]) return;
      m["format-version"] = v as TableMetadata["format-version"];
      if (v >= 3) m["next-row-id"] ??= 0;
      break;
    }
    case "add-schema":
      addSchema(d, u.schema, u["last-column-id"]);
      return;
    case "set-current-schema": {
      let id = integer(u["schema-id"], "set-current-schema `schema-id`");
      if (id === lastAdded) {
        if (d.lastAddedSchemaId === undefined) throw bad("cannot set last added schema: no schema has been added in this commit");
        id = d.lastAddedSchemaId;
      }
      if (m["current-schema-id"] === id) return;
      if (!m.schemas.some((s) => s["schema-id"] === id)) throw bad(`cannot set current schema to unknown schema ${id}`, { schemaId: id });
      m["current-schema-id"] = id;
      break;
    }
    case "add-spec":
      addSpec(d, u.spec);
      return;
    case "set-default-spec": {
      let id = integer(u["spec-id"], "set-default-spec `spec-id`");
      if (id === lastAdded) {
        if (d.lastAddedSpecId === undefined) throw bad("cannot set last added spec: no spec has been added in this commit");
        id = d.lastAddedSpecId;
      }
      if (m["default-spec-id"] === id) return;
      if (!m["partition-specs"].some((s) => s["spec-id"] === id)) throw bad(`cannot set default partition spec to unknown spec ${id}`, { specId: id });
      m["default-spec-id"] = id;
      break;
    }
    case "add-sort-order":
      addSortOrder(d, u["sort-order"]);
      return;
    case "set-default-sort-order": {
      let id = integer(u["sort-order-id"], "set-default-sort-order `sort-order-id`");
      if (id === lastAdded) {
        if (d.lastAddedOrderId === undefined) throw bad("cannot set last added sort order: no sort order has been added in this commit");
        id = d.lastAddedOrderId;
      }
      if (m["default-sort-order-id"] === id) return;
      if (!m["sort-orders"].some((o) => o["order-id"] === id)) throw bad(`cannot set default sort order to unknown sort order ${id}`, { sortOrderId: id });
      m["default-sort-order-id"] = id;
      break;
    }
    case "add-snapshot":
      addSnapshot(d, u.snapshot);
      return;
    case "set-snapshot-ref":
      setRef(d, u);
      return;
    case "remove-snapshots": {
      if (!Array.isArray(u["snapshot-ids"])) throw bad("remove-snapshots needs a `snapshot-ids` array");
      removeSnapshots(d, new Set(u["snapshot-ids"].map(snapshotIdFrom)));
      return;
    }
    case "remove-snapshot-ref": {
      if (typeof u["ref-name"] !== "string") throw bad("remove-snapshot-ref needs a `ref-name`");
      removeRef(d, u["ref-name"]);
      return;
    }
    case "set-location": {
      if (typeof u.location !== "string" || u.location === "") throw bad("set-location needs a non-empty `location`");
      const location = u.location.replace(/\/+$/, "");
      if (m.location === location) return;
      m.location = location;
      break;
    }
    case "set-properties": {
      const updates = u.updates;
      if (updates === null || typeof updates !== "object" || Array.isArray(updates)) throw bad("set-properties needs an `updates` object");
      const entries = Object.entries(updates);
      if (entries.length === 0) return;
      for (const [k, v] of entries) {
        if (typeof v !== "string") throw bad(`set-properties value of \`${k}\` must be a string, got ${typeof v}`, { key: k });
        m.properties[k] = v;
      }
      break;
    }
    case "remove-properties": {
      if (!Array.isArray(u.removals)) throw bad("remove-properties needs a `removals` array");
      if (u.removals.length === 0) return;
      for (const k of u.removals) delete m.properties[String(k)];
      break;
    }
    case "set-statistics":
    case "set-partition-statistics": {
      const field = u.action === "set-statistics" ? "statistics" : "partition-statistics";
      const file = (u as Record<string, unknown>)[field] as Record<string, unknown> | undefined;
      if (file === null || typeof file !== "object" || typeof file["statistics-path"] !== "string") {
        throw bad(`${u.action} needs a \`${field}\` object with snapshot-id and statistics-path`);
      }
      const id = snapshotIdFrom(file["snapshot-id"]);
      const list = ((m[field] as Record<string, unknown>[] | undefined) ?? []).filter((s) => snapshotIdFrom(s["snapshot-id"]) !== id);
      m[field] = [...list, { ...file, "snapshot-id": id }];
      break;
    }
    case "remove-statistics":
    case "remove-partition-statistics": {
      const field = u.action === "remove-statistics" ? "statistics" : "partition-statistics";
      if (!removeStatistics(m, field, snapshotIdFrom(u["snapshot-id"]))) return;
      break;
    }
    case "remove-partition-specs": {
      if (!Array.isArray(u["spec-ids"])) throw bad("remove-partition-specs needs a `spec-ids` array");
      const ids = new Set(u["spec-ids"]);
      if (ids.has(m["default-spec-id"])) throw bad(`cannot remove the default partition spec ${m["default-spec-id"]}`);
      const kept = m["partition-specs"].filter((s) => !ids.has(s["spec-id"]));
      if (kept.length === m["partition-specs"].length) return;
      m["partition-specs"] = kept;
      break;
    }
    case "remove-schemas": {
      if (!Array.isArray(u["schema-ids"])) throw bad("remove-schemas needs a `schema-ids` array");
      const ids = new Set(u["schema-ids"]);
      if (ids.has(m["current-schema-id"])) throw bad(`cannot remove the current schema ${m["current-schema-id"]}`);
      const kept = m.schemas.filter((s) => !ids.has(s["schema-id"]));
      if (kept.length === m.schemas.length) return;
      m.schemas = kept;
      break;
    }
    default: {
      const action = (u as { action?: unknown } | null)?.action;
      throw bad(`unknown or unsupported table update action \`${String(action)}\`; see TableUpdate in the Iceberg REST spec for the supported actions`, { action });
    }
  }
  d.changed = true;
}
