/**
 * Running min/max/null/NaN statistics per column, over Arrow record batches, for the Iceberg
 * data-file metrics (spec "Manifests": 110 null_value_counts, 137 nan_value_counts, 125/128
 * lower/upper bounds). Bounds are kept as JS values here and encoded with Appendix D when the
 * file is closed. NaN is never a bound; -0.0 sorts before +0.0 (spec "Sorting").
 */
import type * as arrow from "apache-arrow";

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

  constructor(columns: { fieldId: number; icebergType: string }[]) {
    this.stats = columns.map((c) => ({ ...c, nulls: 0, nans: 0, min: undefined, max: undefined }));
  }

  add(batch: arrow.RecordBatch): void {
    for (let c = 0; c < this.stats.length; c++) {
      const stat = this.stats[c]!;
      const vector = batch.getChildAt(c);
      if (!vector) continue;
      stat.nulls += vector.nullCount;
      if (!bounded.has(stat.icebergType)) continue;
      for (const data of vector.data) observe(stat, data);
    }
  }
}

function observe(stat: ColumnStat, data: arrow.Data): void {
  const n = data.length;
  const valid = data.nullCount > 0 ? data.nullBitmap : undefined;
  const off = data.offset;
  const isValid = (i: number) => !valid || ((valid[(off + i) >> 3]! >> ((off + i) & 7)) & 1) === 1;
  const t = stat.icebergType;
  if (t === "string") {
    const offsets = data.valueOffsets as Int32Array;
    const bytes = data.values as Uint8Array;
    let min = stat.min as Uint8Array | undefined;
    let max = stat.max as Uint8Array | undefined;
    for (let i = 0; i < n; i++) {
      if (!isValid(i)) continue;
      const v = bytes.subarray(offsets[i]!, offsets[i + 1]!);
      // UTF-8 byte order is code point order, which is the order the spec requires for strings.
      if (min === undefined || compareBytes(v, min) < 0) min = v.slice();
      if (max === undefined || compareBytes(v, max) > 0) max = v.slice();
    }
    stat.min = min;
    stat.max = max;
    return;
  }
  if (t === "boolean") {
    const bits = data.values as Uint8Array;
    for (let i = 0; i < n; i++) {
      if (!isValid(i)) continue;
      const v = ((bits[(off + i) >> 3]! >> ((off + i) & 7)) & 1) === 1;
      if (stat.min === undefined || (!v && stat.min === true)) stat.min = v;
      if (stat.max === undefined || (v && stat.max === false)) stat.max = v;
    }
    return;
  }
  const values = data.values as ArrayLike<number | bigint>;
  let min = stat.min as number | bigint | undefined;
  let max = stat.max as number | bigint | undefined;
  const float = t === "float" || t === "double";
  for (let i = 0; i < n; i++) {
    if (!isValid(i)) continue;
    const v = values[i]!; // fixed-width value buffers are already sliced to the data offset
    if (float && Number.isNaN(v as number)) {
      stat.nans++;
      continue;
    }
    if (min === undefined || lessThan(v, min)) min = v;
    if (max === undefined || lessThan(max, v)) max = v;
  }
  stat.min = min;
  stat.max = max;
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
