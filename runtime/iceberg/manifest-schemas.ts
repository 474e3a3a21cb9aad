/**
 * The Avro schemas of v2 manifests and manifest lists, exactly as the Java library (1.8) writes
 * them (spec "Manifests", "Manifest Lists"; Java `V2Metadata`): a field id on every field, an
 * element id on every array, int-keyed maps as arrays of `k<key>_v<value>` records marked
 * `"logicalType": "map"`, and Java's record names (`manifest_file`, `r508`, `manifest_entry`,
 * `r2`, `r102`). Named types are defined inline once and never referenced by name.
 */
import type { AvroSchemaJson } from "../avro/schema.ts";

const optional = (name: string, type: AvroSchemaJson, doc: string, fieldId: number) => ({ name, type: ["null", type], doc, default: null, "field-id": fieldId });

const intMap = (keyId: number, valueId: number, value: "long" | "bytes") => ({
  type: "array",
  items: { type: "record", name: `k${keyId}_v${valueId}`, fields: [{ name: "key", type: "int", "field-id": keyId }, { name: "value", type: value, "field-id": valueId }] },
  logicalType: "map",
});

export const manifestFileSchema = {
  type: "record",
  name: "manifest_file",
  fields: [
    { name: "manifest_path", type: "string", doc: "Location URI with FS scheme", "field-id": 500 },
    { name: "manifest_length", type: "long", doc: "Total file size in bytes", "field-id": 501 },
    { name: "partition_spec_id", type: "int", doc: "Spec ID used to write", "field-id": 502 },
    { name: "content", type: "int", doc: "Contents of the manifest: 0=data, 1=deletes", "field-id": 517 },
    { name: "sequence_number", type: "long", doc: "Sequence number when the manifest was added", "field-id": 515 },
    { name: "min_sequence_number", type: "long", doc: "Lowest sequence number in the manifest", "field-id": 516 },
    { name: "added_snapshot_id", type: "long", doc: "Snapshot ID that added the manifest", "field-id": 503 },
    { name: "added_files_count", type: "int", doc: "Added entry count", "field-id": 504 },
    { name: "existing_files_count", type: "int", doc: "Existing entry count", "field-id": 505 },
    { name: "deleted_files_count", type: "int", doc: "Deleted entry count", "field-id": 506 },
    { name: "added_rows_count", type: "long", doc: "Added rows count", "field-id": 512 },
    { name: "existing_rows_count", type: "long", doc: "Existing rows count", "field-id": 513 },
    { name: "deleted_rows_count", type: "long", doc: "Deleted rows count", "field-id": 514 },
    optional(
      "partitions",
      {
        type: "array",
        items: {
          type: "record",
          name: "r508",
          fields: [
            { name: "contains_null", type: "boolean", doc: "True if any file has a null partition value", "field-id": 509 },
            optional("contains_nan", "boolean", "True if any file has a nan partition value", 518),
            optional("lower_bound", "bytes", "Partition lower bound for all files", 510),
            optional("upper_bound", "bytes", "Partition upper bound for all files", 511),
          ],
        },
        "element-id": 508,
      },
      "Summary for each partition",
      507,
    ),
    optional("key_metadata", "bytes", "Encryption key metadata blob", 519),
  ],
} as const;

/** `manifest_entry` with the given partition tuple record (`r102`). */
export function manifestEntrySchema(partition: AvroSchemaJson): AvroSchemaJson {
  return {
    type: "record",
    name: "manifest_entry",
    fields: [
      { name: "status", type: "int", "field-id": 0 },
      { name: "snapshot_id", type: ["null", "long"], default: null, "field-id": 1 },
      { name: "sequence_number", type: ["null", "long"], default: null, "field-id": 3 },
      { name: "file_sequence_number", type: ["null", "long"], default: null, "field-id": 4 },
      {
        name: "data_file",
        type: {
          type: "record",
          name: "r2",
          fields: [
            { name: "content", type: "int", doc: "Contents of the file: 0=data, 1=position deletes, 2=equality deletes", "field-id": 134 },
            { name: "file_path", type: "string", doc: "Location URI with FS scheme", "field-id": 100 },
            { name: "file_format", type: "string", doc: "File format name: avro, orc, or parquet", "field-id": 101 },
            { name: "partition", type: partition, doc: "Partition data tuple, schema based on the partition spec", "field-id": 102 },
            { name: "record_count", type: "long", doc: "Number of records in the file", "field-id": 103 },
            { name: "file_size_in_bytes", type: "long", doc: "Total file size in bytes", "field-id": 104 },
            optional("column_sizes", intMap(117, 118, "long"), "Map of column id to total size on disk", 108),
            optional("value_counts", intMap(119, 120, "long"), "Map of column id to total count, including null and NaN", 109),
            optional("null_value_counts", intMap(121, 122, "long"), "Map of column id to null value count", 110),
            optional("nan_value_counts", intMap(138, 139, "long"), "Map of column id to number of NaN values in the column", 137),
            optional("lower_bounds", intMap(126, 127, "bytes"), "Map of column id to lower bound", 125),
            optional("upper_bounds", intMap(129, 130, "bytes"), "Map of column id to upper bound", 128),
            optional("key_metadata", "bytes", "Encryption key metadata blob", 131),
            optional("split_offsets", { type: "array", items: "long", "element-id": 133 }, "Splittable offsets", 132),
            optional("equality_ids", { type: "array", items: "int", "element-id": 136 }, "Equality comparison field IDs", 135),
            optional("sort_order_id", "int", "Sort order ID", 140),
            optional("referenced_data_file", "string", "Fully qualified location (URI with FS scheme) of a data file that all deletes reference", 143),
          ],
        },
        "field-id": 2,
      },
    ],
  };
}
