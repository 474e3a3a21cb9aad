/**
 * Streaming RFC 4180 tokenizer: UTF-8 bytes in, column-major batches of text cells out.
 *
 * It is a pure state machine over chunks (no I/O, no clock) so that a WASM twin can replace it
 * behind the same `push` / `end` boundary. Chunks may end anywhere — inside a UTF-8 sequence, a
 * quoted field, an escaped `""` or a CRLF — and the output is the same as for one chunk.
 *
 * Rules (RFC 4180 plus what real files need, config-format.md §3.2 and §11.3):
 * - fields are separated by `delimiter` and records by CRLF, LF or a lone CR;
 * - a field starting with `quote` is quoted: it may hold delimiters, newlines and doubled quotes;
 * - a leading byte-order mark is dropped; invalid UTF-8 becomes U+FFFD;
 * - an UNQUOTED cell equal to one of `nullValues` is null; a quoted cell never is, so `"NULL"`
 *   stays the text NULL (the PostgreSQL COPY convention);
 * - empty lines are skipped (so a one-column file cannot express a null with an empty line);
 * - a malformed record (unterminated quote at end of input, a stray quote, the wrong number of
 *   fields) is left out of the batch and reported as a `malformed_row` issue with its 1-based
 *   line, or thrown as `source.malformed` when `strict` is set.
 */
import { IngestError } from "../errors.ts";
import type { Issue } from "../rule.ts";
import { readRecord, type SlowRecord } from "./read-record.ts";
import { MalformedRows } from "./malformed-rows.ts";

export interface CsvTokenizerOptions {
  /** One character; default `,`. */
  delimiter?: string;
  /** One character; default `"`. */
  quote?: string;
  /** Whether the first record names the columns; default true. */
  header?: boolean;
  /** Column names when `header` is false; default `column1` … `columnN`. */
  columns?: string[];
  /** Unquoted cells that mean null; default the §11.3 tokens: empty, `NULL`, `null`, `None`. */
  nullValues?: string[];
  /** Rows per emitted batch; default 10000 (the original `chunk_size`). */
  batchSize?: number;
  /** A TextDecoder label; default `utf-8`. */
  encoding?: string;
  /** Throw `source.malformed` at the first malformed record instead of reporting it. */
  strict?: boolean;
  /** Where the bytes come from (a path), for findings. */
  origin?: string;
  /** Malformed records reported one by one before the rest are only counted; default 100. */
  maxIssues?: number;
  /**
   * Longest record, in characters, held while waiting for its end; default 16 Mi. It bounds
   * memory when a stray quote would otherwise swallow the rest of a large file.
   */
  maxRecordLength?: number;
}

/** One batch of rows, column by column. */
/** A batch of rows column by column; `Column` is text cells here, typed cells from the kernel path. */
export interface CsvBatch<Column = (string | null)[]> {
  names: string[];
  /** `columns[c]`: the cells of column c (for text cells, `columns[c][r]` is the text or null). */
  columns: Column[];
  numRows: number;
  /** 0-based index of the first row among the well-formed data rows of the input. */
  firstRow: number;
  /** 1-based line where each row starts. */
  lines: Uint32Array;
  /** Malformed records met while this batch was filled. */
  issues: Issue[];
}

export interface CsvTokenizer<Batch = CsvBatch> {
  /** Feeds bytes; returns the batches that filled up. */
  push(chunk: Uint8Array): Batch[];
  /** Ends the input; returns the last (partial) batch, if it has rows or issues. */
  end(): Batch[];
  /** Column names, once the header (or the first record) has been read. */
  readonly names: string[] | undefined;
}

export const defaultNullValues: readonly string[] = ["", "NULL", "null", "None"];

const NONE = Number.MAX_SAFE_INTEGER;

