/**
 * The kernels' interface, implemented twice: by the Rust crate compiled to WebAssembly
 * (`wasm-kernels.ts`) and by pure-TypeScript twins (`twins/`). Both give identical results for
 * identical inputs; the property suite (`tests/suites/kernels.suite.ts`) holds them to it.
 *
 * Columns cross as typed arrays: strings as Arrow-style UTF-8 `data` + `offsets` (n + 1
 * entries), validity as one byte per row where 1 means "has a value" (the `OK` status of
 * `parseColumn`, so its output feeds the statistics directly).
 */

/** Field flags of `csvTokenize`. */
export const CsvFlag = {
  /** The field is the last of its record. */
  recordEnd: 1,
  /** The field was quoted; start/end exclude the quotes. */
  quoted: 2,
  /** The field holds `""` pairs that stand for one quote each. */
  escaped: 4,
  /** A quote inside an unquoted field, text after the closing quote, or a quote never closed (RFC 4180 §2 rules 5–7). */
  malformed: 8,
} as const;

/** Scanner state carried from one `csvTokenize` call to the next. */
export interface CsvState {
  /** Bytes at the start of the next buffer (the carried tail) already scanned. */
  scanned: number;
  phase: number;
  inRecord: boolean;
  skipLf: boolean;
  escaped: boolean;
}

export const initialCsvState: Readonly<CsvState> = { scanned: 0, phase: 0, inRecord: false, skipLf: false, escaped: false };

export interface CsvTokenizeOptions {
  /** Byte value of the delimiter (default `,`). */
  delimiter?: number;
  /** Byte value of the quote (default `"`). */
  quote?: number;
  /** The buffer ends the stream: close the open field and record. */
  last?: boolean;
  /**
   * The result's arrays may be overwritten by the next call with `scratch` on the same kernels:
   * for a caller done with them before it tokenizes again, which spares an allocation per chunk.
   */
  scratch?: boolean;
}

export interface CsvFields {
  count: number;
  /** Field content is `buffer[starts[i], ends[i])`, unescaped when `flags[i] & CsvFlag.escaped`. */
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
  /** Bytes fully used: pass `buffer.subarray(consumed)` at the front of the next buffer. */
  consumed: number;
  state: CsvState;
}

/** `decimal(p,s)` with p ≤ 18: the unscaled values as i64 (`12.30` in decimal(5,2) is 1230). */
export type DecimalParseKind = `decimal(${number},${number})`;

export type ParseKind = "int32" | "int64" | "float64" | "bool" | "date" | "timestamp" | DecimalParseKind;

/** Precision and scale of a decimal parse kind, or null for the other kinds. */
export function decimalOf(kind: ParseKind): { precision: number; scale: number } | null {
  const m = /^decimal\((\d+),(\d+)\)$/.exec(kind);
  return m ? { precision: Number(m[1]), scale: Number(m[2]) } : null;
}

export interface ParseValues {
  int32: Int32Array;
  int64: BigInt64Array;
  float64: Float64Array;
  bool: Uint8Array;
  /** Days since 1970-01-01. */
  date: Int32Array;
  /** Microseconds since 1970-01-01T00:00:00 (UTC when the text had an offset). */
  timestamp: BigInt64Array;
}

/** Per-row status of `parseColumn`. */
export const ParseStatus = { null: 0, ok: 1, invalid: 2 } as const;

/** The values array of a parse kind. */
export type ValuesOf<K extends ParseKind> = K extends DecimalParseKind ? BigInt64Array : ParseValues[K & keyof ParseValues];

export interface ParsedColumn<K extends ParseKind = ParseKind> {
  values: ValuesOf<K>;
  status: Uint8Array;
  invalid: number;
}

/** How `csvColumns` takes a column: parsed as a kind, or gathered as text. */
export type CsvColumnKind = ParseKind | "text";

/** A text column of `csvColumns`, in Arrow's UTF-8 layout. */
export interface GatheredText {
  /** The cells' bytes; a quoted cell's `""` pairs stand for one quote each (RFC 4180 §2.7). */
  data: Uint8Array;
  /** rows + 1 offsets into `data`, each plus the column's `base` (the first is the base). */
  offsets: Int32Array;
  /** 0 where the cell is null: unquoted, and equal to one of the null tokens. */
  valid: Uint8Array;
}

export type CsvColumn = ParsedColumn | GatheredText;

/** Whether `data[s, e)` is exactly one of `tokens`: the match `csvColumns` makes of an unquoted cell. */
export function isNullToken(data: Uint8Array, s: number, e: number, tokens: readonly Uint8Array[]): boolean {
  outer: for (const t of tokens) {
    if (t.length !== e - s) continue;
    for (let i = 0; i < t.length; i++) if (data[s + i] !== t[i]) continue outer;
    return true;
  }
  return false;
}

export interface CsvColumnsOptions {
  /** The quote byte (default `"`). */
  quote?: number;
  /** UTF-8 texts that are null when a cell is exactly one of them, unquoted. */
  nullTokens?: readonly Uint8Array[];
  /** Per column, the first offset of a text column (the bytes a builder already holds; default 0). */
  bases?: Int32Array;
}

