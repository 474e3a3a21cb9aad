/**
 * Full-table MySQL / MariaDB reads into typed cells. With our row options mysql2 hands out
 * BIGINT, DECIMAL and DATE values as strings; passed on as JS values, normalize parsed every
 * one of them again (and a long became a BigInt on the way). Where the contract gives a column
 * the database's own kind (sql-cell-shapes.ts `TYPED`), the value goes straight into the typed
 * array normalize builds Arrow from: an INT as it is, a BIGINT or a DECIMAL of up to 15 digits
 * as its (unscaled) 64-bit integer, a `YYYY-MM-DD` date as its day number.
 *
 * Any value outside those plain forms takes the JS-value path (sql-values.ts
 * `mysqlValueConverter`): a null result is null, anything else travels as text that normalize
 * coerces exactly as it coerced the value before, so rows and findings do not change.
 */
import type { ColumnType } from "../../runtime/contract.ts";
import { cellKindOf, TypedCells, typedDecimal, type TypedKind } from "../../runtime/normalize/column-cells.ts";
import { setInt64 } from "../../runtime/normalize/int64-words.ts";
import { daysFromCivil, daysInMonth } from "../../runtime/normalize/parse-temporal.ts";
import type { SourceBatch } from "../../runtime/source.ts";
import { shapeOf, TYPED } from "./sql-cell-shapes.ts";
import { mysqlValueConverter } from "./sql-values.ts";

export interface CellColumn {
  name: string;
  columnType: ColumnType;
}

const INT = 0;
const LONG = 1;
const DECIMAL = 2;
const DATE = 3;
const VALUES = 4;

interface Typed {
  code: number;
  kind: TypedKind;
  values: Int32Array | BigInt64Array;
  /** The 32-bit halves of a BigInt64Array (little-endian), written without making a BigInt. */
  words: Uint32Array | null;
  valid: Uint8Array;
  texts: Map<number, string> | null;
  decimal?: { precision: number; scale: number };
}

/** The code of a column read for `contractKind` (`cellKindOf` of the contract type). */
function codeOf(t: ColumnType, contractKind: string | undefined): number {
  if (shapeOf(t, contractKind) !== TYPED) return VALUES;
  if (t.kind === "int") return INT;
  if (t.kind === "long") return LONG;
  if (t.kind === "date") return DATE;
  if (t.kind === "decimal" && t.precision <= 15) return DECIMAL;
  return VALUES;
}

/** Rows of a full read as columns: typed cells where the contract allows, JS values elsewhere. */
export class MysqlCells {
  private readonly codes: Uint8Array;
  private readonly convert: (((v: unknown) => unknown) | undefined)[];
  private typed: (Typed | null)[] = [];
  private values: unknown[][] = [];
  private emitted = 0;
  size = 0;

  constructor(
    private readonly columns: CellColumn[],
    types: Record<string, string> | undefined,
    private readonly capacity: number,
    private readonly origin: string,
  ) {
    this.codes = Uint8Array.from(columns, (c) => codeOf(c.columnType, types?.[c.name]));
    this.convert = columns.map((c) => mysqlValueConverter(c.name, c.columnType));
    this.fresh();
  }

  private fresh(): void {
    const n = this.capacity;
    this.typed = this.columns.map((c, i) => {
      const code = this.codes[i]!;
      if (code === VALUES) return null;
      const wide = code === LONG || code === DECIMAL;
      const values = wide ? new BigInt64Array(n) : new Int32Array(n);
      const kind = (code === DECIMAL ? "decimal" : c.columnType.kind) as TypedKind;
      const decimal = code === DECIMAL ? typedDecimal(cellKindOf(c.columnType))! : undefined;
      return { code, kind, values, words: wide ? new Uint32Array(values.buffer) : null, valid: new Uint8Array(n), texts: null, decimal };
    });
    this.values = this.columns.map(() => []);
  }

