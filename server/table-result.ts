/**
 * LoadTableResult (spec components.schemas.LoadTableResult): metadata-location, metadata,
 * config and, only when the client asked with `X-Iceberg-Access-Delegation`, storage credentials.
 */
import type { LoadedTable, TableIdentifier } from "../runtime/catalog.ts";
import type { TableMetadata } from "../runtime/iceberg/types.ts";
import type { AppContext, Services } from "./app-env.ts";
import { accessDelegationOf } from "./credential-vendor.ts";

export type SnapshotMode = "all" | "refs";

/** `snapshots=refs`: only the snapshots a branch or tag points at (spec loadTable parameter). */
function withSnapshots(metadata: TableMetadata, mode: SnapshotMode): TableMetadata {
  if (mode === "all") return metadata;
  const referenced = new Set(Object.values(metadata.refs ?? {}).map((r) => r["snapshot-id"]));
  return { ...metadata, snapshots: (metadata.snapshots ?? []).filter((s) => referenced.has(s["snapshot-id"])) };
}

/**
 * The wire form, as runtime/iceberg/metadata-json.ts prints files: a table without a current
 * snapshot says `current-snapshot-id: -1` in v1/v2 (what Java sends; pyiceberg and iceberg-rust
 * read -1 as none) and omits it in v3.
 */
export function metadataForWire(metadata: TableMetadata): Record<string, unknown> {
  const { "current-snapshot-id": current, ...rest } = metadata;
  if (current !== null && current !== undefined) return { ...rest, "current-snapshot-id": current };
  return metadata["format-version"] >= 3 ? rest : { ...rest, "current-snapshot-id": -1 };
}

/** A strong ETag over the metadata location and the snapshot mode (spec: they must differ). */
export async function etagOf(metadataLocation: string, mode: SnapshotMode = "all"): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${mode}\n${metadataLocation}`));
  const hex = Array.from(new Uint8Array(digest).slice(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
  return `"${hex}"`;
}

export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((t) => {
    const tag = t.trim().replace(/^W\//, "");
    return tag === "*" || tag === etag;
  });
}

export async function loadTableResult(
  c: AppContext,
  s: Services,
  table: TableIdentifier,
  loaded: LoadedTable,
  mode: SnapshotMode = "all",
): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  if (loaded.metadataLocation) result["metadata-location"] = loaded.metadataLocation;
  result.metadata = metadataForWire(withSnapshots(loaded.metadata, mode));
  const config: Record<string, string> = { ...(loaded.config ?? {}) };
  const mechanisms = accessDelegationOf(c.req.header("x-iceberg-access-delegation"));
  if (mechanisms.length > 0 && s.credentialVendor) {
    const access = await s.credentialVendor.vend({
      warehouse: c.get("warehouse").name,
      table,
      location: loaded.metadata.location,
      mechanisms,
    });
    if (access) {
      Object.assign(config, access.config);
      if (access.storageCredentials.length > 0) result["storage-credentials"] = access.storageCredentials;
    }
  }
  result.config = config;
  return result;
}
