/**
 * Planning a fast append (Java `FastAppend`; write-path.md §3–§6): write one manifest per
 * partition spec for the new data files, then a manifest list with the new manifests first and
 * the base snapshot's manifests copied after them, and describe the commit as REST
 * requirements and updates. Nothing becomes visible until the catalog commits.
 *
 * Retrying after a conflict: call again with the reloaded metadata and `reuseManifests` set to
 * the previous plan's `newManifests`. The manifests are kept (their entries inherit sequence
 * numbers), only the manifest list and snapshot are rewritten on the new base.
 */
import type { AvroCodec } from "../avro/container.ts";
import { IngestError } from "../errors.ts";
import { type ObjectStore, uriOf } from "../object-store.ts";
import type { Clock } from "../platform.ts";
import { EntryStatus, writeManifest } from "./manifest.ts";
import { type ManifestFile, readManifestList, summarizePartitions, writeManifestList } from "./manifest-list.ts";
import { newSnapshotId } from "./metadata-json.ts";
import { partitionColumns } from "./partition-avro.ts";
import { metadataKeyPrefix, storeKeyOf } from "./table-paths.ts";
import type { DataFile, Snapshot, SnapshotId, TableMetadata, TableRequirement, TableUpdate } from "./types.ts";

export interface PlanAppendOptions {
  metadata: TableMetadata;
  dataFiles: DataFile[];
  store: ObjectStore;
  /** Store key of the metadata folder; default `write.metadata.path` or `<location>/metadata`. */
  metadataDir?: string;
  /** Default: a new random id (kept on retries when passed back). */
  snapshotId?: SnapshotId;
  clock: Clock;
  crypto: Pick<Crypto, "getRandomValues" | "randomUUID">;
  /** Extra snapshot summary properties (e.g. a run id); the computed ones take precedence. */
  extraSummary?: Record<string, string>;
  /** The previous attempt's `newManifests`, when re-planning after a commit conflict. */
  reuseManifests?: ManifestFile[];
  /** Attempt number for the manifest list name `snap-<id>-<attempt>-<uuid>.avro`; default 1. */
  attempt?: number;
  /** Branch to append to; default `main`. */
  branch?: string;
  codec?: AvroCodec;
}

export interface AppendPlan {
  snapshot: Snapshot;
  /** add-snapshot, then set-snapshot-ref for the branch. */
  updates: TableUpdate[];
  /** assert-table-uuid, assert-ref-snapshot-id (the base snapshot, or null for an empty table). */
  requirements: TableRequirement[];
  /** The manifests this append wrote; pass them as `reuseManifests` when re-planning. */
  newManifests: ManifestFile[];
  manifestListLocation: string;
}

const summaryTotals = [
  ["total-records", "added-records"],
  ["total-files-size", "added-files-size"],
  ["total-data-files", "added-data-files"],
  ["total-delete-files", "added-delete-files"],
  ["total-position-deletes", "added-position-deletes"],
  ["total-equality-deletes", "added-equality-deletes"],
] as const;

/** Snapshot summary of an append (spec "Snapshot Summary"; Java `SnapshotSummary`), totals carried from the parent. */
function appendSummary(dataFiles: DataFile[], parent: Snapshot | undefined, extra: Record<string, string>): Snapshot["summary"] {
  const added: Record<string, number> = {
    "added-data-files": dataFiles.length,
    "added-records": dataFiles.reduce((n, f) => n + f["record-count"], 0),
    "added-files-size": dataFiles.reduce((n, f) => n + f["file-size-in-bytes"], 0),
  };
  const partitions = new Set(dataFiles.map((f) => `${f["spec-id"] ?? ""}:${JSON.stringify(f.partition, (_k, v) => (typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? [...v] : v))}`));
  const summary: Record<string, string> = { ...extra, operation: "append" };
  for (const [k, v] of Object.entries(added)) summary[k] = String(v);
  summary["changed-partition-count"] = String(partitions.size);
  for (const [total, addedKey] of summaryTotals) {
    const previous = parent === undefined ? "0" : parent.summary[total];
    // Java leaves a total out when the parent did not record it: it can't be computed.
    if (previous !== undefined && /^\d+$/.test(previous)) summary[total] = String(BigInt(previous) + BigInt(added[addedKey] ?? 0));
  }
  return summary as Snapshot["summary"];
}

function checkDataFile(file: DataFile, metadata: TableMetadata): void {
  if (file.content !== 0) {
    throw new IngestError("internal", `append got delete file ${file["file-path"]} (content ${file.content}); an append adds data files only`, { path: file["file-path"] });
  }
  const specId = file["spec-id"] ?? metadata["default-spec-id"];
  const spec = metadata["partition-specs"].find((s) => s["spec-id"] === specId);
  if (!spec) throw new IngestError("catalog.bad_request", `data file ${file["file-path"]} names partition spec ${specId}, which table ${metadata.location} does not have`, { specId });
  const expected = spec.fields.map((f) => f.name).sort();
  const given = Object.keys(file.partition).sort();
  if (expected.join("\u0000") !== given.join("\u0000")) {
    throw new IngestError("internal", `data file ${file["file-path"]} has partition fields [${given.join(", ")}] but spec ${specId} has [${expected.join(", ")}]; compute the partition tuple from the table's spec`, { path: file["file-path"] });
  }
}

