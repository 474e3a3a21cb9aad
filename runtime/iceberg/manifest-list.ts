/**
 * Manifest lists (spec "Manifest Lists"): one row per manifest of a snapshot, with its sequence
 * numbers, file/row counts and per-partition-field summaries. Written with Java's v2 schema and
 * key-value metadata (snapshot-id, parent-snapshot-id, sequence-number, format-version); read by
 * field id, so v1 lists and older field names load too.
 */
import { type AvroCodec, readAvroContainer, writeAvroContainer } from "../avro/container.ts";
import { encodeBound } from "./bounds.ts";
import { asRecordType, byId } from "./avro-fields.ts";
import { compareValues } from "./compare-values.ts";
import type { ManifestEntry } from "./manifest.ts";
import { manifestFileSchema } from "./manifest-schemas.ts";
import type { PartitionColumn } from "./partition-avro.ts";
import type { SnapshotId } from "./types.ts";

export interface FieldSummary {
  "contains-null": boolean;
  "contains-nan"?: boolean | null;
  "lower-bound"?: Uint8Array | null;
  "upper-bound"?: Uint8Array | null;
}

export interface ManifestFile {
  "manifest-path": string;
  "manifest-length": number;
  "partition-spec-id": number;
  /** 0 data, 1 deletes. */
  content: 0 | 1;
  "sequence-number": number;
  "min-sequence-number": number;
  "added-snapshot-id": SnapshotId;
  "added-files-count": number;
  "existing-files-count": number;
  "deleted-files-count": number;
  "added-rows-count": number;
  "existing-rows-count": number;
  "deleted-rows-count": number;
  partitions?: FieldSummary[] | null;
  "key-metadata"?: Uint8Array | null;
}

export interface WriteManifestListOptions {
  snapshotId: SnapshotId;
  parentSnapshotId: SnapshotId | null;
  sequenceNumber: number;
  manifests: ManifestFile[];
  codec?: AvroCodec;
  syncMarker?: Uint8Array;
}

export async function writeManifestList(options: WriteManifestListOptions): Promise<Uint8Array> {
  const records = options.manifests.map((m) => ({
    manifest_path: m["manifest-path"],
    manifest_length: m["manifest-length"],
    partition_spec_id: m["partition-spec-id"],
    content: m.content,
    sequence_number: m["sequence-number"],
    min_sequence_number: m["min-sequence-number"],
    added_snapshot_id: m["added-snapshot-id"],
    added_files_count: m["added-files-count"],
    existing_files_count: m["existing-files-count"],
    deleted_files_count: m["deleted-files-count"],
    added_rows_count: m["added-rows-count"],
    existing_rows_count: m["existing-rows-count"],
    deleted_rows_count: m["deleted-rows-count"],
    partitions:
      m.partitions?.map((p) => ({
        contains_null: p["contains-null"],
        contains_nan: p["contains-nan"] ?? null,
        lower_bound: p["lower-bound"] ?? null,
        upper_bound: p["upper-bound"] ?? null,
      })) ?? null,
    key_metadata: m["key-metadata"] ?? null,
  }));
  return writeAvroContainer(manifestFileSchema, records, {
    codec: options.codec,
    syncMarker: options.syncMarker,
    metadata: {
      "snapshot-id": String(options.snapshotId),
      "parent-snapshot-id": options.parentSnapshotId === null ? "null" : String(options.parentSnapshotId),
      "sequence-number": String(options.sequenceNumber),
      "format-version": "2",
    },
  });
}

const num = (v: unknown, fallback = 0) => (v === null || v === undefined ? fallback : Number(v));

/** Decodes a manifest list (v1 or v2). v1 rows get sequence numbers 0 and content 0 (spec Appendix E). */
export async function readManifestList(bytes: Uint8Array, name = "manifest list"): Promise<ManifestFile[]> {
  const file = await readAvroContainer(bytes, name);
  const row = byId(asRecordType(file.type, `${name} root`));
  const partitionsType = row.type(507);
  let summary: ReturnType<typeof byId> | null = null;
  if (partitionsType) {
    const arrayType = partitionsType.type === "union" ? partitionsType.branches.find((b) => b.type === "array") : partitionsType;
    if (arrayType?.type === "array") summary = byId(asRecordType(arrayType.items, `${name} field_summary`));
  }
  return file.records.map((r): ManifestFile => {
    const partitions = row.get(r, 507);
    const out: ManifestFile = {
      "manifest-path": row.get(r, 500) as string,
      "manifest-length": num(row.get(r, 501)),
      "partition-spec-id": num(row.get(r, 502)),
      content: num(row.get(r, 517)) as 0 | 1,
      "sequence-number": num(row.get(r, 515)),
      "min-sequence-number": num(row.get(r, 516)),
      "added-snapshot-id": BigInt(row.get(r, 503) as number | bigint),
      "added-files-count": num(row.get(r, 504)),
      "existing-files-count": num(row.get(r, 505)),
      "deleted-files-count": num(row.get(r, 506)),
      "added-rows-count": num(row.get(r, 512)),
      "existing-rows-count": num(row.get(r, 513)),
      "deleted-rows-count": num(row.get(r, 514)),
      partitions:
        Array.isArray(partitions) && summary
          ? partitions.map((p) => ({
              "contains-null": Boolean(summary!.get(p, 509)),
              "contains-nan": (summary!.get(p, 518) as boolean | null | undefined) ?? null,
              "lower-bound": (summary!.get(p, 510) as Uint8Array | null | undefined) ?? null,
              "upper-bound": (summary!.get(p, 511) as Uint8Array | null | undefined) ?? null,
            }))
          : null,
    };
    const keyMetadata = row.get(r, 519);
    if (keyMetadata !== undefined && keyMetadata !== null) out["key-metadata"] = keyMetadata as Uint8Array;
    return out;
  });
}

/** Per partition field: null/NaN presence and min/max of the partition values, in the result type's Appendix D encoding. */
export function summarizePartitions(columns: PartitionColumn[], entries: ManifestEntry[]): FieldSummary[] {
  return columns.map((c) => {
    let containsNull = false;
    let containsNan = false;
    let lower: unknown = undefined;
    let upper: unknown = undefined;
    for (const e of entries) {
      const v = e["data-file"].partition[c.name];
      if (v === null || v === undefined) containsNull = true;
      else if (typeof v === "number" && Number.isNaN(v)) containsNan = true;
      else {
        if (lower === undefined || compareValues(c.type, v, lower) < 0) lower = v;
        if (upper === undefined || compareValues(c.type, v, upper) > 0) upper = v;
      }
    }
    return {
      "contains-null": containsNull,
      "contains-nan": containsNan,
      "lower-bound": lower === undefined ? null : encodeBound(c.type, lower),
      "upper-bound": upper === undefined ? null : encodeBound(c.type, upper),
    };
  });
}
