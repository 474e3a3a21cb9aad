/**
 * Full-table reads of PostgreSQL on the kernel CSV tokenizer, in COPY's text format (PostgreSQL
 * docs, "COPY", File Formats → Text Format): one row per line, tab between columns, `\N` for
 * null, and a backslash escape for every backslash, tab, newline and carriage return inside a
 * value. So the kernels read it as CSV with a tab delimiter and a quote byte that never occurs
 * (0xFF is not in UTF-8) and `\N` as the null token: numbers, dates and timestamps are parsed
 * from the bytes into typed arrays and text stays UTF-8, with no JS value per cell. The rare text
 * that holds a backslash is unescaped afterwards (found with one `indexOf` per column).
 *
 * The text format rather than `FORMAT csv`: the server spends about a fifth less time on it
 * (CSV checks every value for characters that need quotes before writing it), and on a machine
 * the server shares with us that time is ours. The COPY text parser (sql-copy-text.ts)
 * reads the same output into one JS value per cell, which costs more than the driver itself.
 *
 * Each column takes one of the shapes of sql-cell-shapes.ts.
 */
import { createKernelCsvTokenizer, type KernelCsvBatch } from "../../runtime/csv/kernel-csv-tokenizer.ts";
import { IngestError } from "../../runtime/errors.ts";
import { cellKindOf, TextCells, TypedCells } from "../../runtime/normalize/column-cells.ts";
import type { SourceBatch } from "../../runtime/source.ts";
import type { Kernels } from "../../wasm/index.ts";
import { settleTexts, shapeOf, TYPED, VALUES } from "./sql-cell-shapes.ts";
import { type CopyColumn, unescapeCopyBytes, unescapeCopyText } from "./sql-copy-text.ts";
import { pgTextParser, type TextParser } from "./sql-values.ts";

/** Bytes tokenized at a time, and the buffer that gathers them (room for a row past the mark). */
const FLUSH_AT = 65_536;
const CHUNK = 2 * FLUSH_AT;
const BACKSLASH = 92;
/** No batches (one shared array: a row that completes none allocates nothing). */
const none: SourceBatch[] = [];

export interface CopyCellsOptions {
  columns: CopyColumn[];
  kernels: Kernels;
  /** `cellKindOf` the contract's type per column name; typed cells only where it equals the source's. */
  types?: Record<string, string>;
  origin: string;
  batchSize: number;
}

/** Whether a read of these columns can take the kernel path. */
export function copyCellsApplies(columns: CopyColumn[]): boolean {
  // A one-column row holding the empty string is an empty line, which the tokenizer skips as blank.
  return columns.length > 1;
}

export interface CopyCellsReader {
  /** Takes a piece of the output; returns the batches that filled up. */
  push(chunk: Uint8Array): SourceBatch[];
  /** The output ended; returns the last batch. */
  end(): SourceBatch[];
}

export function copyCellsReader(options: CopyCellsOptions): CopyCellsReader {
  const { columns, origin } = options;
  const shapes = columns.map((c) => shapeOf(c.columnType, options.types?.[c.name]));
  const parsers: TextParser[] = columns.map((c) => pgTextParser(c.name, c.columnType));
  const tokenizer = createKernelCsvTokenizer({
    kernels: options.kernels,
    header: false,
    columns: columns.map((c) => c.name),
    types: Object.fromEntries(columns.map((c, i) => [c.name, shapes[i] === TYPED ? cellKindOf(c.columnType) : "string"])),
    delimiter: "\t",
    quote: "\u00ff",
    nullValues: ["\\N"],
    batchSize: options.batchSize,
    // Well-formed by construction: anything else is a broken stream, not a finding.
    strict: true,
    // A CSV file's guard against a runaway quote; a PostgreSQL value may be up to 1 GB.
    maxRecordLength: 2 ** 30,
    // postgres.js connects with client_encoding UTF8: the server sends valid UTF-8 only (it
    // refuses bytes that are not, even from a SQL_ASCII database; a test shows it). So the
    // quote byte 0xFF never occurs, and no value is read as quoted.
    validUtf8: true,
    origin,
  });
  // postgres.js hands out one row per call; tokenizing 64 KiB at a time costs far less per row.
  // Rows are copied into the next buffer as they come (a list of rows joined later cost an
  // array entry per row and a second pass over the bytes).
  let pending = new Uint8Array(CHUNK);
  let pendingBytes = 0;

  function convert(b: KernelCsvBatch): SourceBatch {
    const out: SourceBatch = { numRows: b.numRows, columns: {}, origin, firstRow: b.firstRow };
    columns.forEach((c, i) => {
      const cells = b.columns[i]!;
      const parse = parsers[i]!;
      if (shapes[i] === VALUES) {
        const texts = (cells as TextCells).strings();
        out.columns[c.name] = texts.map((t) => (t === null ? null : parse(unescapeCopyText(t))));
        return;
      }
      if (cells instanceof TypedCells) {
        settleTexts(cells, (t) => parse(unescapeCopyText(t)));
        out.columns[c.name] = cells;
      } else out.columns[c.name] = unescapedCells(cells);
    });
    return out;
  }

  function flush(): SourceBatch[] {
    if (pendingBytes === 0) return none;
    const data = pending.subarray(0, pendingBytes);
    pendingBytes = 0;
    // The buffer is filled again: the tokenizer copies whatever it keeps of a chunk (the cut
    // record's bytes, each batch's cells), so nothing it returns is a view of it.
    return tokenizer.push(data).map(convert);
  }

  return {
    push(chunk) {
      if (pendingBytes + chunk.length > pending.length) {
        // A row longer than what is left: flush what is there, and hold a long row alone.
        const batches = flush();
        if (chunk.length > pending.length) pending = new Uint8Array(chunk.length);
        pending.set(chunk);
        pendingBytes = chunk.length;
        return batches;
      }
      pending.set(chunk, pendingBytes);
      pendingBytes += chunk.length;
      return pendingBytes >= FLUSH_AT ? flush() : none;
    },
    end() {
      const batches = flush().slice();
      let last: KernelCsvBatch[];
      try {
        last = tokenizer.end();
      } catch (e) {
        if (e instanceof IngestError && e.code === "source.malformed") {
          throw new IngestError("source.query_failed", `${origin}: COPY output ended in the middle of a row; rerun the read`);
        }
        throw e;
      }
      batches.push(...last.map(convert));
      return batches.filter((b) => b.numRows > 0);
    },
  };
}

/** Text cells with their escapes undone; the same cells when no value holds a backslash. */
function unescapedCells(cells: TextCells): TextCells {
  const { data, offsets, valid, length } = cells;
  if (data.indexOf(BACKSLASH) < 0) return cells;
  const out = new Uint8Array(data.length);
  const at = new Int32Array(length + 1);
  let n = 0;
  for (let i = 0; i < length; i++) {
    const raw = data.subarray(offsets[i]!, offsets[i + 1]!);
    const value = valid[i] ? unescapeCopyBytes(raw) : raw;
    out.set(value, n);
    at[i + 1] = n += value.length;
  }
  return new TextCells(out.subarray(0, n), at, valid, length);
}
