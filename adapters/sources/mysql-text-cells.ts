/**
 * Full-table reads of MySQL / MariaDB on the kernels, from the result set's row packets as bytes.
 * In the text protocol a row is one length-encoded string per column, or 0xFB for NULL (MySQL
 * docs, "Text Resultset Row"; "Length-Encoded Integer"): the value exactly as the server prints it,
 * with no quoting and no escapes. So the field boundaries are read here, from each packet, and
 * the kernels parse numbers, decimals, dates and timestamps from the bytes into typed arrays
 * and gather text as UTF-8 (runtime/csv/cell-builders.ts): no JS string per cell, where the
 * driver made one per field and then normalize read it again.
 *
 * A column takes this path only as typed cells (sql-cell-shapes.ts `TYPED`) or as text the
 * driver would hand out as the same string: `string` and `decimal` columns in a UTF-8
 * character set. Any other column (bytes, bit, time, json, a boolean, a number the contract
 * types differently) keeps the whole read on the JS-value path (mysql-cells.ts).
 */
import type { ColumnType } from "../../runtime/contract.ts";
import { createCellBuilders } from "../../runtime/csv/cell-builders.ts";
import { IngestError } from "../../runtime/errors.ts";
import { cellKindOf, TypedCells } from "../../runtime/normalize/column-cells.ts";
import type { SourceBatch } from "../../runtime/source.ts";
import { CsvFlag, type CsvFields, initialCsvState, type Kernels } from "../../wasm/index.ts";
import { settleTexts, shapeOf, TEXT, TYPED } from "./sql-cell-shapes.ts";
import { mysqlValueConverter } from "./sql-values.ts";

export interface TextRowColumn {
  name: string;
  columnType: ColumnType;
}

export interface MysqlTextCellsOptions {
  columns: TextRowColumn[];
  kernels: Kernels;
  /** `cellKindOf` the contract's type per column name: typed cells only where it equals the source's. */
  types: Record<string, string>;
  origin: string;
  batchSize: number;
}

/** Row bytes gathered before the kernels read them: far fewer calls than one per row. */
const FLUSH_AT = 65_536;
const NULL = 0xfb;
const { recordEnd: END, quoted: QUOTED } = CsvFlag;
/**
 * NULL is the empty token and every empty value is flagged quoted, which the cell builders
 * never read as null: so NULL and '' stay apart without a byte that a value could hold.
 */
const NULL_TOKENS = [""];

/** Whether every column of a read can take this path (the module comment says which can). */
export function mysqlTextCellsApply(columns: TextRowColumn[], types: Record<string, string>): boolean {
  return columns.length > 0 && columns.every((c) => textShapeOf(c, types) !== undefined);
}

function textShapeOf(c: TextRowColumn, types: Record<string, string>): number | undefined {
  const shape = shapeOf(c.columnType, types[c.name]);
  if (shape === TYPED) return TYPED;
  if (shape === TEXT && (c.columnType.kind === "string" || c.columnType.kind === "decimal")) return TEXT;
  return undefined;
}

export interface MysqlTextCellsReader {
  /** Takes one row packet's payload, `bytes[start, end)`; returns a batch when one is full. */
  push(bytes: Uint8Array, start: number, end: number): SourceBatch | undefined;
  /** The result set ended; returns the last batch, if any rows are left. */
  end(): SourceBatch | undefined;
}

