/**
 * Table metadata JSON, read and written losslessly (spec "Table Metadata"). Snapshot ids are
 * random 63-bit longs; every place that holds one is normalized to `bigint` here, so the rest of
 * the runtime compares ids with `===` and never sees a rounded number.
 */
import { IngestError } from "../errors.ts";
import { parseJson, stringifyJson } from "../json/lossless-json.ts";
import type { PartitionSpec, Schema, Snapshot, SnapshotId, SnapshotRef, SortOrder, TableMetadata } from "./types.ts";

/** A snapshot id from JSON: bigint, safe integer, or decimal string. Unsafe numbers were already rounded. */
export function snapshotIdFrom(x: unknown): SnapshotId {
  if (typeof x === "bigint") return x;
  if (typeof x === "number" && Number.isSafeInteger(x)) return BigInt(x);
  if (typeof x === "string" && /^-?\d+$/.test(x)) return BigInt(x);
  if (typeof x === "number" && Number.isInteger(x)) {
    throw new IngestError("catalog.bad_request", `snapshot id ${x} is beyond 2^53 and was already rounded by a lossy JSON parser; parse table metadata with parseJson (runtime/json/lossless-json.ts)`, { value: x });
  }
  throw new IngestError("catalog.bad_request", `snapshot id ${String(x)} is not an integer; fix the table metadata`, { value: String(x) });
}

function optionalSnapshotId(x: unknown): SnapshotId | null {
  if (x === undefined || x === null) return null;
  const id = snapshotIdFrom(x);
  // Java writes -1 for "no snapshot" (spec: current-snapshot-id, "-1 or null").
  return id === -1n ? null : id;
}

const maxLong = (1n << 63n) - 1n;

/**
 * A new snapshot id: positive, random, not used by `metadata`'s snapshots.
 *
 * Kept below 2^53 on purpose: plenty of JSON tooling that reads our tables (jq, JS clients that
 * use JSON.parse, such as iceberg-js 1.0) rounds larger integers, and 53 random bits plus the
 * uniqueness check against existing snapshots make collisions irrelevant. Readers of other
 * writers' ids stay lossless regardless. Pass `{ bits: 63 }` for Java-sized ids.
 */
export function newSnapshotId(crypto: Pick<Crypto, "getRandomValues">, metadata?: Pick<TableMetadata, "snapshots">, options: { bits?: 53 | 63 } = {}): SnapshotId {
  const mask = options.bits === 63 ? maxLong : (1n << 53n) - 1n;
  const used = new Set((metadata?.snapshots ?? []).map((s) => s["snapshot-id"]));
  for (;;) {
    const words = crypto.getRandomValues(new Uint32Array(2));
    const id = ((BigInt(words[0]!) << 32n) | BigInt(words[1]!)) & mask;
    if (id > 0n && !used.has(id)) return id;
  }
}

type Json = Record<string, unknown>;

function asRecord(x: unknown, what: string): Json {
  if (x === null || typeof x !== "object" || Array.isArray(x)) {
    throw new IngestError("catalog.bad_request", `table metadata ${what} is not a JSON object; the metadata file is malformed`, { what });
  }
  return x as Json;
}

function normalizeSnapshot(raw: unknown, formatVersion: number): Snapshot {
  const s = asRecord(raw, "snapshot");
  const out: Json = { ...s, "snapshot-id": snapshotIdFrom(s["snapshot-id"]) };
  const parent = optionalSnapshotId(s["parent-snapshot-id"]);
  if (parent === null) delete out["parent-snapshot-id"];
  else out["parent-snapshot-id"] = parent;
  // Spec "Reading v1 metadata for v2": a snapshot's sequence-number defaults to 0.
  if (formatVersion === 1 && out["sequence-number"] === undefined) out["sequence-number"] = 0;
  if (out.summary === undefined) out.summary = { operation: "append" };
  return out as unknown as Snapshot;
}

function normalizeRef(raw: unknown): SnapshotRef {
  const r = asRecord(raw, "snapshot ref");
  return { ...r, "snapshot-id": snapshotIdFrom(r["snapshot-id"]) } as SnapshotRef;
}

function withSnapshotId(raw: unknown): unknown {
  if (raw === null || typeof raw !== "object") return raw;
  const r = raw as Json;
  return r["snapshot-id"] === undefined ? r : { ...r, "snapshot-id": snapshotIdFrom(r["snapshot-id"]) };
}

