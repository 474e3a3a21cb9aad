/**
 * Full-table reads of PostgreSQL on the kernel CSV tokenizer: `COPY … TO STDOUT (FORMAT csv)`
 * (PostgreSQL docs, "COPY", File Formats → CSV Format) is RFC 4180 with an unquoted empty field
 * for null and `""` for the empty string — the null rule of our CSV tokenizer with `nullValues:
 * [""]` — so the output goes through the same kernels as a CSV file: numbers, dates and
 * timestamps are parsed from the bytes into typed arrays and text stays UTF-8, with no JS value
 * per cell. The COPY text parser (sql-copy-text.ts) builds one JS value per cell instead, which
 * made reading and converting the rows cost more than the driver itself.
 *
 * Each column takes one of the shapes of sql-cell-shapes.ts.
 */
import { createKernelCsvTokenizer, type KernelCsvBatch } from "../../runtime/csv/kernel-csv-tokenizer.ts";
import { IngestError } from "../../runtime/errors.ts";
import { cellKindOf, TextCells, TypedCells } from "../../runtime/normalize/column-cells.ts";
import type { SourceBatch } from "../../runtime/source.ts";
import type { Kernels } from "../../wasm/index.ts";
import { settleTexts, shapeOf, TYPED, VALUES } from "./sql-cell-shapes.ts";
import type { CopyColumn } from "./sql-copy-text.ts";
import { pgTextParser, type TextParser } from "./sql-values.ts";

/** Bytes tokenized at a time, and the buffer that gathers them (room for a row past the mark). */
const FLUSH_AT = 65_536;
const CHUNK = 2 * FLUSH_AT;
/** No batches (one shared array: a row that completes none allocates nothing). */
const none: SourceBatch[] = [];

export interface CopyCsvOptions {
  columns: CopyColumn[];
  kernels: Kernels;
  /** `cellKindOf` the contract's type per column name; typed cells only where it equals the source's. */
  types?: Record<string, string>;
  origin: string;
  batchSize: number;
}

/** Whether a read of these columns can take the CSV path (see `copyCsvStatement`). */
export function copyCsvApplies(columns: CopyColumn[]): boolean {
  // A one-column row holding null is an empty line, which a CSV reader takes for a blank line.
  return columns.length > 1;
}

/**
 * The COPY statement for `select`. The reader takes the output as valid UTF-8 from its first
 * byte (`validUtf8`), so a first value that begins with U+FEFF is data, not a byte order mark.
 */
export function copyCsvStatement(select: string): string {
  return `COPY (${select}) TO STDOUT (FORMAT csv)`;
}

export interface CopyCsvReader {
  /** Takes a piece of the output; returns the batches that filled up. */
  push(chunk: Uint8Array): SourceBatch[];
  /** The output ended; returns the last batch. */
  end(): SourceBatch[];
}

export function copyCsvReader(options: CopyCsvOptions): CopyCsvReader {
  const { columns, origin } = options;
  const shapes = columns.map((c) => shapeOf(c.columnType, options.types?.[c.name]));
  const parsers: TextParser[] = columns.map((c) => pgTextParser(c.name, c.columnType));
  const tokenizer = createKernelCsvTokenizer({
    kernels: options.kernels,
    header: false,
    columns: columns.map((c) => c.name),
    types: Object.fromEntries(columns.map((c, i) => [c.name, shapes[i] === TYPED ? cellKindOf(c.columnType) : "string"])),
    nullValues: [""],
    batchSize: options.batchSize,
    // Well-formed by construction: anything else is a broken stream, not a finding.
    strict: true,
    // A CSV file's guard against a runaway quote; a PostgreSQL value may be up to 1 GB.
    maxRecordLength: 2 ** 30,
    // postgres.js connects with client_encoding UTF8: the server sends valid UTF-8 only (it
    // refuses bytes that are not, even from a SQL_ASCII database; a test shows it).
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
      if (shapes[i] === VALUES) {
        const texts = (cells as TextCells).strings();
        const parse = parsers[i]!;
        out.columns[c.name] = texts.map((t) => (t === null ? null : parse(t)));
        return;
      }
      if (cells instanceof TypedCells) settleTexts(cells, parsers[i]!);
      out.columns[c.name] = cells;
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