export function createCsvTokenizer(options: CsvTokenizerOptions = {}): CsvTokenizer {
  const delimiter = options.delimiter ?? ",";
  const quote = options.quote ?? '"';
  if (delimiter.length !== 1 || quote.length !== 1 || delimiter === quote || /[\r\n]/.test(delimiter + quote)) {
    throw new IngestError(
      "config.invalid",
      `csv delimiter ${JSON.stringify(delimiter)} and quote ${JSON.stringify(quote)} must be two different single characters other than CR/LF; set engine.options.delimiter / quote_char`,
    );
  }
  const batchSize = Math.max(1, options.batchSize ?? 10000);
  if (options.header === false && options.columns?.length === 0) {
    throw new IngestError("config.invalid", "csv `columns` is empty; give the column names or set header: true");
  }
  const D = delimiter.charCodeAt(0);
  const Q = quote.charCodeAt(0);
  const nulls = options.nullValues ?? defaultNullValues;
  const maxNullLength = nulls.reduce((m, s) => Math.max(m, s.length), -1);
  const origin = options.origin ?? "csv input";
  const maxIssues = options.maxIssues ?? 100;
  const maxRecordLength = options.maxRecordLength ?? 16 * 1024 * 1024;
  const decoder = new TextDecoder(options.encoding ?? "utf-8");

  let headerPending = options.header !== false;
  let names: string[] | undefined = headerPending ? undefined : options.columns?.slice();
  let ncols = names ? names.length : -1;
  let carry = "";
  let line = 1; // line where `carry` starts
  let rowsEmitted = 0;
  const malformed = new MalformedRows(origin, Boolean(options.strict), maxIssues);
  let cols: (string | null)[][] = names ? names.map(() => []) : [];
  let lines = new Uint32Array(batchSize);
  let rows = 0;
  let issues: Issue[] = [];
  let out: CsvBatch[] = [];
  let ended = false;

  const slow: SlowRecord = { fields: [], next: 0, newlines: 0, problem: undefined, blank: false };

  function isNull(v: string): boolean {
    if (v.length > maxNullLength) return false;
    for (let i = 0; i < nulls.length; i++) if (nulls[i] === v) return true;
    return false;
  }

  function setNames(fields: (string | null)[]): void {
    const seen = new Set<string>();
    names = fields.map((f, i) => {
      const base = f === null || f === "" ? `column${i + 1}` : f;
      let name = base;
      // A repeated header name gets a suffix so that no column silently shadows another.
      for (let k = 2; seen.has(name); k++) name = `${base}_${k}`;
      seen.add(name);
      return name;
    });
    ncols = names.length;
    cols = names.map(() => []);
  }

  const report = (startLine: number, problem: string, raw: string): void => malformed.report(issues, startLine, problem, raw);

  function flush(): void {
    out.push({ names: names ?? [], columns: cols, numRows: rows, firstRow: rowsEmitted, lines: lines.subarray(0, rows), issues });
    rowsEmitted += rows;
    rows = 0;
    cols = (names ?? []).map(() => []);
    lines = new Uint32Array(batchSize);
    issues = [];
  }

  /** A record whose fields are known; `raw` is only used for findings. */
  function record(fields: (string | null)[], startLine: number, problem: string | undefined, rawStart: number, rawEnd: number, text: string): void {
    if (headerPending) {
      headerPending = false;
      setNames(fields);
      if (problem) report(startLine, problem + " in the header", text.slice(rawStart, rawEnd));
      return;
    }
    if (ncols < 0) setNames(fields.map((_, i) => `column${i + 1}`));
    if (problem === undefined && fields.length !== ncols) problem = `${fields.length} fields where the header has ${ncols}`;
    if (problem !== undefined) {
      report(startLine, problem, text.slice(rawStart, rawEnd));
      return;
    }
    for (let c = 0; c < ncols; c++) cols[c].push(fields[c]);
    lines[rows++] = startLine;
    if (rows === batchSize) flush();
  }


  /**
   * Appends the cells of text[pos, end) — a line with no quote and no CR — straight to the
   * columns. Returns false, having appended nothing, when the field count is wrong.
   */
  function simpleRow(text: string, pos: number, end: number): boolean {
    let p = pos;
    const last = ncols - 1;
    for (let c = 0; c < last; c++) {
      const q = text.indexOf(delimiter, p);
      if (q === -1 || q >= end) {
        for (let k = 0; k < c; k++) cols[k].pop();
        return false;
      }
      const v = text.slice(p, q);
      cols[c].push(q - p <= maxNullLength && isNull(v) ? null : v);
      p = q + 1;
    }
    const q = text.indexOf(delimiter, p);
    if (q !== -1 && q < end) {
      for (let k = 0; k < last; k++) cols[k].pop();
      return false;
    }
    const v = text.slice(p, end);
    cols[last].push(end - p <= maxNullLength && isNull(v) ? null : v);
    lines[rows++] = line;
    if (rows === batchSize) flush();
    return true;
  }

  /** Consumes every complete record of `text`; returns where the unconsumed rest starts. */
  function parse(text: string, final: boolean): number {
    const n = text.length;
    let pos = 0;
    let qi = -1;
    let ci = -1;
    while (pos < n) {
      if (qi !== NONE && qi < pos) {
        qi = text.indexOf(quote, pos);
        if (qi === -1) qi = NONE;
      }
      if (ci !== NONE && ci < pos) {
        ci = text.indexOf("\r", pos);
        if (ci === -1) ci = NONE;
      }
      const nl = text.indexOf("\n", pos);
      // Fast path: a whole LF- or CRLF-terminated line with no quote and no other CR.
      if (nl !== -1 && qi > nl && (ci > nl || ci === nl - 1)) {
        const end = ci === nl - 1 ? nl - 1 : nl;
        if (end === pos) {
          pos = nl + 1;
          line++;
          continue;
        }
        if (!headerPending && ncols > 0 && simpleRow(text, pos, end)) {
          pos = nl + 1;
          line++;
          continue;
        }
        const fields: (string | null)[] = text.slice(pos, end).split(delimiter);
        if (!headerPending) {
          for (let c = 0; c < fields.length; c++) if (isNull(fields[c] as string)) fields[c] = null;
        }
        record(fields, line, undefined, pos, end, text);
        pos = nl + 1;
        line++;
        continue;
      }
      if (!readRecord(text, pos, final, D, Q, headerPending ? undefined : isNull, slow)) break;
      if (!slow.blank) record(slow.fields, line, slow.problem, pos, slow.next, text);
      line += slow.newlines;
      pos = slow.next;
    }
    return pos;
  }

  function take(): CsvBatch[] {
    const result = out;
    out = [];
    return result;
  }

  return {
    get names() {
      return names;
    },
    push(chunk: Uint8Array): CsvBatch[] {
      if (ended) throw new IngestError("internal", `csv tokenizer for ${origin} got bytes after end(); create a new tokenizer per input`);
      const text = carry + decoder.decode(chunk, { stream: true });
      carry = text.slice(parse(text, false));
      if (carry.length > maxRecordLength) {
        throw new IngestError(
          "source.malformed",
          `${origin}: the record starting at line ${line} is longer than ${maxRecordLength} characters; look for an unterminated quote there, or raise maxRecordLength`,
          { origin, line },
        );
      }
      return take();
    },
    end(): CsvBatch[] {
      if (ended) return [];
      ended = true;
      const text = carry + decoder.decode();
      carry = "";
      parse(text, true);
      const summary = malformed.summary();
      if (summary) issues.push(summary);
      if (rows > 0 || issues.length > 0) flush();
      return take();
    },
  };
}
