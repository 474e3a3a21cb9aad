/**
 * Streaming profile of one Arrow column: value and null counts, distinct estimate (HyperLogLog
 * registers filled by the kernels), min/max, and for text the rows that look like personal data.
 * Batches are folded in one at a time, so a file of any size profiles in bounded memory.
 */
import type * as arrow from "apache-arrow";
import { utf8Value } from "../runtime/utf8-value.ts";
import { hllEstimate, hllRegisters, type Kernels, type PiiKind, piiKinds } from "../wasm/index.ts";

export interface ColumnProfile {
  name: string;
  type: string;
  values: number;
  nulls: number;
  distinct: number;
  min: string | null;
  max: string | null;
  /** Rows per kind of personal data found (email, phone, card …), only kinds seen. */
  pii: Partial<Record<PiiKind, number>>;
}

export interface ColumnAccumulator {
  add(data: arrow.Data): void;
  result(): ColumnProfile;
}

/** Arrow validity is one bit per row; the kernels take one byte per row (1 = has a value). */
function validityBytes(data: arrow.Data): Uint8Array | null {
  const bitmap = data.nullBitmap;
  if (!bitmap || bitmap.length === 0 || data.nullCount === 0) return null;
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const bit = data.offset + i;
    out[i] = (bitmap[bit >> 3]! >> (bit & 7)) & 1;
  }
  return out;
}

const epochDay = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);
const micros = (v: bigint) => new Date(Number(v / 1000n)).toISOString().replace("T", " ").replace(/\.000Z$|Z$/, "");

/** `label` is the type as the contract names it; `type` is the Arrow type the normalizer produced. */
export function columnAccumulator(name: string, type: arrow.DataType, kernels: Kernels, label = String(type)): ColumnAccumulator {
  const registers = hllRegisters();
  const kind = String(type);
  let values = 0;
  let nulls = 0;
  let min: number | bigint | string | null = null;
  let max: number | bigint | string | null = null;
  let trues = 0;
  let falses = 0;
  const pii: Partial<Record<PiiKind, number>> = {};
  const keep = <T extends number | bigint | string>(lo: T | null, hi: T | null) => {
    if (lo !== null && (min === null || lo < (min as T))) min = lo;
    if (hi !== null && (max === null || hi > (max as T))) max = hi;
  };
  const show = (v: number | bigint | string | null): string | null => {
    if (v === null) return null;
    if (kind.startsWith("Date")) return epochDay(Number(v));
    if (kind.startsWith("Timestamp")) return micros(BigInt(v));
    return String(v);
  };

  return {
    add(data) {
      const validity = validityBytes(data);
      const typeId = data.typeId as number;
      // Arrow Type ids (apache-arrow `Type` enum): Int 2, Float 3, Utf8 5, Bool 6, Decimal 7, Date 8, Timestamp 10.
      if (typeId === 2 || typeId === 8 || typeId === 10) {
        const v = data.values as Int32Array | BigInt64Array;
        const s = v instanceof BigInt64Array ? kernels.statsInt64(v, validity, registers) : kernels.statsInt32(v, validity, registers);
        values += s.values;
        nulls += s.nulls;
        keep<number | bigint>(s.min, s.max);
      } else if (typeId === 3) {
        const s = kernels.statsFloat64(data.values as Float64Array, validity, registers);
        values += s.values;
        nulls += s.nulls;
        keep(s.min, s.max);
      } else if (typeId === 5) {
        const column = { data: data.values as Uint8Array, offsets: data.valueOffsets as Int32Array };
        const s = kernels.statsString(column, validity, registers);
        values += s.values;
        nulls += s.nulls;
        const text = (row: number) => (row < 0 ? null : utf8Value(column.data.subarray(column.offsets[row]!, column.offsets[row + 1]!)));
        keep(text(s.minRow), text(s.maxRow));
        const scan = kernels.piiScan(column, validity);
        for (const k of piiKinds) if (scan.counts[k] > 0) pii[k] = (pii[k] ?? 0) + scan.counts[k];
      } else if (typeId === 6) {
        for (let i = 0; i < data.length; i++) {
          if (validity && !validity[i]) continue;
          const bit = data.offset + i;
          if ((data.values[bit >> 3]! >> (bit & 7)) & 1) trues++;
          else falses++;
        }
        const n = data.length - (validity ? validity.reduce((a, b) => a + (b ? 0 : 1), 0) : 0);
        values += n;
        nulls += data.length - n;
      } else {
        nulls += data.nullCount;
        values += data.length - data.nullCount;
      }
    },
    result() {
      const isBool = kind === "Bool";
      return {
        name,
        type: label,
        values,
        nulls,
        distinct: isBool ? (trues > 0 ? 1 : 0) + (falses > 0 ? 1 : 0) : Math.round(hllEstimate(registers)),
        min: isBool ? (values ? String(falses === 0) : null) : show(min),
        max: isBool ? (values ? String(trues > 0) : null) : show(max),
        pii,
      };
    },
  };
}
