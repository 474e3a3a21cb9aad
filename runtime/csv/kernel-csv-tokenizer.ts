/**
 * The CSV tokenizer on the kernels: `csvTokenize` finds the field boundaries in the bytes,
 * `csvColumns` parses the columns the contract types as numbers, booleans, dates or
 * timestamps and gathers text columns as UTF-8 bytes — no JS string per cell. The batches hold
 * column cells (runtime/normalize/column-cells.ts) that normalize turns into Arrow directly.
 *
 * It follows csv-tokenizer.ts rule for rule (blank lines, null tokens, BOM, invalid UTF-8, line
 * numbers, malformed and short records, strict mode, batch boundaries), so findings and their
 * messages are the same: a malformed record is re-read by the same `readRecord` to describe it,
 * and a cell whose type or null-ness the kernel cannot settle travels as text to normalize.
 */
import { IngestError } from "../errors.ts";
import type { Issue } from "../rule.ts";
import { CsvFlag, initialCsvState, type CsvFields, type CsvState, type Kernels } from "../../wasm/index.ts";
import type { TextCells, TypedCells } from "../normalize/column-cells.ts";
import { defaultNullValues, type CsvBatch, type CsvTokenizer, type CsvTokenizerOptions } from "./csv-tokenizer.ts";
import { readRecord, type SlowRecord } from "./read-record.ts";
import { MalformedRows } from "./malformed-rows.ts";
import { utf8Input } from "./utf8-input.ts";
import { createCellBuilders, type CellBuilder } from "./cell-builders.ts";
import { utf8Value } from "../utf8-value.ts";

export interface KernelCsvOptions extends CsvTokenizerOptions {
  kernels: Kernels;
  /** Contract type per column name as `cellKindOf` gives it (`long`, `decimal(10,2)` …); others stay text. */
  types?: Record<string, string>;
  /**
   * The input is valid UTF-8 whose first bytes are data, not a byte order mark — PostgreSQL's
   * COPY output in client_encoding UTF8 (the server converts and validates every value) — so it
   * is scanned as it comes, without the check `utf8-input.ts` makes of a file's bytes.
   */
  validUtf8?: boolean;
}

/** The same batches and tokenizer as `csv-tokenizer.ts`, with typed or raw-byte cells. */
export type KernelCsvBatch = CsvBatch<TextCells | TypedCells>;
export type KernelCsvTokenizer = CsvTokenizer<KernelCsvBatch>;

/** Whether the kernel tokenizer reads input with these options (UTF-8, one-byte delimiter and quote). */
export function kernelCsvApplies(options: CsvTokenizerOptions): boolean {
  const d = options.delimiter ?? ",";
  const q = options.quote ?? '"';
  const e = (options.encoding ?? "utf-8").toLowerCase();
  const byte = (s: string) => s.length === 1 && s.charCodeAt(0) < 0x80 && s !== "\r" && s !== "\n";
  return byte(d) && byte(q) && d !== q && (e === "utf-8" || e === "utf8");
}

const LF = 10;
const CR = 13;
const { recordEnd: END, quoted: QUOTED, escaped: ESCAPED, malformed: MALFORMED } = CsvFlag;

