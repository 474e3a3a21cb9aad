/**
 * Messages between the Bun root and its Parquet worker thread. Buffers travel as transferred
 * ArrayBuffers (a view's bytes are `buffer[offset, offset + length)`), never copied.
 */
import type { ErrorCode } from "../../runtime/errors.ts";
import type { ParquetFileOptions } from "../../runtime/parquet/parquet-encoder.ts";

export type ToWorker =
  | { type: "open"; id: number; options: ParquetFileOptions }
  | { type: "write"; id: number; buffer: ArrayBuffer; offset: number; length: number; rows: number }
  | { type: "close"; id: number }
  | { type: "abort"; id: number; reason: string };

export type FromWorker =
  /** The write of `rows` rows was handed to the encoder: the root may send more. */
  | { type: "ack"; id: number; rows: number }
  | { type: "chunk"; id: number; buffer: ArrayBuffer; offset: number; length: number }
  | { type: "end"; id: number }
  /** `id` absent: the worker itself failed (parquet-wasm did not load). */
  | { type: "error"; id?: number; code: ErrorCode; message: string };
