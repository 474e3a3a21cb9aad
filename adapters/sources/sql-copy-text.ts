/**
 * A streaming parser of PostgreSQL's COPY text format (PostgreSQL docs, "COPY", File Formats → Text
 * Format): one row per line, columns separated by tabs, `\N` for null, and backslash escapes for
 * backslash, tab, newline, carriage return, backspace, form feed and vertical tab. Raw tabs and
 * newlines never occur inside a value, so lines and fields are found by plain scanning and a value
 * is unescaped only when it holds a backslash. Rows are handed out in a reused array.
 * The common types convert inline (a switch on a per-column code) rather than through a function
 * per column: one call site calling sixteen different closures is what made parsing slow.
 */
import type { ColumnType } from "../../runtime/contract.ts";
import { concatBytes } from "../../runtime/concat-bytes.ts";
import { IngestError } from "../../runtime/errors.ts";
import { pgTextParser, type TextParser } from "./sql-values.ts";
import { utf8Value } from "../../runtime/utf8-value.ts";

const escapes: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };

/** A value of COPY's text format with its escapes undone; the same string when it holds none. */
export function unescapeCopyText(s: string): string {
  const first = s.indexOf("\\");
  if (first < 0) return s;
  let out = "";
  let from = 0;
  for (let i = first; i >= 0; i = s.indexOf("\\", from)) {
    out += s.slice(from, i);
    const c = s[i + 1] ?? "";
    if (c >= "0" && c <= "7") {
      const m = /^[0-7]{1,3}/.exec(s.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(m, 8));
      from = i + 1 + m.length;
    } else if (c === "x" && /^[0-9a-fA-F]/.test(s[i + 2] ?? "")) {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 2))![0];
      out += String.fromCharCode(parseInt(m, 16));
      from = i + 2 + m.length;
    } else {
      out += escapes[c] ?? c;
      from = i + 2;
    }
  }
  return out + s.slice(from);
}

/** The byte each one-letter escape stands for: `\b \f \n \r \t \v`. */
const byteEscapes = new Uint8Array(128);
for (const [letter, char] of Object.entries(escapes)) byteEscapes[letter.charCodeAt(0)] = char.charCodeAt(0);

