/**
 * ParquetFileWriter: streams Arrow record batches into one Parquet file in an ObjectStore, in
 * bounded memory. parquet-wasm's `transformParquetStream` encodes row group by row group and the
 * bytes flow straight into `store.put` (multipart on S3), so a file of any size never sits whole
 * in memory. The last bytes are kept to read the footer back for the Iceberg metrics.
 */
import * as arrow from "apache-arrow";
import type { ObjectStore } from "../object-store.ts";
import { initParquetWasm } from "./parquet-wasm-init.ts";
import type { WasmSource } from "../platform.ts";
import { footerMetrics, type FooterMetrics } from "./footer-metrics.ts";

export type ParquetCompression = "zstd" | "snappy" | "gzip" | "none";

export interface ParquetFileOptions {
  compression: ParquetCompression;
  /** Rows per row group; smaller groups mean finer file rolling and less memory. */
  rowGroupRows?: number;
  /** Footer key/value metadata (e.g. `iceberg.schema`). */
  metadata?: Record<string, string>;
}

export interface WrittenFile {
  key: string;
  size: number;
  footer: FooterMetrics;
}

/** Enough to hold any footer we write (a few KB per row group). */
const TAIL_BYTES = 4 * 1024 * 1024;

export class ParquetFileWriter {
  private readonly input: WritableStreamDefaultWriter<unknown>;
  private readonly done: Promise<WrittenFile>;
  private bytes = 0;
  private rows = 0;

  constructor(
    private readonly pq: ReturnType<typeof initParquetWasm>,
    store: ObjectStore,
    readonly key: string,
    options: ParquetFileOptions,
  ) {
    const props = writerProperties(pq, options);
    const pipe = new TransformStream<unknown, unknown>(undefined, { highWaterMark: 2 });
    this.input = pipe.writable.getWriter();
    let tail: Uint8Array<ArrayBuffer> = new Uint8Array(0);
    const counter = new TransformStream<Uint8Array, Uint8Array>({
      transform: (chunk, controller) => {
        this.bytes += chunk.byteLength;
        tail = keepTail(tail, chunk) as Uint8Array<ArrayBuffer>;
        controller.enqueue(chunk);
      },
    });
    this.done = (async () => {
      const encoded = (await pq.transformParquetStream(pipe.readable, props)) as ReadableStream<Uint8Array>;
      await store.put(key, encoded.pipeThrough(counter), { contentType: "application/vnd.apache.parquet" });
      return { key, size: this.bytes, footer: footerMetrics(tail) };
    })();
    // Surface an encoding failure on the next write instead of an unhandled rejection.
    this.done.catch(() => {});
  }

  /** Bytes of encoded Parquet produced so far (grows a row group at a time). */
  get bytesWritten(): number {
    return this.bytes;
  }

  get rowsWritten(): number {
    return this.rows;
  }

  async write(batch: arrow.RecordBatch): Promise<void> {
    if (batch.numRows === 0) return;
    // arrow-js and parquet-wasm live in different memories: Arrow IPC is the bridge.
    const table = this.pq.Table.fromIPCStream(arrow.tableToIPC(new arrow.Table([batch]), "stream"));
    const batches = table.recordBatches();
    // WASM-side objects are not garbage collected: free the table once its batches are taken,
    // or every batch of the file stays in WASM memory until the file closes.
    table.free();
    for (const rb of batches) {
      await Promise.race([this.input.ready, this.done]);
      await this.input.write(rb);
    }
    this.rows += batch.numRows;
  }

  async close(): Promise<WrittenFile> {
    await this.input.close();
    return this.done;
  }

  async abort(reason: unknown): Promise<void> {
    await this.input.abort(reason).catch(() => {});
    await this.done.catch(() => {});
  }
}

function writerProperties(pq: ReturnType<typeof initParquetWasm>, options: ParquetFileOptions) {
  const codec = {
    zstd: pq.Compression.ZSTD,
    snappy: pq.Compression.SNAPPY,
    gzip: pq.Compression.GZIP,
    none: pq.Compression.UNCOMPRESSED,
  }[options.compression];
  let builder = new pq.WriterPropertiesBuilder()
    .setCompression(codec)
    .setMaxRowGroupSize(options.rowGroupRows ?? 256 * 1024)
    .setCreatedBy("dativo");
  if (options.metadata) builder = builder.setKeyValueMetadata(new Map(Object.entries(options.metadata)));
  return builder.build();
}

function keepTail(tail: Uint8Array, chunk: Uint8Array): Uint8Array {
  if (chunk.byteLength >= TAIL_BYTES) return chunk.slice(chunk.byteLength - TAIL_BYTES);
  const keep = Math.min(tail.byteLength, TAIL_BYTES - chunk.byteLength);
  const next = new Uint8Array(keep + chunk.byteLength);
  next.set(tail.subarray(tail.byteLength - keep), 0);
  next.set(chunk, keep);
  return next;
}

export function createParquetWasm(source: WasmSource) {
  return initParquetWasm(source);
}
