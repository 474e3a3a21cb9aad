/**
 * Full-table reads of MySQL / MariaDB on the kernels, from the result set's row packets as bytes.
 * In the text protocol a row is one length-encoded string per column, or 0xFB for NULL (MySQL
 * docs, "Text Resultset Row"; "Length-Encoded Integer"): the value exactly as the server prints it,
 * with no quoting and no escapes. So the field boundaries are read here, from each packet, and
 * the kernels parse numbers, decimals, dates and timestamps from the bytes into typed arrays
 * and gather text as UTF-8 (runtime/csv/cell-builders.ts): no JS string per cell, where the
 * driver made one per field and then normalize read it again.
 *
 * Each column takes one of three forms, planned from the result's column definitions:
 * - typed cells (sql-cell-shapes.ts `TYPED`), parsed by the kernels;
 * - text cells, for `string` and `decimal` columns whose text is UTF-8: the bytes the driver
 *   would have decoded into the same string;
 * - JS values for every other column (bytes, BIT, TIME, JSON, booleans, a number the contract
 *   types differently): the bytes are decoded as mysql2 decodes them with this source's row
 *   options (mysql-driver-decoder.ts), then converted as the JS-value path converts them.
 * A result with a column of none of these (GEOMETRY, VECTOR, text in another character set)
 * keeps the driver's rows (mysql-cells.ts).
 */
import type { ColumnType } from "../../runtime/contract.ts";
import { createCellBuilders } from "../../runtime/csv/cell-builders.ts";
import { IngestError } from "../../runtime/errors.ts";
import { cellKindOf, type TextCells, TypedCells } from "../../runtime/normalize/column-cells.ts";
import type { SourceBatch } from "../../runtime/source.ts";
import { CsvFlag, type CsvFields, initialCsvState, type Kernels } from "../../wasm/index.ts";
import { type Decode, driverDecoder } from "./mysql-driver-decoder.ts";
import type { RowTapField } from "./mysql-row-tap.ts";
import { settleTexts, shapeOf, TEXT, TYPED, VALUES } from "./sql-cell-shapes.ts";
import { mysqlValueConverter } from "./sql-values.ts";

export interface TextRowColumn {
  name: string;
  columnType: ColumnType;
}

export interface MysqlTextCellsOptions {
  columns: TextRowColumn[];
  /** The result's column definitions, as mysql2 emits them with `fields`. */
  fields: RowTapField[];
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

/** Per column: typed, text, or decoded as the driver would; none when a column can be none of them. */
function planOf(columns: TextRowColumn[], types: Record<string, string>, fields: RowTapField[]): { shapes: number[]; decoders: Decode[] } | undefined {
  if (fields.length !== columns.length || columns.length === 0) return undefined;
  const shapes: number[] = [];
  const decoders: Decode[] = [];
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    const f = fields[i]!;
    if (f.name !== c.name) return undefined;
    const shape = shapeOf(c.columnType, types[c.name]);
    const driver = driverDecoder(f);
    if (!driver) return undefined;
    if (shape === TYPED) shapes.push(TYPED);
    else if (shape === TEXT && (c.columnType.kind === "string" || c.columnType.kind === "decimal") && driver.text) shapes.push(TEXT);
    else shapes.push(VALUES);
    decoders.push(driver.decode);
  }
  return { shapes, decoders };
}

export interface MysqlTextCellsReader {
  /** Takes one row packet's payload, `bytes[start, end)`; returns a batch when one is full. */
  push(bytes: Uint8Array, start: number, end: number): SourceBatch | undefined;
  /** The result set ended; returns the last batch, if any rows are left. */
  end(): SourceBatch | undefined;
}

/** A reader of the rows of this result; none when a column cannot be read from its bytes (the driver reads them). */
export function mysqlTextCellsReader(options: MysqlTextCellsOptions): MysqlTextCellsReader | undefined {
  const { columns, origin, types } = options;
  const plan = planOf(columns, types, options.fields);
  if (!plan) return undefined;
  const { shapes, decoders } = plan;
  const ncols = columns.length;
  const batchSize = Math.max(1, options.batchSize);
  const builders = createCellBuilders(
    options.kernels,
    // Columns read as JS values are gathered as bytes and decoded when the batch is taken.
    columns.map((c, i) => (shapes[i] === TYPED ? cellKindOf(c.columnType) : "string")),
    NULL_TOKENS,
    // No field is flagged escaped, so the quote byte is never looked at.
    0x22,
    batchSize,
  );
  // The JS-value path's conversion: of a value the kernels cannot settle (the zero date, say),
  // and of every value of a column read as JS values.
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
      if (shapes[i] === VALUES) batch.columns[c.name] = valuesOf(col as TextCells, decoders[i]!, convert[i]!);
      else {
        if (col instanceof TypedCells) settleTexts(col, convert[i]!);
        batch.columns[c.name] = col;
      }
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

/** A column's values as the JS-value path gives them: decoded as mysql2 does, then converted. */
function valuesOf(cells: TextCells, decode: Decode, convert: (v: unknown) => unknown): unknown[] {
  const { data, offsets, valid, length } = cells;
  const out: unknown[] = new Array(length);
  for (let r = 0; r < length; r++) out[r] = valid[r] ? convert(decode(data, offsets[r]!, offsets[r + 1]!)) : null;
  return out;
}
