/**
 * The kernels backed by `dativo_kernels.wasm`. Calls copy their inputs into linear memory,
 * call one `dk_*` export (the boundary is `src/lib.rs`), and copy the outputs back out — or, for
 * `csvColumnsInto`, lend them as views to a callback during the call — so no view into memory
 * outlives a call (memory growth detaches them).
 */
import type { CsvColumn, CsvColumnKind, CsvColumnsOptions, CsvFields, CsvState, CsvTokenizeOptions, Kernels, NumberStats, ParseKind, ParsedColumn, PiiScan, StringColumn, StringStats, Validity } from "./kernels.ts";
import { decimalOf, defaultBoundLength, defaultSamplesPerKind, piiKinds } from "./kernels.ts";
import { hllSize } from "./hll.ts";
import { emptyScan } from "./twins/pii-scan.ts";
import { rowsOf } from "./twins/parse-column.ts";

interface Exports {
  memory: WebAssembly.Memory;
  dk_alloc(size: number): number;
  dk_free(ptr: number, size: number): void;
  dk_csv_tokenize(buf: number, len: number, delim: number, quote: number, state: number, last: number, starts: number, ends: number, flags: number): number;
  dk_parse_column(data: number, len: number, starts: number, ends: number, n: number, kind: number, values: number, status: number): number;
  dk_csv_columns(
    data: number, len: number, starts: number, ends: number, flags: number, rows: number, columns: number, kinds: number, values: number, status: number,
    counts: number, bases: number, quote: number, tokens: number, tokensLen: number, tokenOffsets: number, tokenCount: number, arena: number,
  ): void;
  dk_infer_column(data: number, len: number, starts: number, ends: number, n: number): number;
  dk_stats_f64(values: number, valid: number, n: number, registers: number, out: number): void;
  dk_stats_i64(values: number, valid: number, n: number, registers: number, counts: number, minmax: number): void;
  dk_stats_i32(values: number, valid: number, n: number, registers: number, counts: number, minmax: number): void;
  dk_stats_str(data: number, len: number, offsets: number, n: number, valid: number, registers: number, truncateTo: number, out: number, lower: number, upper: number): void;
  dk_histogram(values: number, kind: number, valid: number, n: number, lo: number, hi: number, bins: number, count: number): void;
  dk_bucket_numbers(values: number, kind: number, n: number, buckets: number, out: number): void;
  dk_bucket_bytes(data: number, len: number, offsets: number, n: number, buckets: number, out: number): void;
  dk_truncate_i32(values: number, n: number, width: number, out: number): void;
  dk_truncate_i64(values: number, n: number, width: bigint, out: number): void;
  dk_truncate_str(data: number, len: number, offsets: number, n: number, width: number, out: number): void;
  dk_pii_scan(data: number, len: number, offsets: number, n: number, valid: number, perKind: number, counts: number, samples: number): void;
}

const fixedKinds: Record<string, { code: number; width: number }> = {
  int32: { code: 0, width: 4 },
  int64: { code: 1, width: 8 },
  float64: { code: 2, width: 8 },
  bool: { code: 3, width: 1 },
  date: { code: 4, width: 4 },
  timestamp: { code: 5, width: 8 },
};

/** The kind word of a gathered text column in `dk_csv_columns` (src/lib.rs `KIND_TEXT`). */
const TEXT_KIND = 254;

/** The `dk_parse_*` kind word and value width of a parse kind (decimals: `6 | p << 8 | s << 16`). */
function kindOf(kind: ParseKind): { code: number; width: number } {
  const k = fixedKinds[kind];
  if (k) return k;
  const d = decimalOf(kind);
  if (!d) throw new RangeError(`parse kind ${JSON.stringify(kind)} is unknown; use int32, int64, float64, bool, date, timestamp or decimal(p,s)`);
  // Remembered: a batch asks for the same decimal kinds over and over.
  return (fixedKinds[kind] = { code: 6 | (d.precision << 8) | (d.scale << 16), width: 8 });
}

