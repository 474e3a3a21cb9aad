/**
 * The Iceberg table metadata model, as the JSON of the spec ("Table Metadata Fields",
 * https://iceberg.apache.org/spec/#table-metadata-fields) with one change: snapshot ids are
 * `bigint`, because they are random 63-bit longs that JSON.parse would corrupt. Parse and print
 * metadata only through `runtime/iceberg/metadata-json.ts`, which is lossless.
 */

export type SnapshotId = bigint;

export type PrimitiveType = string; // "long", "decimal(10, 2)", "fixed[16]", "timestamptz", …

export interface NestedField {
  id: number;
  name: string;
  required: boolean;
  type: IcebergType;
  doc?: string;
  "initial-default"?: unknown;
  "write-default"?: unknown;
}

export interface StructType {
  type: "struct";
  fields: NestedField[];
}

export interface ListType {
  type: "list";
  "element-id": number;
  element: IcebergType;
  "element-required": boolean;
}

export interface MapType {
  type: "map";
  "key-id": number;
  key: IcebergType;
  "value-id": number;
  value: IcebergType;
  "value-required": boolean;
}

export type IcebergType = PrimitiveType | StructType | ListType | MapType;

export interface Schema extends StructType {
  "schema-id": number;
  "identifier-field-ids"?: number[];
}

export interface PartitionField {
  "source-id": number;
  "field-id": number;
  name: string;
  /** identity, year, month, day, hour, bucket[N], truncate[W], void */
  transform: string;
}

export interface PartitionSpec {
  "spec-id": number;
  fields: PartitionField[];
}

export interface SortField {
  transform: string;
  "source-id": number;
  direction: "asc" | "desc";
  "null-order": "nulls-first" | "nulls-last";
}

export interface SortOrder {
  "order-id": number;
  fields: SortField[];
}

export interface Snapshot {
  "snapshot-id": SnapshotId;
  "parent-snapshot-id"?: SnapshotId;
  "sequence-number"?: number;
  "timestamp-ms": number;
  "manifest-list": string;
  summary: { operation: string; [key: string]: string };
  "schema-id"?: number;
  [extra: string]: unknown;
}

export interface SnapshotRef {
  "snapshot-id": SnapshotId;
  type: "branch" | "tag";
  "min-snapshots-to-keep"?: number;
  "max-snapshot-age-ms"?: number;
  "max-ref-age-ms"?: number;
}

export interface TableMetadata {
  "format-version": 1 | 2 | 3;
  "table-uuid": string;
  location: string;
  "last-sequence-number": number;
  "last-updated-ms": number;
  "last-column-id": number;
  "current-schema-id": number;
  schemas: Schema[];
  "default-spec-id": number;
  "partition-specs": PartitionSpec[];
  "last-partition-id": number;
  "default-sort-order-id": number;
  "sort-orders": SortOrder[];
  properties: Record<string, string>;
  /** Absent or null when the table has no snapshot (Java writes -1; the parser maps it to null). */
  "current-snapshot-id"?: SnapshotId | null;
  snapshots: Snapshot[];
  "snapshot-log": { "timestamp-ms": number; "snapshot-id": SnapshotId }[];
  "metadata-log": { "timestamp-ms": number; "metadata-file": string }[];
  refs: Record<string, SnapshotRef>;
  statistics?: unknown[];
  "partition-statistics"?: unknown[];
  [extra: string]: unknown;
}

/** The `data_file` struct of a manifest entry (spec "Manifests", field ids 100–146). */
export interface DataFile {
  content: 0 | 1 | 2;
  "file-path": string;
  "file-format": "PARQUET" | "AVRO" | "ORC";
  /** Partition tuple keyed by partition field name, values in the transform's result type. */
  partition: Record<string, unknown>;
  "record-count": number;
  "file-size-in-bytes": number;
  "column-sizes"?: Map<number, number>;
  "value-counts"?: Map<number, number>;
  "null-value-counts"?: Map<number, number>;
  "nan-value-counts"?: Map<number, number>;
  /** Appendix D single-value binary encoding. */
  "lower-bounds"?: Map<number, Uint8Array>;
  "upper-bounds"?: Map<number, Uint8Array>;
  "key-metadata"?: Uint8Array | null;
  "split-offsets"?: number[];
  "equality-ids"?: number[];
  "sort-order-id"?: number | null;
  /**
   * The partition spec the `partition` tuple follows; absent = the table's default spec. Not
   * written to manifests (a manifest has one spec, recorded in its header).
   */
  "spec-id"?: number;
  /** Position delete files only: the one data file all their deletes reference (field 143). */
  "referenced-data-file"?: string | null;
}

/** Table requirements of a commit (REST spec `TableRequirement`). */
export type TableRequirement =
  | { type: "assert-create" }
  | { type: "assert-table-uuid"; uuid: string }
  | { type: "assert-ref-snapshot-id"; ref: string; "snapshot-id": SnapshotId | null }
  | { type: "assert-last-assigned-field-id"; "last-assigned-field-id": number }
  | { type: "assert-current-schema-id"; "current-schema-id": number }
  | { type: "assert-last-assigned-partition-id"; "last-assigned-partition-id": number }
  | { type: "assert-default-spec-id"; "default-spec-id": number }
  | { type: "assert-default-sort-order-id"; "default-sort-order-id": number };

/** Table updates of a commit (REST spec `TableUpdate`). */
export type TableUpdate =
  | { action: "assign-uuid"; uuid: string }
  | { action: "upgrade-format-version"; "format-version": number }
  | { action: "add-schema"; schema: Schema; "last-column-id"?: number }
  | { action: "set-current-schema"; "schema-id": number }
  | { action: "add-spec"; spec: PartitionSpec }
  | { action: "set-default-spec"; "spec-id": number }
  | { action: "add-sort-order"; "sort-order": SortOrder }
  | { action: "set-default-sort-order"; "sort-order-id": number }
  | { action: "add-snapshot"; snapshot: Snapshot }
  | ({ action: "set-snapshot-ref"; "ref-name": string } & SnapshotRef)
  | { action: "remove-snapshots"; "snapshot-ids": SnapshotId[] }
  | { action: "remove-snapshot-ref"; "ref-name": string }
  | { action: "set-location"; location: string }
  | { action: "set-properties"; updates: Record<string, string> }
  | { action: "remove-properties"; removals: string[] }
  | { action: "set-statistics"; statistics: unknown; "snapshot-id"?: SnapshotId }
  | { action: "remove-statistics"; "snapshot-id": SnapshotId }
  | { action: "set-partition-statistics"; "partition-statistics": unknown }
  | { action: "remove-partition-statistics"; "snapshot-id": SnapshotId }
  | { action: "remove-partition-specs"; "spec-ids": number[] }
  | { action: "remove-schemas"; "schema-ids": number[] };
