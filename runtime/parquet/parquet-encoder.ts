/**
 * ParquetEncoder: turns Arrow IPC streams into Parquet bytes. The portable core only needs this
 * much, so a platform root may encode elsewhere (a worker thread) while the default encodes in
 * the calling thread with parquet-wasm (`wasm-parquet-encoder.ts`).
 */
export type ParquetCompression = "zstd" | "snappy" | "gzip" | "none";

export interface ParquetFileOptions {
  compression: ParquetCompression;
  /** Rows per row group; smaller groups mean finer file rolling and less memory. */
  rowGroupRows?: number;
  /** Footer key/value metadata (e.g. `iceberg.schema`). */
  metadata?: Record<string, string>;
  /**
   * Top-level columns to write without a dictionary: values that repeat little gain nothing
   * from one over zstd, and building it is the largest part of encoding such a column.
   */
  plainColumns?: string[];
}

export interface ParquetEncoder {
  /** Starts encoding one Parquet file. */
  open(options: ParquetFileOptions): ParquetEncoding;
}

/** One file being encoded: IPC batches in, Parquet bytes out, in order. */
export interface ParquetEncoding {
  /**
   * Takes one Arrow IPC stream (one schema, one or more batches of `rows` rows). The encoder may
   * take ownership of `ipc`'s buffer, so the caller must not reuse it. Resolves once the encoder
   * can take more (backpressure); rejects when encoding failed.
   */
  write(ipc: Uint8Array, rows: number): Promise<void>;
  /** The encoded bytes; ends after `close()`, errors when encoding fails. */
  readonly output: ReadableStream<Uint8Array>;
  /** No more input: the encoder writes the last row group and the footer, then ends `output`. */
  close(): Promise<void>;
  /** Stops encoding and releases what the file holds; `output` errors with `reason`. */
  abort(reason: unknown): Promise<void>;
}