export async function planAppend(options: PlanAppendOptions): Promise<AppendPlan> {
  const { metadata, store, crypto } = options;
  if (metadata["format-version"] !== 2) {
    throw new IngestError("catalog.unsupported", `table ${metadata.location} has format version ${metadata["format-version"]}; appends are written for version 2 — upgrade the table (upgrade-format-version to 2) first`, { formatVersion: metadata["format-version"] });
  }
  const branch = options.branch ?? "main";
  const dir = options.metadataDir ?? metadataKeyPrefix(metadata, store);
  const schema = metadata.schemas.find((s) => s["schema-id"] === metadata["current-schema-id"]);
  if (!schema) throw new IngestError("catalog.bad_request", `table ${metadata.location} has no schema ${metadata["current-schema-id"]} (current-schema-id); the metadata is corrupt`);

  const baseId = metadata.refs[branch]?.["snapshot-id"] ?? (branch === "main" ? (metadata["current-snapshot-id"] ?? null) : null);
  const parent = baseId === null ? undefined : metadata.snapshots.find((s) => s["snapshot-id"] === baseId);
  if (baseId !== null && !parent) throw new IngestError("catalog.bad_request", `branch ${branch} points at snapshot ${baseId}, which table ${metadata.location} does not list; the metadata is corrupt`);

  const used = new Set(metadata.snapshots.map((s) => s["snapshot-id"]));
  let snapshotId = options.snapshotId ?? options.reuseManifests?.[0]?.["added-snapshot-id"] ?? newSnapshotId(crypto, metadata);
  if (used.has(snapshotId)) snapshotId = newSnapshotId(crypto, metadata);
  const sequenceNumber = metadata["last-sequence-number"] + 1;

  let newManifests = options.reuseManifests?.every((m) => m["added-snapshot-id"] === snapshotId) ? options.reuseManifests : undefined;
  if (!newManifests) {
    for (const f of options.dataFiles) checkDataFile(f, metadata);
    newManifests = [];
    const specIds = [...new Set(options.dataFiles.map((f) => f["spec-id"] ?? metadata["default-spec-id"]))].sort((a, b) => a - b);
    for (const specId of specIds) {
      const spec = metadata["partition-specs"].find((s) => s["spec-id"] === specId)!;
      const files = options.dataFiles.filter((f) => (f["spec-id"] ?? metadata["default-spec-id"]) === specId);
      const entries = files.map((f) => ({ status: EntryStatus.added, "snapshot-id": snapshotId, "sequence-number": null, "file-sequence-number": null, "data-file": f }));
      const bytes = await writeManifest({ schema, spec, entries, codec: options.codec });
      const key = `${dir}/${crypto.randomUUID()}-m${newManifests.length}.avro`;
      await store.put(key, bytes, { ifNoneMatch: "*", contentType: "avro/binary" });
      newManifests.push({
        "manifest-path": uriOf(store, key),
        "manifest-length": bytes.length,
        "partition-spec-id": specId,
        content: 0,
        "sequence-number": sequenceNumber,
        "min-sequence-number": sequenceNumber,
        "added-snapshot-id": snapshotId,
        "added-files-count": files.length,
        "existing-files-count": 0,
        "deleted-files-count": 0,
        "added-rows-count": files.reduce((n, f) => n + f["record-count"], 0),
        "existing-rows-count": 0,
        "deleted-rows-count": 0,
        partitions: summarizePartitions(partitionColumns(spec, schema), entries),
      });
    }
  }
  // The new manifests' rows take this attempt's sequence number (their entries inherit it).
  const rows = newManifests.map((m) => ({ ...m, "sequence-number": sequenceNumber, "min-sequence-number": sequenceNumber }));

  let baseManifests: ManifestFile[] = [];
  if (parent) {
    const listKey = storeKeyOf(store, parent["manifest-list"], `manifest list of snapshot ${parent["snapshot-id"]}`);
    const bytes = await store.get(listKey);
    if (!bytes) throw new IngestError("store.not_found", `manifest list ${parent["manifest-list"]} of snapshot ${parent["snapshot-id"]} is missing from ${store.root}; the table's files were deleted or moved`, { key: listKey });
    baseManifests = await readManifestList(bytes, parent["manifest-list"]);
  }

  const listBytes = await writeManifestList({ snapshotId, parentSnapshotId: baseId, sequenceNumber, manifests: [...rows, ...baseManifests], codec: options.codec });
  const listKey = `${dir}/snap-${snapshotId}-${options.attempt ?? 1}-${crypto.randomUUID()}.avro`;
  await store.put(listKey, listBytes, { ifNoneMatch: "*", contentType: "avro/binary" });
  const manifestListLocation = uriOf(store, listKey);

  const snapshot: Snapshot = {
    "snapshot-id": snapshotId,
    ...(baseId === null ? {} : { "parent-snapshot-id": baseId }),
    "sequence-number": sequenceNumber,
    // Never before the table's last update: Java rejects snapshots that go back in time.
    "timestamp-ms": Math.max(options.clock.now(), metadata["last-updated-ms"]),
    "manifest-list": manifestListLocation,
    summary: appendSummary(options.dataFiles, parent, options.extraSummary ?? {}),
    "schema-id": schema["schema-id"],
  };
  return {
    snapshot,
    updates: [
      { action: "add-snapshot", snapshot },
      { action: "set-snapshot-ref", "ref-name": branch, type: "branch", "snapshot-id": snapshotId },
    ],
    requirements: [
      { type: "assert-table-uuid", uuid: metadata["table-uuid"] },
      { type: "assert-ref-snapshot-id", ref: branch, "snapshot-id": baseId },
    ],
    newManifests: rows,
    manifestListLocation,
  };
}