const octal = (c: number | undefined) => c !== undefined && c >= 48 && c <= 55;
function hexValue(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/**
 * `unescapeCopyText` on a value's UTF-8 bytes (the same array when it holds no backslash), where
 * octal and hex escapes name a byte, as COPY FROM reads them. COPY TO writes neither: it escapes
 * only backslash, tab, newline, carriage return, backspace, form feed and vertical tab.
 */
export function unescapeCopyBytes(src: Uint8Array): Uint8Array {
  if (src.indexOf(92) < 0) return src;
  const out = new Uint8Array(src.length);
  let n = 0;
  let i = 0;
  while (i < src.length) {
    const c = src[i++]!;
    if (c !== 92) {
      out[n++] = c;
      continue;
    }
    if (i === src.length) break; // a lone backslash at the end stands for nothing, as in the text version
    const e = src[i]!;
    if (octal(e)) {
      let v = 0;
      for (let k = 0; k < 3 && octal(src[i]); k++) v = v * 8 + src[i++]! - 48;
      out[n++] = v & 0xff;
    } else if (e === 120 && hexValue(src[i + 1]) >= 0) {
      i++;
      let v = 0;
      for (let k = 0; k < 2 && hexValue(src[i]) >= 0; k++) v = v * 16 + hexValue(src[i++]);
      out[n++] = v;
    } else {
      out[n++] = (e < 128 && byteEscapes[e]) || e;
      i++;
    }
  }
  return out.subarray(0, n);
}

const CALL = 0;
const TEXT = 1;
const NUMBER = 2;
const FLOAT32 = 3;
const BIGINT = 4;
const BOOL = 5;
const DATE = 6;

function codeOf(t: ColumnType): number {
  switch (t.kind) {
    case "int":
    case "double":
      return NUMBER;
    case "float":
      return FLOAT32;
    case "long":
      return BIGINT;
    case "boolean":
      return BOOL;
    case "date":
      return DATE;
    case "binary":
    case "time":
    case "timestamp":
    case "timestamptz":
    case "list":
      return CALL;
    default:
      return TEXT;
  }
}

/**
 * `-?digits` of at most 15 digits in `text[from, to)` as a number, or NaN for anything else (more
 * digits, a fraction, an exponent, `NaN`, `Infinity`), which the caller converts from the text.
 * Within 15 digits every integer is exact, so the result equals `+text` and `BigInt(text)`; `-0`
 * stays -0 as `+"-0"` does, and `BigInt(-0)` is 0n like `BigInt("-0")`.
 */
function plainInteger(text: string, from: number, to: number): number {
  let i = from;
  const negative = text.charCodeAt(i) === 45;
  if (negative) i++;
  if (i === to || to - i > 15) return NaN;
  let v = 0;
  for (; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return negative ? -v : v;
}

export interface CopyColumn {
  name: string;
  columnType: ColumnType;
}

export class CopyTextParser {
  private leftover: Uint8Array | undefined;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private readonly row: unknown[];
  private readonly codes: Uint8Array;
  private readonly parsers: TextParser[];

  constructor(
    columns: CopyColumn[],
    private readonly onRow: (row: unknown[]) => void,
    private readonly origin: string,
  ) {
    this.row = new Array(columns.length);
    this.codes = Uint8Array.from(columns, (c) => codeOf(c.columnType));
    this.parsers = columns.map((c) => pgTextParser(c.name, c.columnType));
  }

  /**
   * Takes a piece of the output. postgres.js hands out one row at a time; rows are gathered up to
   * 64 KiB and decoded and parsed together, which costs far less per row.
   */
  push(chunk: Uint8Array): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= 65_536) this.flush();
  }

  /** Parses every whole row received so far. */
  flush(): void {
    if (this.pending.length === 0) return;
    const parts = this.leftover ? [this.leftover, ...this.pending] : this.pending;
    const data = concatBytes(parts);
    this.pending = [];
    this.pendingBytes = 0;
    this.leftover = undefined;
    const lastNewline = data.lastIndexOf(10);
    if (lastNewline < data.length - 1) this.leftover = data.slice(lastNewline + 1);
    if (lastNewline >= 0) this.parseLines(utf8Value(data.subarray(0, lastNewline + 1)));
  }

  end(): void {
    this.flush();
    if (this.leftover && this.leftover.length > 0) {
      throw new IngestError("source.query_failed", `${this.origin}: COPY output ended in the middle of a row; rerun the read`);
    }
  }

  private parseLines(text: string): void {
    const { parsers, codes, row } = this;
    const n = codes.length;
    let pos = 0;
    const len = text.length;
    while (pos < len) {
      const lineEnd = text.indexOf("\n", pos);
      for (let c = 0; c < n; c++) {
        let end = c === n - 1 ? lineEnd : text.indexOf("\t", pos);
        if (end < 0 || end > lineEnd) end = lineEnd;
        if (end - pos === 2 && text.charCodeAt(pos) === 92 && text.charCodeAt(pos + 1) === 78) {
          row[c] = null; // \N
          pos = end + 1;
          continue;
        }
        const code = codes[c];
        if (code === NUMBER || code === BIGINT) {
          // Integers are read from the characters, without a substring per value.
          const x = plainInteger(text, pos, end);
          if (x === x) {
            row[c] = code === NUMBER ? x : BigInt(x);
            pos = end + 1;
            continue;
          }
        }
        const f = text.slice(pos, end);
        pos = end + 1;
        // Only text can hold escapes; numbers, booleans and dates never do.
        switch (code) {
          case TEXT:
            row[c] = unescapeCopyText(f);
            break;
          case NUMBER:
            row[c] = +f;
            break;
          case FLOAT32:
            row[c] = Math.fround(+f);
            break;
          case BIGINT:
            row[c] = BigInt(f);
            break;
          case BOOL:
            row[c] = f === "t";
            break;
          case DATE:
            row[c] = f.length === 10 && f.charCodeAt(4) === 45 ? f : parsers[c]!(f);
            break;
          default:
            row[c] = parsers[c]!(unescapeCopyText(f));
        }
      }
      pos = lineEnd + 1;
      this.onRow(row);
    }
  }
}
