/**
 * Running min/max/null/NaN statistics per column, over Arrow record batches, for the Iceberg
 * data-file metrics (spec "Manifests": 110 null_value_counts, 137 nan_value_counts, 125/128
 * lower/upper bounds). Bounds are kept as JS values here and encoded with Appendix D when the
 * file is closed. NaN is never a bound; -0.0 sorts before +0.0 (spec "Sorting").
 *
 * The per-batch scans run in the stats kernels (WebAssembly or their TypeScript twins, which
 * give the same answers); only the merge of one batch's extremes into the running ones is here.
 */
import type * as arrow from "apache-arrow";
import { hllEstimate, hllRegisters, twinKernels, type Kernels, type NumberStats } from "../../wasm/index.ts";

export interface ColumnStat {
  fieldId: number;
  /** Iceberg primitive type name of the column (`long`, `string`, `timestamp`, …). */
  icebergType: string;
  nulls: number;
  nans: number;
  min: unknown;
  max: unknown;
}

/** Types whose bounds we keep; others (lists, decimals, binary) get counts only. */
const bounded = new Set(["int", "long", "float", "double", "date", "time", "timestamp", "timestamptz", "string", "boolean"]);

export class ColumnStats {
  readonly stats: ColumnStat[];
  private readonly kernels: Kernels;
  /**
   * A distinct-count sketch per column, filled from the first batch only: the data-file metrics
   * do not use them, the choice of Parquet encodings does (`distinct`), and hashing every value
   * of every later batch would cost more than the bounds and counts themselves.
   */
  private readonly registers: Uint8Array[];
  private readonly observed: number[];
  private sketching = true;

  constructor(columns: { fieldId: number; icebergType: string }[], kernels: Kernels = twinKernels()) {
    this.stats = columns.map((c) => ({ ...c, nulls: 0, nans: 0, min: undefined, max: undefined }));
    this.kernels = kernels;
    this.registers = columns.map(() => hllRegisters());
    this.observed = columns.map(() => 0);
  }

  /**
   * Estimated distinct values and values seen of column `c` in the first batch, for the columns
   * whose bounds are kept (others are not scanned: undefined).
   */
  distinct(c: number): { distinct: number; values: number } | undefined {
    if (!bounded.has(this.stats[c]!.icebergType) || this.stats[c]!.icebergType === "boolean") return undefined;
    return { distinct: hllEstimate(this.registers[c]!), values: this.observed[c]! };
  }

  add(batch: arrow.RecordBatch): void {
    for (let c = 0; c < this.stats.length; c++) {
      const stat = this.stats[c]!;
      const vector = batch.getChildAt(c);
      if (!vector) continue;
      stat.nulls += vector.nullCount;
      if (!bounded.has(stat.icebergType)) continue;
      if (this.sketching) this.observed[c]! += vector.length - vector.nullCount;
      for (const data of vector.data) this.observe(stat, data, this.sketching ? this.registers[c]! : null);
    }
    this.sketching = false;
  }

  private observe(stat: ColumnStat, data: arrow.Data, registers: Uint8Array | null): void {
    const n = data.length;
    if (n === 0) return;
    const validity = validityBytes(data);
    const k = this.kernels;
    if (stat.icebergType === "string") {
      let offsets = (data.valueOffsets as Int32Array).subarray(0, n + 1);
      let bytes = data.values as Uint8Array;
      const base = offsets[0]!;
      if (base !== 0 || offsets[n]! !== bytes.length) {
        // A slice: hand the kernel only its own bytes, not the whole batch's.
        bytes = bytes.subarray(base, offsets[n]!);
        offsets = offsets.map((o) => o - base);
      }
      const s = k.statsString({ data: bytes, offsets }, validity, registers);
      if (s.minRow < 0) return;
      // UTF-8 byte order is code point order, which is the order the spec requires for strings.
      const min = bytes.slice(offsets[s.minRow]!, offsets[s.minRow + 1]!);
      const max = bytes.slice(offsets[s.maxRow]!, offsets[s.maxRow + 1]!);
      if (stat.min === undefined || compareBytes(min, stat.min as Uint8Array) < 0) stat.min = min;
      if (stat.max === undefined || compareBytes(max, stat.max as Uint8Array) > 0) stat.max = max;
      return;
    }
    if (stat.icebergType === "boolean") {
      const bits = data.values as Uint8Array;
      const off = data.offset;
      for (let i = 0; i < n; i++) {
        if (validity && validity[i] !== 1) continue;
        const v = ((bits[(off + i) >> 3]! >> ((off + i) & 7)) & 1) === 1;
        if (stat.min === undefined || (!v && stat.min === true)) stat.min = v;
        if (stat.max === undefined || (v && stat.max === false)) stat.max = v;
      }
      return;
    }
    // Fixed-width value buffers are already sliced to the data offset.
    const values = data.values as Int32Array | Float32Array | Float64Array | BigInt64Array;
    let s: NumberStats<number | bigint>;
    if (values instanceof BigInt64Array) s = k.statsInt64(values.subarray(0, n), validity, registers);
    else if (values instanceof Int32Array) s = k.statsInt32(values.subarray(0, n), validity, registers);
    else s = k.statsFloat64(values instanceof Float64Array ? values.subarray(0, n) : Float64Array.from(values.subarray(0, n)), validity, registers);
    stat.nans += s.nans;
    if (s.min === null || s.max === null) return;
    if (stat.min === undefined || lessThan(s.min, stat.min as number | bigint)) stat.min = s.min;
    if (stat.max === undefined || lessThan(stat.max as number | bigint, s.max)) stat.max = s.max;
  }
}

/** One byte per row, 1 = has a value (the kernels' validity), or null when nothing is null. */
function validityBytes(data: arrow.Data): Uint8Array | null {
  const bitmap = data.nullCount > 0 ? data.nullBitmap : undefined;
  if (!bitmap) return null;
  const n = data.length;
  const off = data.offset;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (bitmap[(off + i) >> 3]! >> ((off + i) & 7)) & 1;
  return out;
}

function lessThan(a: number | bigint, b: number | bigint): boolean {
  if (a === 0 && b === 0 && typeof a === "number" && typeof b === "number") return Object.is(a, -0) && !Object.is(b, -0);
  return a < b;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}