export function mysqlTextCellsReader(options: MysqlTextCellsOptions): MysqlTextCellsReader {
  const { columns, origin, types } = options;
  const ncols = columns.length;
  const batchSize = Math.max(1, options.batchSize);
  const typed = columns.map((c) => textShapeOf(c, types) === TYPED);
  const builders = createCellBuilders(
    options.kernels,
    columns.map((c, i) => (typed[i] ? cellKindOf(c.columnType) : "string")),
    NULL_TOKENS,
    // No field is flagged escaped, so the quote byte is never looked at.
    0x22,
    batchSize,
  );
  // A value the kernels cannot settle (the zero date, say) is the JS-value path's to decide.
  const convert = columns.map((c) => mysqlValueConverter(c.name, c.columnType) ?? ((v: unknown) => v));
  let pending = new Uint8Array(2 * FLUSH_AT);
  let pendingBytes = 0;
  let fields: CsvFields = { count: 0, starts: new Int32Array(1024 * ncols), ends: new Int32Array(1024 * ncols), flags: new Uint8Array(1024 * ncols), consumed: 0, state: initialCsvState };
  let pendingRows = 0;
  let batchRows = 0;
  let emitted = 0;

  const broken = (why: string) =>
    new IngestError("source.query_failed", `${origin}: a row packet from the server ${why}; rerun the read, and report it if it happens again`);

  /** Hands the gathered rows to the kernels, into the batch being built. */
  function append(): void {
    if (pendingRows === 0) return;
    fields.count = pendingRows * ncols;
    builders.append(pending, fields, 0, pendingRows, batchRows);
    batchRows += pendingRows;
    pendingRows = 0;
    pendingBytes = 0;
  }

  function finish(): SourceBatch {
    const cells = builders.finish(batchRows);
    const batch: SourceBatch = { numRows: batchRows, columns: {}, origin, firstRow: emitted };
    columns.forEach((c, i) => {
      const col = cells[i]!;
      if (col instanceof TypedCells) settleTexts(col, convert[i]!);
      batch.columns[c.name] = col;
    });
    emitted += batchRows;
    batchRows = 0;
    return batch;
  }

  function room(bytes: number): void {
    if (pendingBytes + bytes > pending.length) {
      append();
      if (bytes > pending.length) pending = new Uint8Array(bytes);
    }
    const need = (pendingRows + 1) * ncols;
    if (need > fields.starts.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(2 * a.length);
        b.set(a);
        return b;
      };
      fields = { ...fields, starts: grow(fields.starts, (n) => new Int32Array(n)), ends: grow(fields.ends, (n) => new Int32Array(n)), flags: grow(fields.flags, (n) => new Uint8Array(n)) };
    }
  }

  return {
    push(bytes, start, end) {
      const length = end - start;
      room(length);
      const { starts, ends, flags } = fields;
      const base = pendingBytes - start;
      let f = pendingRows * ncols;
      let p = start;
      for (let c = 0; c < ncols; c++, f++) {
        if (p >= end) throw broken(`has ${c} values where the result has ${ncols} columns`);
        const b = bytes[p]!;
        let len: number;
        if (b < NULL) {
          len = b;
          p += 1;
        } else if (b === NULL) {
          starts[f] = ends[f] = p + base;
          flags[f] = 0;
          p += 1;
          continue;
        } else if (b === 0xfc) {
          len = bytes[p + 1]! | (bytes[p + 2]! << 8);
          p += 3;
        } else if (b === 0xfd) {
          len = bytes[p + 1]! | (bytes[p + 2]! << 8) | (bytes[p + 3]! << 16);
          p += 4;
        } else if (b === 0xfe) {
          // An 8-byte length: a value of 16 MiB or more (the packet holds all of it).
          len = bytes[p + 1]! + bytes[p + 2]! * 2 ** 8 + bytes[p + 3]! * 2 ** 16 + bytes[p + 4]! * 2 ** 24 + bytes[p + 5]! * 2 ** 32;
          p += 9;
        } else throw broken(`holds the length prefix 0x${b.toString(16)}`);
        starts[f] = p + base;
        ends[f] = p + len + base;
        flags[f] = len === 0 ? QUOTED : 0;
        p += len;
      }
      if (p !== end) throw broken(p > end ? "ends inside its last value" : `has more than the result's ${ncols} values`);
      flags[f - 1]! |= END;
      pending.set(bytes.subarray(start, end), pendingBytes);
      pendingBytes += length;
      pendingRows++;
      if (batchRows + pendingRows === batchSize) {
        append();
        return finish();
      }
      if (pendingBytes >= FLUSH_AT) append();
      return undefined;
    },
    end() {
      append();
      return batchRows > 0 ? finish() : undefined;
    },
  };
}
