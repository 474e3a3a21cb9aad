/**
 * The live files of a snapshot (spec "Scan Planning"): read the snapshot's manifest list, then
 * each manifest, skip DELETED entries, and fill in what ADDED entries inherit from their
 * manifest (snapshot id, sequence numbers; spec "Sequence Number Inheritance").
 */
import { IngestError } from "../errors.ts";
import type { ObjectStore } from "../object-store.ts";
import { EntryStatus, inheritManifestEntry, type ManifestEntry, readManifest } from "./manifest.ts";
import { type ManifestFile, readManifestList } from "./manifest-list.ts";
import { storeKeyOf } from "./table-paths.ts";
import type { DataFile, SnapshotId, TableMetadata } from "./types.ts";

async function fetchFile(store: ObjectStore, location: string, what: string): Promise<Uint8Array> {
  const key = storeKeyOf(store, location, what);
  const bytes = await store.get(key);
  if (!bytes) throw new IngestError("store.not_found", `${what} ${location} is missing from ${store.root}; the table's files were deleted or moved`, { key });
  return bytes;
}

/** The snapshot a scan reads: the given id, else the `main` branch, else the current snapshot; null for an empty table. */
export function scanSnapshotId(metadata: TableMetadata, snapshotId?: SnapshotId | null): SnapshotId | null {
  return snapshotId ?? metadata.refs.main?.["snapshot-id"] ?? metadata["current-snapshot-id"] ?? null;
}

/** The manifests of a snapshot (empty for an empty table). */
export async function listManifests(metadata: TableMetadata, store: ObjectStore, snapshotId?: SnapshotId | null): Promise<ManifestFile[]> {
  const id = scanSnapshotId(metadata, snapshotId);
  if (id === null) return [];
  const snapshot = metadata.snapshots.find((s) => s["snapshot-id"] === id);
  if (!snapshot) throw new IngestError("catalog.bad_request", `snapshot ${id} is not in table ${metadata.location}; pick one of its snapshots`, { snapshotId: String(id) });
  if (typeof snapshot["manifest-list"] !== "string") {
    throw new IngestError("catalog.unsupported", `snapshot ${id} of table ${metadata.location} has no manifest list (a v1 "manifests" array); rewrite the table's manifests with a newer writer`);
  }
  return readManifestList(await fetchFile(store, snapshot["manifest-list"], `manifest list of snapshot ${id}`), snapshot["manifest-list"]);
}

export interface LiveEntry extends ManifestEntry {
  /** The manifest's partition spec id, also set as `data-file["spec-id"]`. */
  "partition-spec-id": number;
  /** 0 data, 1 deletes (the manifest's content). */
  "manifest-content": 0 | 1;
}

/** Every live (ADDED or EXISTING) entry of a snapshot, data and delete manifests alike, with inherited values filled in. */
export async function listLiveEntries(metadata: TableMetadata, store: ObjectStore, snapshotId?: SnapshotId | null): Promise<LiveEntry[]> {
  const manifests = await listManifests(metadata, store, snapshotId);
  const perManifest = await Promise.all(
    manifests.map(async (m) => {
      const manifest = await readManifest(await fetchFile(store, m["manifest-path"], "manifest"), m["manifest-path"]);
      return manifest.entries
        .filter((e) => e.status !== EntryStatus.deleted)
        .map((e): LiveEntry => {
          const inherited = inheritManifestEntry(e, m);
          return { ...inherited, "data-file": { ...inherited["data-file"], "spec-id": m["partition-spec-id"] }, "partition-spec-id": m["partition-spec-id"], "manifest-content": m.content };
        });
    }),
  );
  return perManifest.flat();
}

/** The data files (content 0) of a snapshot — by default the current one of `main`. */
export async function listDataFiles(metadata: TableMetadata, store: ObjectStore, snapshotId?: SnapshotId | null): Promise<DataFile[]> {
  const entries = await listLiveEntries(metadata, store, snapshotId);
  return entries.filter((e) => e["manifest-content"] === 0 && e["data-file"].content === 0).map((e) => e["data-file"]);
}
