/**
 * The columns of one batch of the kernel CSV tokenizer, filled a run of records at a time from
 * one `csvColumns` call: text columns take its gathered UTF-8 bytes, typed columns its values. A cell goes
 * to normalize as text whenever its meaning is not the kernel's to decide: an unquoted null
 * token is null (csv-tokenizer.ts), any other cell the kernel did not parse is text for
 * normalize to coerce or report, as it would without the kernels.
 */
import { CsvFlag, isNullToken, type CsvColumnKind, type CsvFields, type GatheredText, type Kernels, type ParsedColumn, type ParseKind } from "../../wasm/index.ts";
import { isTypedKind, TextCells, TypedCells, typedDecimal, type TypedKind, type TypedValues } from "../normalize/column-cells.ts";
import { utf8Value } from "../utf8-value.ts";

export interface CellBuilder {
  /** Appends `m` whole records whose fields start at index `first` of `f`, as rows `row`…. */
  append(buf: Uint8Array, f: CsvFields, first: number, m: number, row: number): void;
  /** Appends one record given as texts (null = null), as row `row`. */
  appendTexts(fields: (string | null)[], row: number): void;
  /** The batch's columns, `rows` long; the builder starts a new batch. */
  finish(rows: number): (TextCells | TypedCells)[];
}

interface TextColumn {
  typed: false;
  data: Uint8Array;
  size: number;
  offsets: Int32Array;
  valid: Uint8Array;
}

interface TypedColumn {
  typed: true;
  kind: TypedKind;
  values: TypedValues;
  valid: Uint8Array;
  texts: Map<number, string> | null;
  /** A null token parses as a value of this kind, so parsed cells need the null check too. */
  tokenParses: boolean;
  decimal?: { precision: number; scale: number };
}

const parseKinds: Record<Exclude<TypedKind, "decimal">, ParseKind> = {
  int: "int32", long: "int64", float: "float64", double: "float64", boolean: "bool", date: "date", timestamp: "timestamp", timestamptz: "timestamp",
};

/**
 * How a column of contract kind `kind` is parsed: a kind the kernels parse by name, or
 * `decimal(p,s)` with p ≤ 18 (unscaled i64); null keeps the column as text.
 */
function typedOf(kind: string): { kind: TypedKind; parse: ParseKind; decimal?: { precision: number; scale: number } } | null {
  if (isTypedKind(kind) && kind !== "decimal") return { kind, parse: parseKinds[kind] };
  const decimal = typedDecimal(kind);
  return decimal ? { kind: "decimal", parse: kind as ParseKind, decimal } : null;
}

const { quoted: QUOTED, escaped: ESCAPED } = CsvFlag;