type Typed = Uint8Array | Int32Array | Uint32Array | Float64Array | BigInt64Array;

/** Allocations of one call, freed together. */
class Frame {
  private blocks: [number, number][] = [];
  constructor(private x: Exports) {}

  alloc(size: number): number {
    const ptr = this.x.dk_alloc(size);
    if (ptr === 0) throw new Error(`dativo-kernels could not allocate ${size} bytes of WebAssembly memory; process the column in smaller batches`);
    this.blocks.push([ptr, size]);
    return ptr;
  }

  /** Copies `a` in; returns its pointer (0 for null). */
  put(a: Typed | null): number {
    if (a === null) return 0;
    const ptr = this.alloc(a.byteLength);
    new Uint8Array(this.x.memory.buffer, ptr, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    return ptr;
  }

  bytes(ptr: number, len: number): Uint8Array {
    return new Uint8Array(this.x.memory.buffer, ptr, len).slice();
  }

  i32(ptr: number, n: number): Int32Array {
    return new Int32Array(this.x.memory.buffer, ptr, n).slice();
  }

  free(): void {
    for (const [ptr, size] of this.blocks) this.x.dk_free(ptr, size);
    this.blocks = [];
  }
}

/** A column of `csvColumnsInto` copied out of the memory it was lent from. */
function copyOf(column: CsvColumn): CsvColumn {
  return "data" in column
    ? { data: column.data.slice(), offsets: column.offsets.slice(), valid: column.valid.slice() }
    : { values: column.values.slice() as ParsedColumn["values"], status: column.status.slice(), invalid: column.invalid };
}

function checkWidth(width: number | bigint, what: string): void {
  if (!(width > 0)) throw new RangeError(`${what} width ${width} is not positive; Iceberg truncate[W] needs W > 0`);
}

function checkColumn(column: StringColumn): void {
  const n = column.offsets.length - 1;
  if (n < 0 || column.offsets[n]! > column.data.length) {
    throw new RangeError(`string column offsets end at ${column.offsets[n]} past ${column.data.length} data bytes; pass n + 1 offsets into data`);
  }
}

export function wasmKernels(instance: WebAssembly.Instance): Kernels {
  const x = instance.exports as unknown as Exports;
  const call = <T>(body: (f: Frame) => T): T => {
    const f = new Frame(x);
    try {
      return body(f);
    } finally {
      f.free();
    }
  };

  const numberStats = (values: Int32Array | BigInt64Array, validity: Validity, registers: Uint8Array | null, wide: boolean) =>
    call((f) => {
      const n = values.length;
      const v = f.put(values);
      const valid = f.put(validity);
      const regs = f.put(registers);
      const counts = f.alloc(8);
      const minmax = f.alloc(wide ? 16 : 8);
      (wide ? x.dk_stats_i64 : x.dk_stats_i32)(v, valid, n, regs, counts, minmax);
      registers?.set(new Uint8Array(x.memory.buffer, regs, hllSize));
      const [count, nulls] = new Uint32Array(x.memory.buffer, counts, 2);
      const mm = wide ? Array.from(new BigInt64Array(x.memory.buffer, minmax, 2)) : Array.from(new Int32Array(x.memory.buffer, minmax, 2));
      return { values: count!, nulls: nulls!, nans: 0, min: count! > 0 ? mm[0]! : null, max: count! > 0 ? mm[1]! : null };
    });

  const bytesColumn = <T>(column: StringColumn, body: (f: Frame, data: number, offsets: number, n: number) => T): T =>
    call((f) => {
      checkColumn(column);
      return body(f, f.put(column.data), f.put(column.offsets), column.offsets.length - 1);
    });

  /** `csvColumns`, each column lent to `take` as views of linear memory (valid during the call). */
  function csvColumnsInto(
    data: Uint8Array, starts: Int32Array, ends: Int32Array, flags: Uint8Array, kinds: readonly CsvColumnKind[], options: CsvColumnsOptions,
    take: (column: number, cells: CsvColumn) => void,
  ): void {
    const rows = rowsOf(starts.length, kinds.length);
    if (ends.length !== starts.length || flags.length !== starts.length) {
      throw new RangeError(`csvColumns got ${starts.length} starts, ${ends.length} ends and ${flags.length} flags; pass one of each per field`);
    }
    const tokens = options.nullTokens ?? [];
    const tokenOffsets = new Int32Array(tokens.length + 1);
    tokens.forEach((t, i) => (tokenOffsets[i + 1] = tokenOffsets[i]! + t.length));
    const tokenBytes = new Uint8Array(tokenOffsets[tokens.length]!);
    tokens.forEach((t, i) => tokenBytes.set(t, tokenOffsets[i]!));
    call((f) => {
      const d = f.put(data);
      const s = f.put(starts);
      const e = f.put(ends);
      const fl = f.put(flags);
      const outs = kinds.map((kind) =>
        kind === "text" ? { kind, values: f.alloc((rows + 1) * 4), status: f.alloc(rows) } : { kind, values: f.alloc(rows * kindOf(kind).width), status: f.alloc(rows) },
      );
      const codes = f.put(Uint32Array.from(kinds, (k) => (k === "text" ? TEXT_KIND : kindOf(k).code)));
      const values = f.put(Uint32Array.from(outs, (o) => o.values));
      const status = f.put(Uint32Array.from(outs, (o) => o.status));
      const counts = f.alloc(kinds.length * 4);
      const bases = f.put(options.bases ?? new Int32Array(kinds.length));
      const tok = f.put(tokenBytes);
      const tokOffsets = f.put(tokenOffsets);
      const arena = f.alloc(data.length);
      x.dk_csv_columns(d, data.length, s, e, fl, rows, kinds.length, codes, values, status, counts, bases, options.quote ?? 34, tok, tokenBytes.length, tokOffsets, tokens.length, arena);
      const n = new Uint32Array(x.memory.buffer, counts, kinds.length).slice();
      if (n.includes(0xffffffff)) {
        throw new RangeError("csvColumns got a field outside the data or fields that overlap; pass the fields of whole records as csvTokenize gives them");
      }
      // Every allocation is made: memory cannot grow, so the views stay valid through `take`.
      const mem = x.memory.buffer;
      let at = arena;
      outs.forEach((o, c) => {
        if (o.kind !== "text") {
          take(c, { values: typedView(mem, o.kind, o.values, rows), status: new Uint8Array(mem, o.status, rows), invalid: n[c]! });
          return;
        }
        take(c, { data: new Uint8Array(mem, at, n[c]!), offsets: new Int32Array(mem, o.values, rows + 1), valid: new Uint8Array(mem, o.status, rows) });
        at += n[c]!;
      });
    });
  }

  /** `csvTokenize`'s arrays for callers that pass `scratch`, grown as chunks need. */
  let scratch = { starts: new Int32Array(0), ends: new Int32Array(0), flags: new Uint8Array(0) };
  const scratchFields = (n: number) => {
    if (scratch.flags.length < n) {
      const size = Math.max(n, 2 * scratch.flags.length);
      scratch = { starts: new Int32Array(size), ends: new Int32Array(size), flags: new Uint8Array(size) };
    }
    return { starts: scratch.starts.subarray(0, n), ends: scratch.ends.subarray(0, n), flags: scratch.flags.subarray(0, n) };
  };

  return {
    kind: "wasm",

    csvTokenize(buffer: Uint8Array, state: CsvState, options: CsvTokenizeOptions = {}): CsvFields {
      return call((f) => {
        const len = buffer.length;
        const cap = len + 1;
        const buf = f.put(buffer);
        const st = f.put(Int32Array.of(state.scanned, state.phase, +state.inRecord, +state.skipLf, +state.escaped, 0));
        const starts = f.alloc(cap * 4);
        const ends = f.alloc(cap * 4);
        const flags = f.alloc(cap);
        const n = x.dk_csv_tokenize(buf, len, options.delimiter ?? 44, options.quote ?? 34, st, options.last ? 1 : 0, starts, ends, flags);
        const w = new Int32Array(x.memory.buffer, st, 6);
        const out = options.scratch ? scratchFields(n) : { starts: new Int32Array(n), ends: new Int32Array(n), flags: new Uint8Array(n) };
        out.starts.set(new Int32Array(x.memory.buffer, starts, n));
        out.ends.set(new Int32Array(x.memory.buffer, ends, n));
        out.flags.set(new Uint8Array(x.memory.buffer, flags, n));
        return {
          count: n,
          ...out,
          consumed: w[5]!,
          state: { scanned: w[0]!, phase: w[1]!, inRecord: w[2] !== 0, skipLf: w[3] !== 0, escaped: w[4] !== 0 },
        };
      });
    },

    parseColumn<K extends ParseKind>(data: Uint8Array, starts: Int32Array, ends: Int32Array, kind: K): ParsedColumn<K> {
      return call((f) => {
        const n = starts.length;
        const { code, width } = kindOf(kind);
        const d = f.put(data);
        const s = f.put(starts);
        const e = f.put(ends);
        const values = f.alloc(n * width);
        const status = f.alloc(n);
        const invalid = x.dk_parse_column(d, data.length, s, e, n, code, values, status);
        return { values: typedCopy(kind, values, n) as ParsedColumn<K>["values"], status: f.bytes(status, n), invalid };
      });
    },

    csvColumns(data, starts, ends, flags, kinds, options = {}) {
      const out: CsvColumn[] = [];
      csvColumnsInto(data, starts, ends, flags, kinds, options, (c, column) => (out[c] = copyOf(column)));
      return out;
    },

    csvColumnsInto,

    inferColumn(data: Uint8Array, starts: Int32Array, ends: Int32Array): number {
      return call((f) => x.dk_infer_column(f.put(data), data.length, f.put(starts), f.put(ends), starts.length));
    },

    statsFloat64(values: Float64Array, validity: Validity, registers: Uint8Array | null): NumberStats<number> {
      return call((f) => {
        const v = f.put(values);
        const valid = f.put(validity);
        const regs = f.put(registers);
        const out = f.alloc(40);
        x.dk_stats_f64(v, valid, values.length, regs, out);
        registers?.set(new Uint8Array(x.memory.buffer, regs, hllSize));
        const [count, nulls, nans, min, max] = new Float64Array(x.memory.buffer, out, 5);
        const some = count! - nans! > 0;
        return { values: count!, nulls: nulls!, nans: nans!, min: some ? min! : null, max: some ? max! : null };
      });
    },

    statsInt64: (values, validity, registers) => numberStats(values, validity, registers, true) as NumberStats<bigint>,
    statsInt32: (values, validity, registers) => numberStats(values, validity, registers, false) as NumberStats<number>,

    statsString(column: StringColumn, validity: Validity, registers: Uint8Array | null, truncateTo = defaultBoundLength): StringStats {
      return bytesColumn(column, (f, data, offsets, n) => {
        const valid = f.put(validity);
        const regs = f.put(registers);
        const out = f.alloc(24);
        const lower = f.alloc(4 * truncateTo + 4);
        const upper = f.alloc(4 * truncateTo + 4);
        x.dk_stats_str(data, column.data.length, offsets, n, valid, regs, truncateTo, out, lower, upper);
        registers?.set(new Uint8Array(x.memory.buffer, regs, hllSize));
        const o = f.i32(out, 6);
        return {
          values: o[0]!,
          nulls: o[1]!,
          minRow: o[2]!,
          maxRow: o[3]!,
          lower: o[4]! >= 0 ? f.bytes(lower, o[4]!) : null,
          upper: o[5]! >= 0 ? f.bytes(upper, o[5]!) : null,
        };
      });
    },

    histogram(values, validity, lo, hi, bins) {
      return call((f) => {
        const kind = values instanceof Float64Array ? 0 : values instanceof BigInt64Array ? 1 : 2;
        const v = f.put(values);
        const valid = f.put(validity);
        const out = f.alloc(bins * 4);
        new Uint32Array(x.memory.buffer, out, bins).fill(0);
        x.dk_histogram(v, kind, valid, values.length, lo, hi, out, bins);
        return new Uint32Array(x.memory.buffer, out, bins).slice();
      });
    },

    bucketInt32: (values, n) => bucketNumbers(values, 0, n),
    bucketInt64: (values, n) => bucketNumbers(values, 1, n),
    bucketDecimal: (values, n) => bucketNumbers(values, 2, n),

    bucketBytes(column: StringColumn, n: number): Int32Array {
      return bytesColumn(column, (f, data, offsets, count) => {
        const out = f.alloc(count * 4);
        x.dk_bucket_bytes(data, column.data.length, offsets, count, n, out);
        return f.i32(out, count);
      });
    },

    truncateInt32(values: Int32Array, width: number): Int32Array {
      checkWidth(width, "int truncate");
      return call((f) => {
        const v = f.put(values);
        const out = f.alloc(values.length * 4);
        x.dk_truncate_i32(v, values.length, width, out);
        return f.i32(out, values.length);
      });
    },

    truncateInt64(values: BigInt64Array, width: bigint): BigInt64Array {
      checkWidth(width, "long truncate");
      return call((f) => {
        const v = f.put(values);
        const out = f.alloc(values.length * 8);
        x.dk_truncate_i64(v, values.length, width, out);
        return new BigInt64Array(x.memory.buffer, out, values.length).slice();
      });
    },

    truncateString(column: StringColumn, width: number): Int32Array {
      return bytesColumn(column, (f, data, offsets, n) => {
        const out = f.alloc(n * 4);
        x.dk_truncate_str(data, column.data.length, offsets, n, Math.max(0, width), out);
        return f.i32(out, n);
      });
    },

    piiScan(column: StringColumn, validity: Validity, samplesPerKind = defaultSamplesPerKind): PiiScan {
      return bytesColumn(column, (f, data, offsets, n) => {
        const valid = f.put(validity);
        const counts = f.alloc(piiKinds.length * 4);
        const samples = f.alloc(Math.max(1, piiKinds.length * samplesPerKind * 4));
        x.dk_pii_scan(data, column.data.length, offsets, n, valid, samplesPerKind, counts, samples);
        const c = new Uint32Array(x.memory.buffer, counts, piiKinds.length).slice();
        const s = f.i32(samples, piiKinds.length * samplesPerKind);
        const result = emptyScan();
        piiKinds.forEach((kind, k) => {
          result.counts[kind] = c[k]!;
          for (let j = 0; j < samplesPerKind && j < c[k]!; j++) result.samples[kind].push(s[k * samplesPerKind + j]!);
        });
        return result;
      });
    },
  };

  function typedView(mem: ArrayBuffer, kind: ParseKind, ptr: number, n: number): ParsedColumn["values"] {
    const width = kindOf(kind).width;
    return width === 1 ? new Uint8Array(mem, ptr, n) : width === 4 ? new Int32Array(mem, ptr, n) : kind === "float64" ? new Float64Array(mem, ptr, n) : new BigInt64Array(mem, ptr, n);
  }

  function typedCopy(kind: ParseKind, ptr: number, n: number): ParsedColumn["values"] {
    const width = kindOf(kind).width;
    const raw = new Uint8Array(x.memory.buffer, ptr, n * width).slice();
    return width === 1 ? raw : width === 4 ? new Int32Array(raw.buffer) : kind === "float64" ? new Float64Array(raw.buffer) : new BigInt64Array(raw.buffer);
  }

  function bucketNumbers(values: Int32Array | BigInt64Array, kind: number, n: number): Int32Array {
    return call((f) => {
      const v = f.put(values);
      const out = f.alloc(values.length * 4);
      x.dk_bucket_numbers(v, kind, values.length, n, out);
      return f.i32(out, values.length);
    });
  }
}
