/**
 * The working state of one `applyUpdates` call, shared by the update handlers: the metadata being
 * built and what Java's `TableMetadata.Builder` tracks beside it (ids added last for the `-1`
 * shorthands, snapshots added, main-branch moves, whether anything changed).
 */
import { IngestError } from "../errors.ts";
import { stringifyJson } from "../json/lossless-json.ts";
import type { SnapshotId, TableMetadata } from "./types.ts";

/** An invalid update: 400 in REST terms. */
export function bad(message: string, details: Record<string, unknown> = {}): IngestError {
  return new IngestError("catalog.bad_request", message, details);
}

/** JSON with sorted keys: schemas, specs and orders compare equal whatever order a client sent. */
export function canonical(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v === null || typeof v !== "object") return v;
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]));
  };
  return stringifyJson(sort(value));
}

/** The metadata being built (a private copy) and the builder state beside it. */
export interface Draft {
  m: TableMetadata;
  changed: boolean;
  lastAddedSchemaId?: number;
  lastAddedSpecId?: number;
  lastAddedOrderId?: number;
  lastUpdated?: number;
  added: Set<SnapshotId>;
  mainRefSets: SnapshotId[];
  removedSnapshots: boolean;
  now: number;
}

export function integer(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value)) throw bad(`${what} must be an integer, got ${String(value)}`);
  return value;
}
