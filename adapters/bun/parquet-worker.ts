/**
 * The Parquet worker thread of the Bun root: runs the in-thread parquet-wasm encoder on IPC
 * batches the root transfers in, and transfers the Parquet bytes back, so encoding overlaps the
 * root's reading and normalizing. One worker serves every file of a run; messages of one file
 * are handled in order, files independently.
 */
import { IngestError } from "../../runtime/errors.ts";
import { initParquetWasm } from "../../runtime/parquet/parquet-wasm-init.ts";
import { wasmParquetEncoder } from "../../runtime/parquet/wasm-parquet-encoder.ts";
import type { ParquetEncoding } from "../../runtime/parquet/parquet-encoder.ts";
import { loadWasm } from "./bun-platform.ts";
import type { FromWorker, ToWorker } from "./parquet-worker-protocol.ts";

declare const self: Worker;

const post = (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer);

const encoder = loadWasm("parquet-wasm").then((bytes) => wasmParquetEncoder(initParquetWasm(bytes)));
encoder.catch((e) => post(failure(e)));

const files = new Map<number, ParquetEncoding>();
const queues = new Map<number, Promise<void>>();

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  const previous = queues.get(message.id) ?? Promise.resolve();
  const next = previous.then(() => handle(message)).catch((e) => {
    const file = files.get(message.id);
    files.delete(message.id);
    queues.delete(message.id);
    file?.abort(e).catch(() => {});
    post(failure(e, message.id));
  });
  queues.set(message.id, next);
};

async function handle(message: ToWorker): Promise<void> {
  const file = files.get(message.id);
  switch (message.type) {
    case "open": {
      const encoding = (await encoder).open(message.options);
      files.set(message.id, encoding);
      pump(message.id, encoding.output);
      return;
    }
    case "write":
      if (!file) return;
      await file.write(new Uint8Array(message.buffer, message.offset, message.length), message.rows);
      post({ type: "ack", id: message.id, rows: message.rows });
      return;
    case "close":
      if (!file) return;
      await file.close();
      files.delete(message.id);
      queues.delete(message.id);
      return;
    case "abort":
      files.delete(message.id);
      queues.delete(message.id);
      await file?.abort(new Error(message.reason));
      return;
  }
}

/** Sends the encoded bytes as they come; the `end` follows the footer. */
async function pump(id: number, output: ReadableStream<Uint8Array>): Promise<void> {
  const reader = output.getReader();
  try {
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) break;
      const own = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength ? chunk : chunk.slice();
      post({ type: "chunk", id, buffer: own.buffer as ArrayBuffer, offset: 0, length: own.byteLength }, [own.buffer as ArrayBuffer]);
    }
    post({ type: "end", id });
  } catch (e) {
    // An aborted file ends here too; the root has already dropped it.
    if (files.has(id)) post(failure(e, id));
    files.delete(id);
  }
}

function failure(e: unknown, id?: number): FromWorker {
  if (e instanceof IngestError) return { type: "error", id, code: e.code, message: e.message };
  const why = e instanceof Error ? e.message : String(e);
  return { type: "error", id, code: "internal", message: `Parquet encoding failed on the worker thread: ${why}` };
}