/** Bits of `inferColumn`: the kinds every non-empty field parses as. */
export const CanParse = { int32: 1, int64: 2, float64: 4, bool: 8, date: 16, timestamp: 32, hasValues: 64 } as const;

export interface StringColumn {
  data: Uint8Array;
  /** n + 1 offsets into `data`. */
  offsets: Int32Array;
}

export type Validity = Uint8Array | null;

export interface NumberStats<T> {
  values: number;
  nulls: number;
  nans: number;
  /** Null when there is no non-NaN value. */
  min: T | null;
  max: T | null;
}

export interface StringStats {
  values: number;
  nulls: number;
  /** Rows of the smallest and largest value (UTF-8 byte order = code point order), -1 if none. */
  minRow: number;
  maxRow: number;
  /** Iceberg bounds: lower = prefix of `truncateTo` code points, upper = incremented prefix. */
  lower: Uint8Array | null;
  upper: Uint8Array | null;
}

export const piiKinds = ["email", "phone", "card", "iban", "ssn", "ipv4", "ipv6"] as const;
export type PiiKind = (typeof piiKinds)[number];

export interface PiiScan {
  /** Rows containing each kind. */
  counts: Record<PiiKind, number>;
  /** The first rows containing each kind, at most `samplesPerKind`. */
  samples: Record<PiiKind, number[]>;
}

export interface Kernels {
  readonly kind: "wasm" | "ts";
  /** RFC 4180 field boundaries of `buffer` (= carried tail + new chunk), resumable by `state`. */
  csvTokenize(buffer: Uint8Array, state: CsvState, options?: CsvTokenizeOptions): CsvFields;
  /** Parses fields `data[starts[i], ends[i])`; trimmed of spaces/tabs, empty is null. */
  parseColumn<K extends ParseKind>(data: Uint8Array, starts: Int32Array, ends: Int32Array, kind: K): ParsedColumn<K>;
  /**
   * Every column of a run of whole records of a tokenized chunk in one call: field (row r,
   * column c) is at index `r * kinds.length + c` of `starts`/`ends`/`flags` (the order
   * `csvTokenize` emits whole records in; fields must lie in `data` and not overlap). A column
   * of a parse kind is parsed as `parseColumn` parses it; a `"text"` column is gathered into
   * Arrow's UTF-8 layout.
   */
  csvColumns(data: Uint8Array, starts: Int32Array, ends: Int32Array, flags: Uint8Array, kinds: readonly CsvColumnKind[], options?: CsvColumnsOptions): CsvColumn[];
  /**
   * `csvColumns`, handing each column to `take` as it is read instead of returning copies: its
   * arrays are valid only during that call (the WebAssembly kernels lend views of their memory),
   * so a builder copies them once, straight into its own.
   */
  csvColumnsInto(
    data: Uint8Array, starts: Int32Array, ends: Int32Array, flags: Uint8Array, kinds: readonly CsvColumnKind[], options: CsvColumnsOptions,
    take: (column: number, cells: CsvColumn) => void,
  ): void;
  /** A `CanParse` bit set. */
  inferColumn(data: Uint8Array, starts: Int32Array, ends: Int32Array): number;
  /**
   * `registers` (`hllRegisters()`) is updated in place; read it with `hllEstimate`. With null,
   * no value is hashed: the bounds and counts alone cost a fraction of the sketch.
   */
  statsFloat64(values: Float64Array, validity: Validity, registers: Uint8Array | null): NumberStats<number>;
  statsInt64(values: BigInt64Array, validity: Validity, registers: Uint8Array | null): NumberStats<bigint>;
  statsInt32(values: Int32Array, validity: Validity, registers: Uint8Array | null): NumberStats<number>;
  statsString(column: StringColumn, validity: Validity, registers: Uint8Array | null, truncateTo?: number): StringStats;
  /** Equal-width bins over [lo, hi]; outliers clamp to the end bins; NaN and nulls skipped. */
  histogram(values: Float64Array | BigInt64Array | Int32Array, validity: Validity, lo: number, hi: number, bins: number): Uint32Array;
  /** `bucket[n]` of int/date values; n = 0 gives the raw 32-bit hash. */
  bucketInt32(values: Int32Array, n: number): Int32Array;
  /** `bucket[n]` of long/time/timestamp values (micros); n = 0 gives the raw hash. */
  bucketInt64(values: BigInt64Array, n: number): Int32Array;
  /** `bucket[n]` of decimals given as unscaled longs; n = 0 gives the raw hash. */
  bucketDecimal(unscaled: BigInt64Array, n: number): Int32Array;
  /** `bucket[n]` of strings (UTF-8), binary, fixed and uuid (16 big-endian bytes). */
  bucketBytes(column: StringColumn, n: number): Int32Array;
  truncateInt32(values: Int32Array, width: number): Int32Array;
  /** long, or decimal on its unscaled value. */
  truncateInt64(values: BigInt64Array, width: bigint): BigInt64Array;
  /** The byte length of each value's first `width` code points. */
  truncateString(column: StringColumn, width: number): Int32Array;
  piiScan(column: StringColumn, validity: Validity, samplesPerKind?: number): PiiScan;
}

export const defaultBoundLength = 16;
export const defaultSamplesPerKind = 5;
