/**
 * Where a table's files live in an ObjectStore. Iceberg metadata holds absolute locations
 * (`s3://bucket/db/t/metadata/…`); the store addresses keys relative to its root.
 */
import { IngestError } from "../errors.ts";
import { keyOf, type ObjectStore } from "../object-store.ts";
import type { TableMetadata } from "./types.ts";

/** The key of an absolute location, or an error that names both the location and the store root. */
export function storeKeyOf(store: ObjectStore, location: string, what: string): string {
  const key = keyOf(store, location);
  if (key === null) {
    throw new IngestError("config.invalid", `${what} ${location} is outside the object store at ${store.root}; point the store at the table's warehouse or fix the table location`, { location, root: store.root });
  }
  return key;
}

/** The table's metadata folder as a store key: `write.metadata.path` or `<location>/metadata` (spec "Table Properties"). */
export function metadataKeyPrefix(metadata: TableMetadata, store: ObjectStore): string {
  const dir = metadata.properties["write.metadata.path"] ?? `${metadata.location.replace(/\/+$/, "")}/metadata`;
  return storeKeyOf(store, dir, "table metadata folder");
}