export function createKernelCsvTokenizer(options: KernelCsvOptions): KernelCsvTokenizer {
  const k = options.kernels;
  const D = (options.delimiter ?? ",").charCodeAt(0);
  const Q = (options.quote ?? '"').charCodeAt(0);
  const batchSize = Math.max(1, options.batchSize ?? 10000);
  if (options.header === false && options.columns?.length === 0) {
    throw new IngestError("config.invalid", "csv `columns` is empty; give the column names or set header: true");
  }
  const nulls = options.nullValues ?? defaultNullValues;
  const isNull = (v: string) => nulls.includes(v);
  const origin = options.origin ?? "csv input";
  const maxIssues = options.maxIssues ?? 100;
  const maxRecordLength = options.maxRecordLength ?? 16 * 1024 * 1024;
  const input = options.validUtf8 ? { push: (chunk: Uint8Array) => chunk, end: () => new Uint8Array(0) } : utf8Input();
  const slow: SlowRecord = { fields: [], next: 0, newlines: 0, problem: undefined, blank: false };

  let headerPending = options.header !== false;
  let names: string[] | undefined;
  let ncols = -1;
  let builders: CellBuilder | undefined;
  let line = 1;
  let rowsEmitted = 0;
  const malformed = new MalformedRows(origin, Boolean(options.strict), maxIssues);
  let rows = 0;
  let lines = new Uint32Array(batchSize);
  let issues: Issue[] = [];
  let out: KernelCsvBatch[] = [];
  let carry = new Uint8Array(0);
  let state: CsvState = { ...initialCsvState };
  let ended = false;

  function setNames(fields: (string | null)[]): void {
    const seen = new Set<string>();
    names = fields.map((f, i) => {
      const base = f === null || f === "" ? `column${i + 1}` : f;
      let name = base;
      for (let n = 2; seen.has(name); n++) name = `${base}_${n}`;
      seen.add(name);
      return name;
    });
    ncols = names.length;
    builders = createCellBuilders(k, names.map((n) => options.types?.[n] ?? "string"), nulls, Q, batchSize);
  }
  if (!headerPending && options.columns) setNames(options.columns.slice());

  const report = (startLine: number, problem: string, raw: string): void => malformed.report(issues, startLine, problem, raw);

  function flush(): void {
    out.push({ names: names ?? [], columns: builders ? builders.finish(rows) : [], numRows: rows, firstRow: rowsEmitted, lines: lines.subarray(0, rows), issues });
    rowsEmitted += rows;
    rows = 0;
    lines = new Uint32Array(batchSize);
    issues = [];
  }

  function fieldText(buf: Uint8Array, f: CsvFields, i: number): string {
    const text = utf8Value(buf.subarray(f.starts[i]!, f.ends[i]!));
    return f.flags[i]! & ESCAPED ? text.split(String.fromCharCode(Q, Q)).join(String.fromCharCode(Q)) : text;
  }

  /** Consumes the complete records of `f`; returns the index of the first field not consumed. */
  function records(buf: Uint8Array, f: CsvFields): number {
    const { starts, ends, flags, count } = f;
    let runFirst = 0;
    let runRows = 0;
    const endRun = () => {
      if (runRows === 0) return;
      builders!.append(buf, f, runFirst, runRows, rows);
      rows += runRows;
      runRows = 0;
      if (rows === batchSize) flush();
    };
    let i = 0;
    while (i < count) {
      // One pass finds the record's end and what its fields hold; quoted ones are walked again
      // for their line breaks.
      let e = i;
      let special = 0;
      for (; e < count; e++) {
        const fl = flags[e]!;
        special |= fl;
        if (fl & END) break;
      }
      if (e === count) break;
      const fields = e - i + 1;
      const start = line;
      if (special & QUOTED) {
        for (let j = i; j <= e; j++) if (flags[j]! & QUOTED) line += countBreaks(buf, starts[j]!, ends[j]!);
      }
      line++;
      const rawStart = starts[i]! - (flags[i]! & QUOTED ? 1 : 0);
      const rawEnd = ends[e]! + ((flags[e]! & (QUOTED | MALFORMED)) === QUOTED ? 1 : 0);
      const next = e + 1;
      if (fields === 1 && !(flags[i]! & (QUOTED | MALFORMED)) && starts[i] === ends[i]) {
        i = next; // a blank line
        continue;
      }
      if (headerPending || special & MALFORMED || (ncols >= 0 && fields !== ncols)) endRun();
      if (headerPending) {
        headerPending = false;
        if (special & MALFORMED) {
          const raw = utf8Value(buf.subarray(rawStart, rawEnd));
          readRecord(raw, 0, true, D, Q, undefined, slow);
          setNames(slow.fields);
          if (slow.problem) report(start, slow.problem + " in the header", raw);
        } else {
          setNames(Array.from({ length: fields }, (_, j) => fieldText(buf, f, i + j)));
        }
        i = next;
        continue;
      }
      if (ncols < 0) setNames(Array.from({ length: fields }, (_, j) => `column${j + 1}`));
      if (special & MALFORMED) {
        const raw = utf8Value(buf.subarray(rawStart, rawEnd));
        readRecord(raw, 0, true, D, Q, isNull, slow);
        const problem = slow.problem ?? (slow.fields.length !== ncols ? `${slow.fields.length} fields where the header has ${ncols}` : undefined);
        if (problem) report(start, problem, raw);
        else {
          builders!.appendTexts(slow.fields, rows);
          lines[rows++] = start;
          if (rows === batchSize) flush();
        }
      } else if (fields !== ncols) {
        report(start, `${fields} fields where the header has ${ncols}`, utf8Value(buf.subarray(rawStart, rawEnd)));
      } else {
        // A run is contiguous fields: a skipped blank line in between starts a new one.
        if (runRows > 0 && i !== runFirst + runRows * ncols) endRun();
        if (runRows === 0) runFirst = i;
        lines[rows + runRows++] = start;
        if (rows + runRows === batchSize) endRun();
      }
      i = next;
    }
    endRun();
    return i;
  }

  function scan(bytes: Uint8Array, last: boolean): void {
    let buf = bytes;
    if (carry.length > 0) {
      buf = new Uint8Array(carry.length + bytes.length);
      buf.set(carry);
      buf.set(bytes, carry.length);
    }
    // `scratch`: the fields are done with before the next chunk is tokenized.
    const f = k.csvTokenize(buf, state, { delimiter: D, quote: Q, last, scratch: true });
    const done = records(buf, f);
    if (done === f.count) {
      carry = buf.slice(f.consumed);
      state = f.state;
    } else {
      // A record cut by the chunk's end is scanned again, whole, with the next chunk.
      carry = buf.slice(f.starts[done]! - (f.flags[done]! & QUOTED ? 1 : 0));
      state = { ...initialCsvState };
    }
  }

  function take(): KernelCsvBatch[] {
    const result = out;
    out = [];
    return result;
  }

  return {
    get names() {
      return names;
    },
    push(chunk) {
      if (ended) throw new IngestError("internal", `csv tokenizer for ${origin} got bytes after end(); create a new tokenizer per input`);
      scan(input.push(chunk), false);
      if (carry.length > maxRecordLength && utf8Value(carry).length > maxRecordLength) {
        throw new IngestError(
          "source.malformed",
          `${origin}: the record starting at line ${line} is longer than ${maxRecordLength} characters; look for an unterminated quote there, or raise maxRecordLength`,
          { origin, line },
        );
      }
      return take();
    },
    end() {
      if (ended) return [];
      ended = true;
      scan(input.end(), true);
      carry = new Uint8Array(0);
      const summary = malformed.summary();
      if (summary) issues.push(summary);
      if (rows > 0 || issues.length > 0) flush();
      return take();
    },
  };
}

/** Line breaks in buf[a, b): CRLF, LF and a lone CR each count once (as read-record.ts counts). */
function countBreaks(buf: Uint8Array, a: number, b: number): number {
  let n = 0;
  for (let i = a; i < b; i++) {
    const c = buf[i];
    if (c === LF) n++;
    else if (c === CR && buf[i + 1] !== LF) n++;
  }
  return n;
}
