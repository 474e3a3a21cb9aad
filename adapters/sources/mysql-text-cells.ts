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
 *   options (lib/parsers/text_parser.js), then converted as the JS-value path converts them.
 * A result with a column of none of these (GEOMETRY, VECTOR, text in another character set)
 * keeps the driver's rows (mysql-cells.ts).
 */
import type { ColumnType } from "../../runtime/contract.ts";
import { createCellBuilders } from "../../runtime/csv/cell-builders.ts";
import { IngestError } from "../../runtime/errors.ts";
import { cellKindOf, type TextCells, TypedCells } from "../../runtime/normalize/column-cells.ts";
import type { SourceBatch } from "../../runtime/source.ts";
import { CsvFlag, type CsvFields, initialCsvState, type Kernels } from "../../wasm/index.ts";
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

/** A value as mysql2 gives it, from `bytes[start, end)`. */
type Decode = (bytes: Uint8Array, start: number, end: number) => unknown;

/** Protocol column types (MySQL docs, "enum_field_types"). */
const T = { DECIMAL: 0, TINY: 1, SHORT: 2, LONG: 3, FLOAT: 4, DOUBLE: 5, NULL: 6, TIMESTAMP: 7, LONGLONG: 8, INT24: 9, DATE: 10, TIME: 11, DATETIME: 12, YEAR: 13, NEWDATE: 14, VECTOR: 242, JSON: 245, NEWDECIMAL: 246, GEOMETRY: 255 };
/** The character set of bytes (`binary`), which mysql2 hands out as a Buffer. */
const BINARY = 63;
const utf8 = new TextDecoder();

/** `parseIntNoBigCheck`: digits after an optional sign, as a number. */
const decodeInt: Decode = (b, s, e) => {
  if (s === e) return 0;
  let sign = 1;
  if (b[s] === 45) {
    sign = -1;
    s++;
  }
  if (b[s] === 43) s++;
  let v = 0;
  for (; s < e; s++) v = v * 10 + (b[s]! - 48);
  return v * sign;
};

/**
 * `parseFloat` of mysql2's packet (its own digit loop up to 17 characters, the engine's parser
 * for longer text or an exponent): the same double it gives, bit for bit.
 */
const decodeFloat: Decode = (b, s, e) => {
  const len = e - s;
  if (len === 0) return 0;
  if (len > 17) return Number.parseFloat(latin1(b, s, e));
  let factor = 1;
  let past = false;
  let v = 0;
  let i = s;
  if (b[i] === 45) {
    i++;
    factor = -1;
  }
  if (b[i] === 43) i++;
  for (; i < e; i++) {
    const c = b[i]!;
    if (c === 46) past = true;
    else if (c === 101 || c === 69) return Number.parseFloat(latin1(b, s, e));
    else {
      v = v * 10 + (c - 48);
      if (past) factor *= 10;
    }
  }
  return v / factor;
};

/** Text the server prints in ASCII (dates, times, decimals, big integers). */
function latin1(b: Uint8Array, s: number, e: number): string {
  let t = "";
  for (let i = s; i < e; i++) t += String.fromCharCode(b[i]!);
  return t;
}

const decodeAscii: Decode = latin1;
const decodeUtf8: Decode = (b, s, e) => utf8.decode(b.subarray(s, e));
/** mysql2 hands out a view of its packet; the JS-value path's converter copies it. */
const decodeBytes: Decode = (b, s, e) => b.subarray(s, e);

/** How mysql2 reads a column (text_parser.js `readCodeFor` with this source's options); none when it is not one of these. */
function driverDecoder(f: RowTapField): Decode | undefined {
  if (f.extendedFormat === "json") return f.encoding === "utf8" ? decodeUtf8 : undefined;
  switch (f.columnType) {
    case T.TINY:
    case T.SHORT:
    case T.LONG:
    case T.INT24:
    case T.YEAR:
      return decodeInt;
    case T.FLOAT:
    case T.DOUBLE:
      return decodeFloat;
    case T.LONGLONG:
    case T.DECIMAL:
    case T.NEWDECIMAL:
    case T.DATE:
    case T.NEWDATE:
    case T.DATETIME:
    case T.TIMESTAMP:
    case T.TIME:
      return decodeAscii;
    case T.JSON:
      return decodeUtf8;
    case T.NULL:
    case T.GEOMETRY:
    case T.VECTOR:
      return undefined;
    default:
      if (f.characterSet === BINARY) return decodeBytes;
      return f.encoding === "utf8" ? decodeUtf8 : undefined;
  }
}

/** Per column: typed, text, or decoded as the driver would; none when a column can be none of them. */
function planOf(columns: TextRowColumn[], types: Record<string, string>, fields: RowTapField[]): { shapes: number[]; decoders: (Decode | undefined)[] } | undefined {
  if (fields.length !== columns.length || columns.length === 0) return undefined;
  const shapes: number[] = [];
  const decoders: (Decode | undefined)[] = [];
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    const f = fields[i]!;
    if (f.name !== c.name) return undefined;
    const shape = shapeOf(c.columnType, types[c.name]);
    const decode = driverDecoder(f);
    if (!decode) return undefined;
    if (shape === TYPED) shapes.push(TYPED);
    else if (shape === TEXT && (c.columnType.kind === "string" || c.columnType.kind === "decimal") && (decode === decodeUtf8 || decode === decodeAscii)) shapes.push(TEXT);
    else shapes.push(VALUES);
    decoders.push(decode);
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
