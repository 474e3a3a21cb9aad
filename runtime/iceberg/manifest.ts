/**
 * Manifest files (spec "Manifests"): one Avro entry per data or delete file, with its status,
 * the snapshot that added it, sequence numbers, and the `data_file` struct (path, partition
 * tuple, metrics and bounds). Written with the exact schema and key-value metadata the Java
 * library writes (see manifest-schemas.ts); read by field id, so files by any writer load.
 */
import { type AvroCodec, readAvroContainer, writeAvroContainer } from "../avro/container.ts";
import { IngestError } from "../errors.ts";
import { parseJson, stringifyJson } from "../json/lossless-json.ts";
import { arrayToMap, asRecordType, byId, mapToArray, nonNull } from "./avro-fields.ts";
import { manifestEntrySchema } from "./manifest-schemas.ts";
import { partitionAvroSchema, partitionColumns, partitionValueFromAvro, partitionValueToAvro } from "./partition-avro.ts";
import type { DataFile, PartitionField, PartitionSpec, Schema, SnapshotId } from "./types.ts";

/** Entry status (spec "Manifest Entry Fields", field 0). */
export const EntryStatus = { existing: 0, added: 1, deleted: 2 } as const;

export interface ManifestEntry {
  status: 0 | 1 | 2;
  /** null: inherit the manifest list's `added_snapshot_id`. */
  "snapshot-id": SnapshotId | null;
  /** Data sequence number; null: inherit (ADDED entries only). */
  "sequence-number": number | null;
  /** null: inherit (ADDED entries only). */
  "file-sequence-number": number | null;
  "data-file": DataFile;
}

export interface WriteManifestOptions {
  schema: Schema;
  spec: PartitionSpec;
  entries: ManifestEntry[];
  /** "data" (default) or "deletes": a manifest never mixes them. */
  content?: "data" | "deletes";
  codec?: AvroCodec;
  syncMarker?: Uint8Array;
}

const toBig = (v: unknown): SnapshotId | null => (v === null || v === undefined ? null : BigInt(v as number | bigint));

function dataFileToAvro(file: DataFile, columns: ReturnType<typeof partitionColumns>): Record<string, unknown> {
  const partition: Record<string, unknown> = {};
  for (const c of columns) partition[c.avroName] = partitionValueToAvro(c.type, file.partition[c.name]);
  return {
    content: file.content,
    file_path: file["file-path"],
    file_format: file["file-format"],
    partition,
    record_count: file["record-count"],
    file_size_in_bytes: file["file-size-in-bytes"],
    column_sizes: mapToArray(file["column-sizes"]),
    value_counts: mapToArray(file["value-counts"]),
    null_value_counts: mapToArray(file["null-value-counts"]),
    nan_value_counts: mapToArray(file["nan-value-counts"]),
    lower_bounds: mapToArray(file["lower-bounds"]),
    upper_bounds: mapToArray(file["upper-bounds"]),
    key_metadata: file["key-metadata"] ?? null,
    split_offsets: file["split-offsets"] ?? null,
    equality_ids: file["equality-ids"] ?? null,
    sort_order_id: file["sort-order-id"] ?? null,
    referenced_data_file: file["referenced-data-file"] ?? null,
  };
}

/** Encodes a v2 manifest. Key-value metadata as write-path.md §3: schema, schema-id, partition-spec, partition-spec-id, format-version, content. */
export async function writeManifest(options: WriteManifestOptions): Promise<Uint8Array> {
  const { schema, spec } = options;
  const columns = partitionColumns(spec, schema);
  const avroSchema = manifestEntrySchema(partitionAvroSchema(columns));
  const records = options.entries.map((e) => ({
    status: e.status,
    snapshot_id: e["snapshot-id"],
    sequence_number: e["sequence-number"],
    file_sequence_number: e["file-sequence-number"],
    data_file: dataFileToAvro(e["data-file"], columns),
  }));
  return writeAvroContainer(avroSchema, records, {
    codec: options.codec,
    syncMarker: options.syncMarker,
    metadata: {
      schema: stringifyJson(schema),
      "schema-id": String(schema["schema-id"]),
      "partition-spec": stringifyJson(spec.fields),
      "partition-spec-id": String(spec["spec-id"]),
      "format-version": "2",
      content: options.content ?? "data",
    },
  });
}

export interface Manifest {
  /** Header key-value metadata (schema, partition-spec, …). */
  metadata: Record<string, string>;
  /** From the header; null when the writer did not record it. */
  partitionSpecId: number | null;
  partitionFields: PartitionField[];
  content: "data" | "deletes";
  entries: ManifestEntry[];
}

