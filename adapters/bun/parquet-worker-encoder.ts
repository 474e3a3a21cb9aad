/**
 * A ParquetEncoder backed by a worker thread (`parquet-worker.ts`), so Parquet encoding overlaps
 * reading and normalizing on a multi-core host. IPC buffers are transferred, not copied. Memory
 * stays bounded: a file has at most one row group of input in transit to the worker (the worker
 * buffers one more while it fills a row group) and at most `outputBytes` of encoded bytes that
 * the store has not taken yet.
 */
import { IngestError } from "../../runtime/errors.ts";
import type { ParquetEncoder, ParquetEncoding, ParquetFileOptions } from "../../runtime/parquet/parquet-encoder.ts";
import type { FromWorker, ToWorker } from "./parquet-worker-protocol.ts";

const defaultRowGroupRows = 256 * 1024;
const outputBytes = 32 * 1024 * 1024;

interface OpenFile {
  inFlightRows: number;
  limitRows: number;
  output: ReadableStreamDefaultController<Uint8Array>;
  failure?: Error;
  ended: boolean;
  wake: () => void;
  closed?: { resolve: () => void; reject: (e: Error) => void };
}

/** Bun's Worker, like a Node timer, can stop holding the process open. */
interface Referenced {
  ref(): void;
  unref(): void;
}

export interface WorkerParquetEncoder extends ParquetEncoder {
  /** Stops the worker; every open file fails. Safe to call more than once. */
  terminate(): void;
}

/** Starts the worker now, so parquet-wasm loads while the job is being composed. */
export function workerParquetEncoder(): WorkerParquetEncoder {
  const worker = new Worker(new URL("./parquet-worker.ts", import.meta.url)) as Worker & Referenced;
  const files = new Map<number, OpenFile>();
  let nextId = 0;
  let dead: Error | undefined;
  // The worker keeps the process alive only while a file is open, so a CLI never waits on it.
  worker.unref();

  const send = (message: ToWorker, transfer: Transferable[] = []) => {
    if (!dead) worker.postMessage(message, transfer);
  };
  const fail = (id: number, error: Error) => {
    const file = files.get(id);
    if (!file) return;
    files.delete(id);
    if (files.size === 0) worker.unref();
    file.failure = error;
    file.output.error(error);
    file.closed?.reject(error);
    file.wake();
  };
  const failAll = (error: Error) => {
    dead ??= error;
    for (const id of [...files.keys()]) fail(id, error);
  };

  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    const m = event.data;
    if (m.type === "error") {
      const error = new IngestError(m.code, m.message);
      if (m.id === undefined) failAll(error);
      else fail(m.id, error);
      return;
    }
    const file = files.get(m.id);
    if (!file) return;
    if (m.type === "ack") {
      file.inFlightRows -= m.rows;
      file.wake();
    } else if (m.type === "chunk") {
      file.output.enqueue(new Uint8Array(m.buffer, m.offset, m.length));
    } else {
      files.delete(m.id);
      if (files.size === 0) worker.unref();
      file.ended = true;
      file.output.close();
      file.closed?.resolve();
    }
  };
  worker.onerror = (event) => {
    failAll(new IngestError("internal", `the Parquet worker thread failed: ${event.message}; rerun, and report it if it persists`));
  };
  worker.addEventListener("close", () => {
    failAll(new IngestError("internal", "the Parquet worker thread stopped while files were open; rerun the job"));
  });

  return {
    open(options: ParquetFileOptions): ParquetEncoding {
      const id = nextId++;
      let wake = () => {};
      let controller!: ReadableStreamDefaultController<Uint8Array>;
      const output = new ReadableStream<Uint8Array>(
        {
          start: (c) => void (controller = c),
          pull: () => wake(),
          cancel: (reason) => {
            fail(id, reason instanceof Error ? reason : new Error(String(reason)));
            send({ type: "abort", id, reason: String(reason) });
          },
        },
        new ByteLengthQueuingStrategy({ highWaterMark: outputBytes }),
      );
      const file: OpenFile = {
        inFlightRows: 0,
        limitRows: options.rowGroupRows ?? defaultRowGroupRows,
        output: controller,
        ended: false,
        wake: () => wake(),
      };
      if (dead) {
        file.failure = dead;
        controller.error(dead);
      } else {
        files.set(id, file);
        worker.ref();
        send({ type: "open", id, options });
      }
      const canSend = () => file.inFlightRows < file.limitRows && (file.output.desiredSize ?? 1) > 0;
      return {
        output,
        async write(ipc, rows) {
          while (!file.failure && !canSend()) await new Promise<void>((resolve) => (wake = resolve));
          if (file.failure) throw file.failure;
          // Transfer the buffer when the view owns all of it; a shared buffer is copied once.
          const own = ipc.byteOffset === 0 && ipc.byteLength === ipc.buffer.byteLength ? ipc : ipc.slice();
          file.inFlightRows += rows;
          send({ type: "write", id, buffer: own.buffer as ArrayBuffer, offset: 0, length: own.byteLength, rows }, [own.buffer as ArrayBuffer]);
        },
        close() {
          if (file.failure) return Promise.reject(file.failure);
          if (file.ended) return Promise.resolve();
          const closed = new Promise<void>((resolve, reject) => (file.closed = { resolve, reject }));
          send({ type: "close", id });
          return closed;
        },
        async abort(reason) {
          const error = reason instanceof Error ? reason : new Error(String(reason));
          if (files.has(id)) send({ type: "abort", id, reason: error.message });
          fail(id, error);
        },
      };
    },
    terminate() {
      failAll(new IngestError("cancelled", "the Parquet worker thread was stopped while files were open"));
      worker.terminate();
    },
  };
}
