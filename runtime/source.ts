/**
 * Source: lists streams and reads one stream after a cursor as an async iterable of batches.
 * Sources are stateless: the core owns the cursor and commits it with the data (DESIGN.md).
 */
import type { Issue } from "./rule.ts";

/** A cursor is whatever a source needs to resume; it is stored as JSON in table properties. */
export type Cursor = Record<string, unknown>;

export interface StreamInfo {
  name: string;
  /** Columns the source knows before reading (databases); CSV learns them from the header. */
  columns?: SourceColumn[];
}

export interface SourceColumn {
  name: string;
  /** The source system's own type name (`int8`, `varchar(20)`, …). */
  sourceType?: string;
  /** Contract type this column maps to (`integer`, `decimal(10,2)`, `timestamp`, …). */
  type?: string;
  nullable?: boolean;
}

/**
 * A batch of rows, column by column. Values are JS values (string | number | bigint | boolean |
 * Date | Uint8Array | null, or nested arrays/objects), or typed arrays where a fast path produced
 * them, or column cells parsed by the kernels (`TextCells` / `TypedCells`,
 * runtime/normalize/column-cells.ts). Names are the source's column names, matched exactly
 * against the contract.
 */
export interface SourceBatch {
  numRows: number;
  columns: Record<string, ArrayLike<unknown>>;
  /** Validity for typed-array columns (1 = present); absent means "null where the value is null". */
  validity?: Record<string, Uint8Array>;
  /** The cursor to store once this batch and all before it are committed. */
  cursor?: Cursor;
  /** Where this batch came from, for error messages: a file path, a table, a key range. */
  origin?: string;
  /** 0-based index of the batch's first row within its origin (for `row N` in findings). */
  firstRow?: number;
  /** 1-based source line where each row starts (text sources), for `line N` in findings. */
  lines?: ArrayLike<number>;
  /** Findings the source made while reading this batch (e.g. CSV `malformed_row`); data, not throws. */
  issues?: Issue[];
}

export interface ReadOptions {
  cursor?: Cursor;
  signal?: AbortSignal;
  batchSize?: number;
}

export interface Source {
  /** The connector type (`csv`, `postgres`, …). */
  readonly type: string;
  streams(): Promise<StreamInfo[]>;
  read(stream: string, options?: ReadOptions): AsyncIterable<SourceBatch>;
  /** Releases connections and file handles. */
  close?(): Promise<void>;
}
