/**
 * DataFileSink: routes normalized batches to one open Parquet file per partition, rolls each
 * file when it reaches the target size, and turns closed files into Iceberg DataFiles with the
 * metrics the spec's manifests carry. File names are unique per run (a UUID and a counter), so
 * a rerun never overwrites a file an earlier snapshot references (fixes config-format.md §12 #20).
 */
import type * as arrow from "apache-arrow";
import type { ObjectStore } from "../object-store.ts";
import type { DataFile } from "../iceberg/types.ts";
import { ParquetFileWriter, type ParquetCompression } from "../parquet/parquet-file-writer.ts";
import type { initParquetWasm } from "../parquet/parquet-wasm-init.ts";
import type { ParquetEncoder } from "../parquet/parquet-encoder.ts";
import { wasmParquetEncoder } from "../parquet/wasm-parquet-encoder.ts";
import { ColumnStats } from "../parquet/column-stats.ts";
import type { Kernels } from "../../wasm/index.ts";
import { IngestError } from "../errors.ts";
import { encodeBound, truncateLowerBound, truncateUpperBound } from "../iceberg/bounds.ts";
import { utf8Value } from "../utf8-value.ts";

export interface SinkColumn {
  fieldId: number;
  icebergType: string;
}

export interface PartitionSlice {
  /** Hive-style path under `data/` (`region=eu/ingest_date=2024-06-01`), or "" unpartitioned. */
  path: string;
  /** Partition tuple by partition field name, in the transform's result type. */
  values: Record<string, unknown>;
  batch: arrow.RecordBatch;
}

export interface DataFileSinkOptions {
  store: ObjectStore;
  /** Key prefix of the table's data folder inside the store (no trailing slash). */
  dataKeyPrefix: string;
  /** URI prefix of the same folder, as manifests record it. */
  dataUriPrefix: string;
  runId: string;
  columns: SinkColumn[];
  targetFileBytes: number;
  compression: ParquetCompression;
  footerMetadata: Record<string, string>;
  parquet?: ReturnType<typeof initParquetWasm>;
  /** Encodes the files; default parquet-wasm in this thread (`parquet`, then required). */
  encoder?: ParquetEncoder;
  /** Compute the bounds and null counts; default the TypeScript twins. */
  kernels?: Kernels;
  onFile?: (file: DataFile) => void;
}

interface OpenFile {
  writer: ParquetFileWriter;
  stats: ColumnStats;
  values: Record<string, unknown>;
  /** The batch `stats` already holds, until it is written. */
  scanned?: arrow.RecordBatch;
}

/** Below this many values a first batch says too little about a column to drop its dictionary. */
const MIN_SAMPLE = 1000;

/**
 * A column whose first batch has more distinct values than this share of its values goes
 * without a dictionary.
 * Mostly distinct columns outgrow parquet-rs's dictionary page and fall back to plain after
 * paying for the dictionary; and from about one in eight (order keys, dates over years) zstd
 * on plain values does as well as dictionary indices: a lineitem-shaped table of 1M rows, dates
 * in random order, came out 34.3 MB with those columns plain and 34.7 MB with dictionaries, and
 * building the dictionaries (hashing every value) was about a third of encoding the batch.
 */
const PLAIN_WHEN_DISTINCT_OVER = 1 / 8;

/** Columns to write without a dictionary, judged on the file's first batch (the statistics' sketch). */
function plainColumns(batch: arrow.RecordBatch, stats: ColumnStats): string[] {
  const out: string[] = [];
  batch.schema.fields.forEach((field, c) => {
    const d = stats.distinct(c);
    if (d && d.values >= MIN_SAMPLE && d.distinct > d.values * PLAIN_WHEN_DISTINCT_OVER) out.push(field.name);
  });
  return out;
}

export class DataFileSink {
  private readonly open = new Map<string, OpenFile>();
  private readonly closed: DataFile[] = [];
  private readonly written: string[] = [];
  private counter = 0;
  private readonly encoder: ParquetEncoder;

  constructor(private readonly options: DataFileSinkOptions) {
    const { encoder, parquet } = options;
    if (!encoder && !parquet) throw new IngestError("internal", "DataFileSink needs a Parquet encoder or parquet-wasm (`parquet`) to encode in this thread");
    this.encoder = encoder ?? wasmParquetEncoder(parquet!);
  }

  get files(): readonly DataFile[] {
    return this.closed;
  }

  async write(slice: PartitionSlice): Promise<void> {
    let file = this.open.get(slice.path);
    if (!file) {
      file = this.openFile(slice);
      this.open.set(slice.path, file);
    }
    if (file.scanned !== slice.batch) file.stats.add(slice.batch);
    file.scanned = undefined;
    await file.writer.write(slice.batch);
    if (file.writer.bytesWritten >= this.options.targetFileBytes) {
      this.open.delete(slice.path);
      await this.closeFile(file);
    }
  }

  /** Closes every open file; returns all data files of the run. */
  async finish(): Promise<DataFile[]> {
    const files = [...this.open.values()];
    this.open.clear();
    for (const file of files) await this.closeFile(file);
    return this.closed;
  }

