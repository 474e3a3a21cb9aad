/**
 * Snapshot and ref updates (REST `add-snapshot`, `set-snapshot-ref`, `remove-snapshots`,
 * `remove-snapshot-ref`) and statistics removal, as Java's `TableMetadata.Builder` does them:
 * sequence numbers only grow (spec "Sequence Numbers"), moving `main` moves
 * `current-snapshot-id` and appends to `snapshot-log`, and removing a snapshot removes its
 * refs and statistics.
 */
import { IngestError } from "../errors.ts";
import { snapshotIdFrom } from "./metadata-json.ts";
import type { Snapshot, SnapshotId, SnapshotRef, TableMetadata, TableUpdate } from "./types.ts";
import { bad, canonical, type Draft } from "./update-draft.ts";

export function addSnapshot(d: Draft, raw: Snapshot): void {
  const m = d.m;
  if (raw === null || typeof raw !== "object") throw bad("add-snapshot needs a `snapshot` object");
  if (m.schemas.length === 0) throw bad("attempting to add a snapshot before a schema is added");
  const id = snapshotIdFrom(raw["snapshot-id"]);
  const snapshot: Snapshot = { ...raw, "snapshot-id": id };
  if (raw["parent-snapshot-id"] === undefined || raw["parent-snapshot-id"] === null) delete snapshot["parent-snapshot-id"];
  else snapshot["parent-snapshot-id"] = snapshotIdFrom(raw["parent-snapshot-id"]);
  if (typeof snapshot["timestamp-ms"] !== "number") throw bad(`snapshot ${id} needs a numeric timestamp-ms`);
  if (typeof snapshot["manifest-list"] !== "string") throw bad(`snapshot ${id} needs a manifest-list location`);
  if (snapshot.summary === null || typeof snapshot.summary !== "object" || typeof snapshot.summary.operation !== "string") {
    throw bad(`snapshot ${id} needs a summary with an operation`);
  }
  if (m.snapshots.some((s) => s["snapshot-id"] === id)) throw bad(`snapshot already exists for id: ${id}`, { snapshotId: String(id) });
  const sequence = Number(snapshot["sequence-number"] ?? 0);
  const last = m["last-sequence-number"];
  if (m["format-version"] > 1 && !(sequence > last) && snapshot["parent-snapshot-id"] !== undefined) {
    throw new IngestError(
      "catalog.commit_conflict",
      `Validation failed, please retry: cannot add snapshot with sequence number ${sequence} older than last sequence number ${last}`,
      { sequenceNumber: sequence, lastSequenceNumber: last },
    );
  }
  if (m["format-version"] >= 3) {
    const firstRowId = snapshot["first-row-id"];
    const next = Number(m["next-row-id"] ?? 0);
    if (typeof firstRowId !== "number") throw bad(`snapshot ${id} needs first-row-id in a v3 table`);
    if (firstRowId < next) {
      throw new IngestError("catalog.commit_conflict", `Validation failed, please retry: first-row-id ${firstRowId} is behind the table's next-row-id ${next}`);
    }
    m["next-row-id"] = next + Number(snapshot["added-rows"] ?? 0);
  }
  m.snapshots.push(snapshot);
  m["last-sequence-number"] = Math.max(last, sequence);
  d.lastUpdated = snapshot["timestamp-ms"];
  d.added.add(id);
  d.changed = true;
}

export function setRef(d: Draft, u: Extract<TableUpdate, { action: "set-snapshot-ref" }>): void {
  const m = d.m;
  const name = u["ref-name"];
  if (typeof name !== "string" || name === "") throw bad("set-snapshot-ref needs a `ref-name`");
  if (u.type !== "branch" && u.type !== "tag") throw bad(`set-snapshot-ref type \`${String(u.type)}\` is invalid; use branch or tag`);
  const id = snapshotIdFrom(u["snapshot-id"]);
  const ref: SnapshotRef = { "snapshot-id": id, type: u.type };
  for (const k of ["min-snapshots-to-keep", "max-snapshot-age-ms", "max-ref-age-ms"] as const) {
    if (u[k] !== undefined && u[k] !== null) ref[k] = u[k];
  }
  const existing = m.refs[name];
  if (existing && canonical({ ...existing, "snapshot-id": snapshotIdFrom(existing["snapshot-id"]) }) === canonical(ref)) return;
  const snapshot = m.snapshots.find((s) => s["snapshot-id"] === id);
  if (!snapshot) throw bad(`cannot set ${name} to unknown snapshot: ${id}`, { ref: name, snapshotId: String(id) });
  if (d.added.has(id)) d.lastUpdated = snapshot["timestamp-ms"];
  if (name === "main") {
    m["current-snapshot-id"] = id;
    d.lastUpdated ??= d.now;
    m["snapshot-log"].push({ "timestamp-ms": d.lastUpdated, "snapshot-id": id });
    d.mainRefSets.push(id);
  }
  m.refs[name] = ref;
  d.changed = true;
}

export function removeRef(d: Draft, name: string): void {
  const m = d.m;
  if (name === "main") m["current-snapshot-id"] = null;
  if (m.refs[name] === undefined) return;
  delete m.refs[name];
  d.changed = true;
}

export function removeStatistics(m: TableMetadata, field: "statistics" | "partition-statistics", id: SnapshotId): boolean {
  const list = (m[field] as Record<string, unknown>[] | undefined) ?? [];
  const kept = list.filter((s) => snapshotIdFrom(s["snapshot-id"]) !== id);
  m[field] = kept;
  return kept.length !== list.length;
}

export function removeSnapshots(d: Draft, ids: Set<SnapshotId>): void {
  const m = d.m;
  const kept = m.snapshots.filter((s) => !ids.has(s["snapshot-id"]));
  if (kept.length === m.snapshots.length) return;
  m.snapshots = kept;
  for (const id of ids) {
    removeStatistics(m, "statistics", id);
    removeStatistics(m, "partition-statistics", id);
  }
  const live = new Set(kept.map((s) => s["snapshot-id"]));
  for (const [name, ref] of Object.entries(m.refs)) if (!live.has(snapshotIdFrom(ref["snapshot-id"]))) removeRef(d, name);
  d.removedSnapshots = true;
  d.changed = true;
}

/**
 * As Java's `updateSnapshotLog`: snapshots added and made current in this commit but replaced by
 * a later one are not history; and after a removal, history before a removed entry is cut, so
 * time travel never skips a snapshot that was current.
 */
export function fixSnapshotLog(d: Draft): void {
  const m = d.m;
  const current = m["current-snapshot-id"] ?? null;
  const intermediate = new Set(d.mainRefSets.filter((id) => d.added.has(id) && id !== current));
  if (intermediate.size === 0 && !d.removedSnapshots) return;
  const live = new Set(m.snapshots.map((s) => s["snapshot-id"]));
  let log: TableMetadata["snapshot-log"] = [];
  for (const entry of m["snapshot-log"]) {
    const id = snapshotIdFrom(entry["snapshot-id"]);
    if (live.has(id)) {
      if (!intermediate.has(id)) log.push(entry);
    } else if (d.removedSnapshots) {
      log = [];
    }
  }
  m["snapshot-log"] = log;
}