/** Decodes a manifest of any format version; partition tuples are keyed by partition field name. */
export async function readManifest(bytes: Uint8Array, name = "manifest"): Promise<Manifest> {
  const file = await readAvroContainer(bytes, name);
  const entry = byId(asRecordType(file.type, `${name} root`));
  const dataFileType = entry.type(2);
  if (!dataFileType) throw new IngestError("store.io", `${name} has no data_file field (id 2); it is not an Iceberg manifest`, { name });
  const df = byId(asRecordType(dataFileType, `${name} data_file`));
  const partitionType = df.type(102);
  const partitionRecord = partitionType ? asRecordType(partitionType, `${name} partition`) : null;
  const specFields = file.metadata["partition-spec"] ? (parseJson(file.metadata["partition-spec"]) as PartitionField[]) : [];
  // Partition tuple fields carry the partition field id; name them as the spec does.
  const partitionNames = (partitionRecord?.fields ?? []).map((f) => {
    const id = f.attributes["field-id"];
    return { avroName: f.name, name: specFields.find((s) => s["field-id"] === id)?.name ?? f.name, type: nonNull(f.type) };
  });
  const formatVersion = Number(file.metadata["format-version"] ?? 1);

  const entries = file.records.map((record): ManifestEntry => {
    const d = entry.get(record, 2) as Record<string, unknown>;
    const rawPartition = (df.get(d, 102) ?? {}) as Record<string, unknown>;
    const partition: Record<string, unknown> = {};
    for (const p of partitionNames) partition[p.name] = partitionValueFromAvro(p.type, rawPartition[p.avroName]);
    const dataFile: DataFile = {
      content: ((df.get(d, 134) as number | undefined) ?? 0) as 0 | 1 | 2,
      "file-path": df.get(d, 100) as string,
      "file-format": String(df.get(d, 101)).toUpperCase() as DataFile["file-format"],
      partition,
      "record-count": Number(df.get(d, 103)),
      "file-size-in-bytes": Number(df.get(d, 104)),
    };
    const maps = [[108, "column-sizes"], [109, "value-counts"], [110, "null-value-counts"], [137, "nan-value-counts"], [125, "lower-bounds"], [128, "upper-bounds"]] as const;
    for (const [id, key] of maps) {
      const m = arrayToMap<never>(df.get(d, id));
      if (m) dataFile[key] = m;
    }
    const keyMetadata = df.get(d, 131);
    if (keyMetadata !== undefined) dataFile["key-metadata"] = keyMetadata as Uint8Array | null;
    const splits = df.get(d, 132);
    if (Array.isArray(splits)) dataFile["split-offsets"] = splits.map(Number);
    const equality = df.get(d, 135);
    if (Array.isArray(equality)) dataFile["equality-ids"] = equality as number[];
    const sortOrder = df.get(d, 140);
    if (sortOrder !== undefined) dataFile["sort-order-id"] = sortOrder as number | null;
    const referenced = df.get(d, 143);
    if (referenced !== undefined && referenced !== null) dataFile["referenced-data-file"] = referenced as string;
    const seq = entry.get(record, 3);
    const fileSeq = entry.get(record, 4);
    return {
      status: entry.get(record, 0) as 0 | 1 | 2,
      "snapshot-id": toBig(entry.get(record, 1)),
      // Spec "Reading v1 metadata for v2": v1 manifests have no sequence numbers; they are 0.
      "sequence-number": formatVersion === 1 ? 0 : seq === null || seq === undefined ? null : Number(seq),
      "file-sequence-number": formatVersion === 1 ? 0 : fileSeq === null || fileSeq === undefined ? null : Number(fileSeq),
      "data-file": dataFile,
    };
  });
  const specId = file.metadata["partition-spec-id"];
  return {
    metadata: file.metadata,
    partitionSpecId: specId === undefined ? null : Number(specId),
    partitionFields: specFields,
    content: file.metadata.content === "deletes" ? "deletes" : "data",
    entries,
  };
}

/**
 * Fills in what an entry inherits from its manifest-list row (spec "Sequence Number
 * Inheritance"): a null snapshot id is the manifest's `added_snapshot_id`; null sequence numbers
 * of ADDED entries are the manifest's `sequence_number`.
 */
export function inheritManifestEntry(entry: ManifestEntry, manifest: { "added-snapshot-id": SnapshotId; "sequence-number": number }): ManifestEntry {
  const inherit = (v: number | null) => (v === null && entry.status === EntryStatus.added ? manifest["sequence-number"] : v);
  return {
    ...entry,
    "snapshot-id": entry["snapshot-id"] ?? manifest["added-snapshot-id"],
    "sequence-number": inherit(entry["sequence-number"]),
    "file-sequence-number": inherit(entry["file-sequence-number"]),
  };
}
