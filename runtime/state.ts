/**
 * State: the per-stream cursor. With a catalog it lives in the table's properties and is written
 * by the same Iceberg commit as the data it describes, so a crash leaves either the old snapshot
 * with the old cursor or the new snapshot with the new cursor (DESIGN.md, "How a run flows").
 * Without a catalog (S3-only jobs) it is a JSON object in the store, written after the data:
 * a crash between the two re-reads the last files, it never skips them.
 */
import type { ObjectStore } from "./object-store.ts";
import type { Cursor } from "./source.ts";
import { IngestError } from "./errors.ts";

const PREFIX = "dativo.state.";

/** The table property that holds a stream's cursor. */
export function statePropertyKey(stream: string): string {
  return PREFIX + stream;
}

export function cursorFromProperties(properties: Record<string, string>, stream: string): Cursor | undefined {
  const text = properties[statePropertyKey(stream)];
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Cursor;
  } catch (cause) {
    throw new IngestError(
      "internal",
      `table property \`${statePropertyKey(stream)}\` is not valid JSON; remove the property to re-read the stream from the start`,
      {},
      { cause },
    );
  }
}

export function cursorProperties(stream: string, cursor: Cursor): Record<string, string> {
  return { [statePropertyKey(stream)]: JSON.stringify(cursor) };
}

/** Where a catalog-less job keeps its cursor: beside the data, one object per stream. */
export function stateObjectKey(tenant: string, stream: string): string {
  return `_dativo/state/${encodeURIComponent(tenant)}/${encodeURIComponent(stream)}.json`;
}

export async function readStateObject(store: ObjectStore, key: string): Promise<Cursor | undefined> {
  const bytes = await store.get(key);
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as Cursor;
  } catch (cause) {
    throw new IngestError("internal", `state object \`${key}\` in ${store.root} is not valid JSON; delete it to re-read the stream from the start`, {}, { cause });
  }
}

export async function writeStateObject(store: ObjectStore, key: string, cursor: Cursor): Promise<void> {
  await store.put(key, new TextEncoder().encode(JSON.stringify(cursor, null, 2)), { contentType: "application/json" });
}
