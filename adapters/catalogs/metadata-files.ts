/**
 * Metadata files of the pointer-backed catalogs, in the warehouse ObjectStore.
 *
 * Names follow the Java library (`BaseMetastoreTableOperations.newTableMetadataFilePath`):
 * `<table location>/metadata/<5-digit version>-<uuid>.metadata.json`. Each is created with
 * `ifNoneMatch: "*"`, so a metadata file is never overwritten: a commit only ever adds a file
 * and then moves a pointer to it (spec "Metastore Tables").
 */
import { IngestError, isIngestError } from "../../runtime/errors.ts";
import { readManifest } from "../../runtime/iceberg/manifest.ts";
import { tableMetadataFromJson, tableMetadataToJson } from "../../runtime/iceberg/metadata-json.ts";
import { listManifests } from "../../runtime/iceberg/table-scan.ts";
import type { TableMetadata } from "../../runtime/iceberg/types.ts";
import { keyOf, type ObjectStore } from "../../runtime/object-store.ts";

/** The version number in a metadata file name (`00042-….metadata.json` → 42), or -1. */
export function metadataVersion(location: string): number {
  const match = /\/(\d+)-[^/]*\.metadata\.json(\.gz)?$/.exec(location) ?? /\/v(\d+)\.metadata\.json$/.exec(location);
  return match ? Number(match[1]) : -1;
}

export function metadataFileLocation(metadata: TableMetadata, version: number, uuid: string): string {
  return `${metadata.location}/metadata/${String(version).padStart(5, "0")}-${uuid}.metadata.json`;
}

export function keyInStore(store: ObjectStore, location: string, what: string): string {
  const key = keyOf(store, location);
  if (key === null) {
    throw new IngestError(
      "catalog.bad_request",
      `${what} ${location} is outside the warehouse store ${store.root}; use a location under ${store.root}/`,
      { location, root: store.root },
    );
  }
  return key;
}

export async function readMetadata(store: ObjectStore, location: string): Promise<TableMetadata> {
  const bytes = await store.get(keyInStore(store, location, "metadata file"));
  if (bytes === null) {
    throw new IngestError("store.not_found", `metadata file ${location} does not exist; the table pointer is stale or the file was deleted`, { location });
  }
  return tableMetadataFromJson(new TextDecoder().decode(bytes));
}

/** Writes a new metadata file and returns its location; never replaces an existing file. */
export async function writeMetadata(store: ObjectStore, metadata: TableMetadata, version: number): Promise<string> {
  const location = metadataFileLocation(metadata, version, crypto.randomUUID());
  const key = keyInStore(store, location, "table metadata location");
  await store.put(key, new TextEncoder().encode(tableMetadataToJson(metadata)), { ifNoneMatch: "*", contentType: "application/json" });
  return location;
}

/**
 * Deletes the files a purged table references (Java `CatalogUtil.dropTableData`): its metadata
 * files (current and metadata-log), every snapshot's manifest list, manifests and the data and
 * delete files they list, and statistics files. Only reachable files go — never a whole
 * folder, which another table registered at the same location may still use. Files already
 * missing and files outside the store are skipped.
 */
export async function purgeTableFiles(store: ObjectStore, metadataLocation: string, metadata: TableMetadata): Promise<void> {
  const locations = new Set<string>([metadataLocation]);
  for (const entry of metadata["metadata-log"]) locations.add(entry["metadata-file"]);
  for (const list of [metadata.statistics ?? [], metadata["partition-statistics"] ?? []]) {
    for (const file of list as { "statistics-path"?: string }[]) if (file["statistics-path"]) locations.add(file["statistics-path"]);
  }
  const manifests = new Set<string>();
  for (const snapshot of metadata.snapshots) {
    if (typeof snapshot["manifest-list"] !== "string" || keyOf(store, snapshot["manifest-list"]) === null) continue;
    locations.add(snapshot["manifest-list"]);
    for (const m of await missingAsEmpty(listManifests(metadata, store, snapshot["snapshot-id"]))) manifests.add(m["manifest-path"]);
  }
  for (const path of manifests) {
    locations.add(path);
    const key = keyOf(store, path);
    const bytes = key === null ? null : await store.get(key);
    if (bytes === null) continue;
    for (const entry of (await readManifest(bytes, path)).entries) locations.add(entry["data-file"]["file-path"]);
  }
  const keys = [...locations].map((l) => keyOf(store, l)).filter((k): k is string => k !== null);
  await Promise.all(keys.map((key) => store.delete(key)));
}

async function missingAsEmpty<T>(p: Promise<T[]>): Promise<T[]> {
  try {
    return await p;
  } catch (e) {
    if (isIngestError(e, "store.not_found")) return [];
    throw e;
  }
}