  /** Adds one row as mysql2 gives it (an array in column order). */
  push(row: readonly unknown[]): void {
    const r = this.size++;
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      const t = this.typed[i];
      if (!t) {
        const f = this.convert[i];
        this.values[i]!.push(v == null || !f ? v : f(v));
        continue;
      }
      if (v == null) continue;
      let ok = false;
      switch (t.code) {
        case INT:
          if (typeof v === "number" && (v | 0) === v) {
            (t.values as Int32Array)[r] = v;
            ok = true;
          }
          break;
        case LONG:
        case DECIMAL: {
          // NaN (or an unsafe integer) for anything outside the plain forms.
          const n = t.code === LONG ? (typeof v === "string" ? longOf(v) : v) : typeof v === "string" ? unscaledOf(v, t.decimal!.scale) : NaN;
          if (typeof n === "number" && Number.isSafeInteger(n)) {
            setInt64(t.words!, r, n);
            ok = true;
          }
          break;
        }
        case DATE:
          ok = typeof v === "string" && setDate(t.values as Int32Array, r, v);
          break;
      }
      if (ok) t.valid[r] = 1;
      else {
        // Outside the plain forms: the JS-value path decides, normalize coerces its text.
        const f = this.convert[i];
        const x = f ? f(v) : v;
        if (x != null) (t.texts ??= new Map()).set(r, String(x));
      }
    }
  }

  take(): SourceBatch {
    const n = this.size;
    const columns: SourceBatch["columns"] = {};
    this.columns.forEach((c, i) => {
      const t = this.typed[i];
      columns[c.name] = t ? new TypedCells(t.kind, t.values.subarray(0, n), t.valid.subarray(0, n), t.texts, n, t.decimal) : this.values[i]!;
    });
    const batch: SourceBatch = { numRows: n, columns, origin: this.origin, firstRow: this.emitted };
    this.emitted += n;
    this.size = 0;
    this.fresh();
    return batch;
  }
}

/**
 * A BIGINT as the server prints it, `[-]digits`, of at most 15 digits (exact as a double); NaN
 * for anything else. Digits are read one by one: cheaper than the engine's general number parser.
 */
function longOf(s: string): number {
  const neg = s.charCodeAt(0) === 45 ? 1 : 0;
  const digits = s.length - neg;
  return digits < 1 || digits > 15 ? NaN : signed(neg, digitsOf(s, neg, s.length, -1));
}

/**
 * A DECIMAL(p, s) as the server prints it — `[-]digits.digits` with exactly `scale` fraction
 * digits — of at most 15 digits, as its unscaled integer (exact as a double); NaN for anything else.
 */
function unscaledOf(s: string, scale: number): number {
  const len = s.length;
  const neg = s.charCodeAt(0) === 45 ? 1 : 0;
  const dot = scale > 0 ? len - scale - 1 : -1;
  const digits = len - neg - (scale > 0 ? 1 : 0);
  if (digits < 1 || digits > 15 || (scale > 0 && s.charCodeAt(dot) !== 46)) return NaN;
  return signed(neg, digitsOf(s, neg, len, dot));
}

/** The digits of `s[from, to)` but the one at `skip` as an integer; NaN at any other character. */
function digitsOf(s: string, from: number, to: number, skip: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    if (i === skip) continue;
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

const signed = (neg: number, v: number) => (neg ? -v : v);

/** `YYYY-MM-DD` with a real month and day (the zero date and its kin are the JS-value path's). */
function setDate(out: Int32Array, r: number, s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const y0 = s.charCodeAt(0) - 48;
  const y1 = s.charCodeAt(1) - 48;
  const y2 = s.charCodeAt(2) - 48;
  const y3 = s.charCodeAt(3) - 48;
  const m0 = s.charCodeAt(5) - 48;
  const m1 = s.charCodeAt(6) - 48;
  const d0 = s.charCodeAt(8) - 48;
  const d1 = s.charCodeAt(9) - 48;
  // One sign test for all eight digits: x is a digit when both x and 9 - x are not negative.
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1 | (9 - y0) | (9 - y1) | (9 - y2) | (9 - y3) | (9 - m0) | (9 - m1) | (9 - d0) | (9 - d1)) < 0) return false;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return false;
  out[r] = daysFromCivil(y, m, d);
  return true;
}