/** The highest partition field id of the specs, or 999 when no spec has a field (spec "Partitioning"). */
function lastPartitionId(specs: PartitionSpec[]): number {
  let max = 999;
  for (const spec of specs) for (const f of spec.fields) max = Math.max(max, f["field-id"]);
  return max;
}

/**
 * Parses table metadata (text, or an object that came from `parseJson`). v1 metadata gets the v2
 * shape the spec prescribes for reading it ("Table Metadata Fields", v1 column, and Appendix E
 * "Reading v1 metadata for v2"): `schema` → `schemas`, `partition-spec` → `partition-specs`,
 * missing sequence numbers → 0, missing sort orders → the unsorted order. The format version
 * itself is kept: upgrading a table is a commit (`upgrade-format-version`), not a parse.
 */
export function tableMetadataFromJson(input: string | unknown): TableMetadata {
  let parsed: unknown;
  try {
    parsed = typeof input === "string" ? parseJson(input) : structuredClone(input);
  } catch (e) {
    throw new IngestError("catalog.bad_request", `table metadata is not valid JSON (${(e as Error).message}); the metadata file is truncated or corrupt`, {}, { cause: e });
  }
  const raw = asRecord(parsed, "root");
  const formatVersion = Number(raw["format-version"] ?? 1);
  if (formatVersion !== 1 && formatVersion !== 2 && formatVersion !== 3) {
    throw new IngestError("catalog.unsupported", `table metadata format-version ${String(raw["format-version"])} is not supported; this runtime reads versions 1 to 3`, { formatVersion: raw["format-version"] });
  }
  const m: Json = { ...raw, "format-version": formatVersion };

  if (m.schemas === undefined && m.schema !== undefined) {
    const schema = asRecord(m.schema, "schema") as unknown as Schema;
    const id = schema["schema-id"] ?? 0;
    m.schemas = [{ ...schema, "schema-id": id }];
    m["current-schema-id"] ??= id;
  }
  if (m["partition-specs"] === undefined && Array.isArray(m["partition-spec"])) {
    m["partition-specs"] = [{ "spec-id": 0, fields: m["partition-spec"] }];
    m["default-spec-id"] ??= 0;
  }
  m["current-schema-id"] ??= 0;
  m["default-spec-id"] ??= 0;
  m["partition-specs"] ??= [{ "spec-id": 0, fields: [] }];
  m["last-partition-id"] ??= lastPartitionId(m["partition-specs"] as PartitionSpec[]);
  m["sort-orders"] ??= [{ "order-id": 0, fields: [] } satisfies SortOrder];
  m["default-sort-order-id"] ??= 0;
  m["last-sequence-number"] ??= 0;
  m.properties ??= {};

  m.snapshots = ((m.snapshots as unknown[] | undefined) ?? []).map((s) => normalizeSnapshot(s, formatVersion));
  m["current-snapshot-id"] = optionalSnapshotId(m["current-snapshot-id"]);
  const refs: Record<string, SnapshotRef> = {};
  for (const [name, ref] of Object.entries(asRecord(m.refs ?? {}, "refs"))) refs[name] = normalizeRef(ref);
  // Spec "Snapshot References": without a `main` ref, it is implied by current-snapshot-id.
  if (refs.main === undefined && m["current-snapshot-id"] !== null) {
    refs.main = { "snapshot-id": m["current-snapshot-id"] as SnapshotId, type: "branch" };
  }
  m.refs = refs;
  m["snapshot-log"] = ((m["snapshot-log"] as unknown[] | undefined) ?? []).map(withSnapshotId);
  m["metadata-log"] ??= [];
  if (Array.isArray(m.statistics)) m.statistics = m.statistics.map(withSnapshotId);
  if (Array.isArray(m["partition-statistics"])) m["partition-statistics"] = m["partition-statistics"].map(withSnapshotId);
  return m as unknown as TableMetadata;
}

/**
 * Prints table metadata as JSON with exact 64-bit ids. A null `current-snapshot-id` is written as
 * -1 in v1/v2 (what Java writes, and what older readers expect) and omitted in v3.
 */
export function tableMetadataToJson(m: TableMetadata, space?: number): string {
  const out: Json = { ...m };
  if (out["current-snapshot-id"] === null || out["current-snapshot-id"] === undefined) {
    if (m["format-version"] >= 3) delete out["current-snapshot-id"];
    else out["current-snapshot-id"] = -1;
  }
  return stringifyJson(out, space);
}