  /** Stops writing and deletes what this run wrote: nothing references those files. */
  async abort(reason: unknown): Promise<void> {
    for (const file of this.open.values()) await file.writer.abort(reason);
    this.open.clear();
    for (const key of this.written) await this.options.store.delete(key).catch(() => {});
  }

  private openFile(slice: PartitionSlice): OpenFile {
    const o = this.options;
    const name = `${String(this.counter++).padStart(5, "0")}-${o.runId}.parquet`;
    const key = [o.dataKeyPrefix, slice.path, name].filter((p) => p !== "").join("/");
    this.written.push(key);
    // The file's first batch is scanned before the writer opens, so its distinct counts can
    // choose the encodings; `write` skips the scan for it.
    const stats = new ColumnStats(o.columns, o.kernels);
    stats.add(slice.batch);
    const writer = new ParquetFileWriter(this.encoder, o.store, key, {
      compression: o.compression,
      rowGroupRows: rowGroupRowsFor(slice.batch, o.targetFileBytes),
      metadata: o.footerMetadata,
      plainColumns: plainColumns(slice.batch, stats),
    });
    return { writer, stats, values: slice.values, scanned: slice.batch };
  }

  private async closeFile(file: OpenFile): Promise<void> {
    const o = this.options;
    const rows = file.writer.rowsWritten;
    const written = await file.writer.close();
    if (rows === 0) {
      await o.store.delete(written.key);
      return;
    }
    const relative = written.key.slice(o.dataKeyPrefix.length + 1);
    const lower = new Map<number, Uint8Array>();
    const upper = new Map<number, Uint8Array>();
    const nulls = new Map<number, number>();
    const nans = new Map<number, number>();
    for (const s of file.stats.stats) {
      nulls.set(s.fieldId, s.nulls);
      if (s.icebergType === "float" || s.icebergType === "double") nans.set(s.fieldId, s.nans);
      if (s.min === undefined || s.max === undefined) continue;
      const [lo, hi] = boundsOf(s.icebergType, s.min, s.max);
      lower.set(s.fieldId, lo);
      if (hi) upper.set(s.fieldId, hi);
    }
    const dataFile: DataFile = {
      content: 0,
      "file-path": `${o.dataUriPrefix}/${relative}`,
      "file-format": "PARQUET",
      partition: file.values,
      "record-count": rows,
      "file-size-in-bytes": written.size,
      "column-sizes": written.footer.columnSizes,
      "value-counts": written.footer.valueCounts,
      "null-value-counts": nulls,
      "nan-value-counts": nans,
      "lower-bounds": lower,
      "upper-bounds": upper,
      "split-offsets": written.footer.splitOffsets,
      "sort-order-id": 0,
    };
    this.closed.push(dataFile);
    o.onFile?.(dataFile);
  }
}

/**
 * Arrow bytes the encoder buffers per row group. 16 MiB rather than 32: a demo-sized file then
 * already fills a group, so a run reaches its memory plateau early and a 10x larger table peaks
 * within a third more (32 MiB encodes about 8% faster but the peak keeps rising longer).
 */
const rowGroupBytes = 16 * 1024 * 1024;

/**
 * Rows per row group, from the width of the rows: a row group buffers about 16 MiB of Arrow data
 * whatever the table's width, so memory stays flat, and at most a quarter of the target file size
 * (compressed Parquet is a few times smaller than Arrow, so a group is a small part of a file and
 * files roll close to their target size). Larger groups than a fixed 128 Ki rows cost
 * parquet-wasm far less: a column chunk's dictionary (1 MiB) is a small part of it, so
 * high-cardinality strings spend less time on a dictionary they then abandon.
 */
function rowGroupRowsFor(batch: arrow.RecordBatch, targetFileBytes: number): number {
  let bytes = 0;
  for (const child of batch.data.children) bytes += dataBytes(child);
  const perRow = Math.max(1, bytes / Math.max(1, batch.numRows));
  const rows = Math.min(rowGroupBytes, Math.max(targetFileBytes / 4, 1024 * 1024)) / perRow;
  return Math.min(1024 * 1024, Math.max(16 * 1024, Math.floor(rows / 1024) * 1024));
}

function dataBytes(data: arrow.Data): number {
  let n = (data.values?.byteLength ?? 0) + (data.valueOffsets?.byteLength ?? 0) + (data.nullBitmap?.byteLength ?? 0);
  for (const child of data.children) n += dataBytes(child);
  return n;
}

/** Appendix D bounds; strings truncated to 16 code points as Java's default `truncate(16)`. */
function boundsOf(type: string, min: unknown, max: unknown): [Uint8Array, Uint8Array | null] {
  if (type === "string") {
    const hi = truncateUpperBound(utf8Value(max as Uint8Array));
    return [encodeBound(type, truncateLowerBound(utf8Value(min as Uint8Array))), hi === null ? null : encodeBound(type, hi)];
  }
  return [encodeBound(type, min), encodeBound(type, max)];
}
