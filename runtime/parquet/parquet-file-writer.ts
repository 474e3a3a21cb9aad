/**
 * ParquetFileWriter: streams Arrow record batches into one Parquet file in an ObjectStore, in
 * bounded memory. A ParquetEncoder encodes row group by row group and the bytes flow straight
 * into `store.put` (multipart on S3), so a file of any size never sits whole in memory. The last
 * bytes are kept to read the footer back for the Iceberg metrics.
 */
import * as arrow from "apache-arrow";
import type { ObjectStore } from "../object-store.ts";
import { initParquetWasm } from "./parquet-wasm-init.ts";
import { OutputTail } from "./output-tail.ts";
import type { WasmSource } from "../platform.ts";
import { footerMetrics, type FooterMetrics } from "./footer-metrics.ts";
import type { ParquetEncoder, ParquetEncoding, ParquetFileOptions } from "./parquet-encoder.ts";

export type { ParquetCompression, ParquetFileOptions } from "./parquet-encoder.ts";

export interface WrittenFile {
  key: string;
  size: number;
  footer: FooterMetrics;
}

/** Enough to hold any footer we write (a few KB per row group). */
const TAIL_BYTES = 4 * 1024 * 1024;

export class ParquetFileWriter {
  private readonly encoding: ParquetEncoding;
  private readonly done: Promise<WrittenFile>;
  private bytes = 0;
  private rows = 0;

  constructor(
    encoder: ParquetEncoder,
    store: ObjectStore,
    readonly key: string,
    options: ParquetFileOptions,
  ) {
    const encoding = encoder.open(options);
    this.encoding = encoding;
    const tail = new OutputTail(TAIL_BYTES);
    const counter = new TransformStream<Uint8Array, Uint8Array>({
      transform: (chunk, controller) => {
        this.bytes += chunk.byteLength;
        tail.push(chunk);
        controller.enqueue(chunk);
      },
    });
    this.done = (async () => {
      await store.put(key, encoding.output.pipeThrough(counter), { contentType: "application/vnd.apache.parquet" });
      return { key, size: this.bytes, footer: footerMetrics(tail.bytes()) };
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
    const ipc = arrow.tableToIPC(new arrow.Table([batch]), "stream");
    await settled(this.encoding.write(ipc, batch.numRows), this.done);
    this.rows += batch.numRows;
  }

  async close(): Promise<WrittenFile> {
    await settled(this.encoding.close(), this.done);
    return this.done;
  }

  async abort(reason: unknown): Promise<void> {
    await this.encoding.abort(reason).catch(() => {});
    await this.done.catch(() => {});
  }
}

/** Waits for `step`, or fails early when the file's upload already failed. */
async function settled(step: Promise<void>, done: Promise<unknown>): Promise<void> {
  step.catch(() => {});
  await Promise.race([step, done]);
}

export function createParquetWasm(source: WasmSource) {
  return initParquetWasm(source);
}