export function createCellBuilders(kernels: Kernels, kinds: string[], nullValues: readonly string[], quote: number, capacity: number): CellBuilder {
  const encoder = new TextEncoder();
  const pair = String.fromCharCode(quote, quote);
  const one = String.fromCharCode(quote);
  const tokens = nullValues.map((v) => encoder.encode(v));
  const maxNull = tokens.reduce((m, t) => Math.max(m, t.length), -1);
  const typed = kinds.map(typedOf);
  const parse: (ParseKind | null)[] = typed.map((t) => t?.parse ?? null);
  const csvKinds: CsvColumnKind[] = parse.map((p) => p ?? "text");
  const bases = new Int32Array(kinds.length);
  const tokenParses = parse.map((p) => {
    if (p === null || tokens.length === 0) return false;
    const data = new Uint8Array(tokens.reduce((n, t) => n + t.length, 0));
    const starts = new Int32Array(tokens.length);
    const ends = new Int32Array(tokens.length);
    let at = 0;
    tokens.forEach((t, i) => {
      data.set(t, at);
      starts[i] = at;
      ends[i] = at += t.length;
    });
    return kernels.parseColumn(data, starts, ends, p).status.some((s) => s === 1);
  });
  // Text bytes each column's last batch took: the next batch starts a little above that instead
  // of 16 bytes a row, so one-letter codes do not allocate (and zero) buffers for long texts.
  const lastBytes = kinds.map(() => 16 * capacity);
  let columns = fresh();

  function fresh(): (TextColumn | TypedColumn)[] {
    return typed.map((t, c): TextColumn | TypedColumn => {
      if (!t) {
        const bytes = Math.max(1024, Math.ceil(lastBytes[c]! * 1.25));
        return { typed: false, data: new Uint8Array(bytes), size: 0, offsets: new Int32Array(capacity + 1), valid: new Uint8Array(capacity) };
      }
      const { kind, decimal } = t;
      const values =
        kind === "int" || kind === "date" ? new Int32Array(capacity)
        : kind === "float" ? new Float32Array(capacity)
        : kind === "double" ? new Float64Array(capacity)
        : kind === "boolean" ? new Uint8Array(capacity)
        : new BigInt64Array(capacity);
      return { typed: true, kind, values, valid: new Uint8Array(capacity), texts: null, tokenParses: tokenParses[c]!, decimal };
    });
  }

  function text(buf: Uint8Array, s: number, e: number, flag: number): string {
    const t = utf8Value(buf.subarray(s, e));
    return flag & ESCAPED ? t.split(pair).join(one) : t;
  }

  function reserve(col: TextColumn, more: number): void {
    if (col.size + more <= col.data.length) return;
    const grown = new Uint8Array(Math.max(col.data.length * 2, col.size + more));
    grown.set(col.data.subarray(0, col.size));
    col.data = grown;
  }

  return {
    append(buf, f, first, m, row) {
      const ncols = columns.length;
      const starts = f.starts.subarray(first, first + m * ncols);
      const ends = f.ends.subarray(first, first + m * ncols);
      const flags = f.flags.subarray(first, first + m * ncols);
      columns.forEach((col, c) => (bases[c] = col.typed ? 0 : col.size));
      // Each column is copied once, from the kernels' memory straight into this batch's arrays.
      kernels.csvColumnsInto(buf, starts, ends, flags, csvKinds, { quote, nullTokens: tokens, bases }, (c, cells) => {
        const col = columns[c]!;
        const valid = col.valid;
        if (!col.typed) {
          const g = cells as GatheredText;
          reserve(col, g.data.length);
          col.data.set(g.data, col.size);
          col.size += g.data.length;
          col.offsets.set(g.offsets.subarray(1), row + 1);
          valid.set(g.valid, row);
          return;
        }
        const p = cells as ParsedColumn;
        (col.values as Float64Array).set(p.values as unknown as Float64Array, row);
        const status = p.status;
        for (let r = 0; r < m; r++) {
          const st = status[r];
          if (st === 1 && !col.tokenParses) {
            valid[row + r] = 1;
            continue;
          }
          const fi = r * ncols + c;
          const s = starts[fi]!;
          const e = ends[fi]!;
          const fl = flags[fi]!;
          if (!(fl & QUOTED) && e - s <= maxNull && isNullToken(buf, s, e, tokens)) valid[row + r] = 0;
          else if (st === 1) valid[row + r] = 1;
          else {
            valid[row + r] = 0;
            (col.texts ??= new Map()).set(row + r, text(buf, s, e, fl));
          }
        }
      });
    },

    appendTexts(fields, row) {
      for (let c = 0; c < columns.length; c++) {
        const col = columns[c]!;
        const v = fields[c] ?? null;
        col.valid[row] = 0;
        if (col.typed) {
          if (v !== null) (col.texts ??= new Map()).set(row, v);
          continue;
        }
        if (v !== null) {
          const bytes = encoder.encode(v);
          reserve(col, bytes.length);
          col.data.set(bytes, col.size);
          col.size += bytes.length;
          col.valid[row] = 1;
        }
        col.offsets[row + 1] = col.size;
      }
    },

    finish(rows) {
      const cells = columns.map((col) =>
        col.typed
          ? new TypedCells(col.kind, col.values.subarray(0, rows), col.valid.subarray(0, rows), col.texts, rows, col.decimal)
          : new TextCells(col.data.subarray(0, col.size), col.offsets.subarray(0, rows + 1), col.valid.subarray(0, rows), rows),
      );
      columns.forEach((col, c) => {
        if (!col.typed) lastBytes[c] = col.size;
      });
      columns = fresh();
      return cells;
    },
  };
}
