/**
 * Iceberg data-file metrics that only the written file knows: per-column compressed sizes,
 * value counts and row-group offsets, read from the Parquet footer (spec "Manifests": fields
 * 108 column_sizes, 109 value_counts, 132 split_offsets; Java `ParquetMetrics`).
 */
import { parquetMetadata } from "hyparquet";

export interface FooterMetrics {
  rowCount: number;
  columnSizes: Map<number, number>;
  valueCounts: Map<number, number>;
  nullCounts: Map<number, number>;
  splitOffsets: number[];
}

/** Parses the footer from the file's last bytes (the tail must hold the whole footer). */
export function footerMetrics(tail: Uint8Array): FooterMetrics {
  const buffer = tail.byteOffset === 0 && tail.byteLength === tail.buffer.byteLength
    ? (tail.buffer as ArrayBuffer)
    : (tail.slice().buffer as ArrayBuffer);
  const meta = parquetMetadata(buffer);
  // Leaf columns carry the Iceberg field id; map path_in_schema → id.
  const idByPath = new Map<string, number>();
  const stack: string[] = [];
  const walk = (index: number): number => {
    const el = meta.schema[index]!;
    const children = el.num_children ?? 0;
    if (index > 0) stack.push(el.name);
    let next = index + 1;
    for (let c = 0; c < children; c++) next = walk(next);
    if (children === 0 && el.field_id !== undefined) idByPath.set(stack.join("."), el.field_id);
    if (index > 0) stack.pop();
    return next;
  };
  walk(0);
  const columnSizes = new Map<number, number>();
  const valueCounts = new Map<number, number>();
  const nullCounts = new Map<number, number>();
  const splitOffsets: number[] = [];
  for (const rg of meta.row_groups) {
    let start = Number.POSITIVE_INFINITY;
    for (const chunk of rg.columns) {
      const md = chunk.meta_data;
      if (!md) continue;
      const offset = Number(md.dictionary_page_offset ?? md.data_page_offset);
      if (offset < start) start = offset;
      const id = idByPath.get(md.path_in_schema.join("."));
      if (id === undefined) continue;
      add(columnSizes, id, Number(md.total_compressed_size));
      add(valueCounts, id, Number(md.num_values));
      const nulls = md.statistics?.null_count;
      if (nulls !== undefined) add(nullCounts, id, Number(nulls));
    }
    if (Number.isFinite(start)) splitOffsets.push(start);
  }
  splitOffsets.sort((a, b) => a - b);
  return { rowCount: Number(meta.num_rows), columnSizes, valueCounts, nullCounts, splitOffsets };
}

function add(map: Map<number, number>, key: number, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}
