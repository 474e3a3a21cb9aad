/**
 * Partitioner: turns the job's `partitioning` list into an Iceberg partition spec and splits
 * each batch into per-partition slices with their Hive-style paths.
 *
 * `ingest_date` is the run's UTC date: a path segment only, never a column, as the original lays
 * files out (config-format.md §11.6) but in UTC rather than host-local time (§12 #27). The
 * table stays unpartitioned for it, as in the original (§11.7). A contract column partitions by
 * identity; `transform(column)` (`day(placed_at)`, `bucket[16](id)`) uses that Iceberg transform.
 */
import * as arrow from "apache-arrow";
import type { PartitionField, PartitionSpec, Schema } from "../iceberg/types.ts";
import { IngestError } from "../errors.ts";
import { parseTransform } from "../iceberg/transforms.ts";
import { twinKernels, type Kernels } from "../../wasm/index.ts";
import { arrowRawValue } from "./arrow-raw-value.ts";
import { kernelPartitionValues } from "./kernel-partition-values.ts";
import type { PartitionSlice } from "./data-file-sink.ts";

interface SpecField {
  field: PartitionField;
  column: number;
  sourceType: string;
  transform: ReturnType<typeof parseTransform>;
}

export interface Partitioner {
  spec: PartitionSpec;
  split(batch: arrow.RecordBatch): PartitionSlice[];
}

const transformed = /^([a-z]+(?:\[\d+\])?)\((.+)\)$/;

export function partitionSpecFor(partitioning: string[], schema: Schema, specId = 0): PartitionSpec {
  const fields: PartitionField[] = [];
  let nextId = 1000;
  for (const entry of partitioning) {
    if (entry === "ingest_date") continue;
    const m = transformed.exec(entry.trim());
    const transform = m ? m[1]! : "identity";
    const column = m ? m[2]!.trim() : entry.trim();
    const source = schema.fields.find((f) => f.name === column);
    if (!source) {
      throw new IngestError(
        "config.invalid",
        `partition column \`${column}\` is not in the contract; add it to the asset schema or remove it from target.partitioning`,
        { column },
      );
    }
    const name = transform === "identity" ? column : `${column}_${transform.replace(/\[(\d+)\]/, "_$1")}`;
    fields.push({ "source-id": source.id, "field-id": nextId++, name, transform });
  }
  return { "spec-id": specId, fields };
}

/** `kernels` compute bucket[N] and truncate[W] a column at a time; default the TypeScript twins. */
export function createPartitioner(partitioning: string[], spec: PartitionSpec, schema: Schema, ingestDate: string, kernels: Kernels = twinKernels()): Partitioner {
  const datePath = partitioning.includes("ingest_date") ? `ingest_date=${ingestDate}` : "";
  const specFields: SpecField[] = spec.fields.map((field) => {
    const column = schema.fields.findIndex((f) => f.id === field["source-id"]);
    return { field, column, sourceType: String(schema.fields[column]!.type), transform: parseTransform(field.transform) };
  });
  return {
    spec,
    split(batch) {
      if (specFields.length === 0) return [{ path: datePath, values: {}, batch }];
      // Consecutive rows with the same tuple become one slice: sorted input stays in large slices.
      const slices: PartitionSlice[] = [];
      const vectors = specFields.map((s) => batch.getChildAt(s.column)!);
      const precomputed = specFields.map((s, i) => kernelPartitionValues(kernels, s.transform.name, s.sourceType, vectors[i]!));
      let start = 0;
      let currentKey = "";
      let currentValues: Record<string, unknown> = {};
      let currentPath = "";
      for (let row = 0; row < batch.numRows; row++) {
        const values: Record<string, unknown> = {};
        const parts: string[] = [];
        for (let i = 0; i < specFields.length; i++) {
          const s = specFields[i]!;
          const column = precomputed[i];
          const value = column ? column[row] : s.transform.apply(s.sourceType, arrowRawValue(vectors[i]!, row));
          values[s.field.name] = value;
          parts.push(`${encodeURIComponent(s.field.name)}=${encodeURIComponent(s.transform.humanString(s.sourceType, value))}`);
        }
        if (datePath) parts.push(datePath);
        const path = parts.join("/");
        if (row === 0) {
          currentKey = path;
          currentValues = values;
          currentPath = path;
        } else if (path !== currentKey) {
          slices.push({ path: currentPath, values: currentValues, batch: batch.slice(start, row) });
          start = row;
          currentKey = path;
          currentValues = values;
          currentPath = path;
        }
      }
      if (batch.numRows > 0) slices.push({ path: currentPath, values: currentValues, batch: batch.slice(start, batch.numRows) });
      return slices;
    },
  };
}
