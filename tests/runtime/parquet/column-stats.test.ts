import { describe, expect, it } from "bun:test";
import * as arrow from "apache-arrow";
import fc from "fast-check";
import { readFile } from "node:fs/promises";
import { ColumnStats, compareBytes } from "../../../runtime/parquet/column-stats.ts";
import { loadKernels, twinKernels } from "../../../wasm/index.ts";

// The data-file metrics from the stats kernels, over batches and slices of batches (as the
// partitioner cuts them), against a plain scan of the values: NaN counted and never a bound,
// -0 below +0, strings in byte order.
const wasm = await loadKernels(new Uint8Array(await readFile(new URL("../../../wasm/dativo_kernels.wasm", import.meta.url))));
const encoder = new TextEncoder();

type Row = { long: bigint; double: number; text: string; int: number; valid: boolean };
const row = fc.record({
  long: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  double: fc.oneof(fc.double(), fc.constantFrom(0, -0, NaN)),
  text: fc.string({ maxLength: 6 }),
  int: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  valid: fc.boolean(),
});

function batchOf(rows: Row[]): arrow.RecordBatch {
  const n = rows.length;
  const bitmap = new Uint8Array((n + 7) >> 3);
  rows.forEach((r, i) => r.valid && (bitmap[i >> 3]! |= 1 << (i & 7)));
  const nullCount = rows.filter((r) => !r.valid).length;
  const parts = rows.map((r) => (r.valid ? encoder.encode(r.text) : new Uint8Array(0)));
  const offsets = new Int32Array(n + 1);
  parts.forEach((p, i) => (offsets[i + 1] = offsets[i]! + p.length));
  const bytes = new Uint8Array(offsets[n]!);
  parts.forEach((p, i) => bytes.set(p, offsets[i]!));
  const common = { length: n, nullCount, nullBitmap: bitmap };
  const children = [
    arrow.makeData({ type: new arrow.Int64(), ...common, data: BigInt64Array.from(rows.map((r) => r.long)) }),
    arrow.makeData({ type: new arrow.Float64(), ...common, data: Float64Array.from(rows.map((r) => r.double)) }),
    arrow.makeData({ type: new arrow.Utf8(), ...common, valueOffsets: offsets, data: bytes }),
    arrow.makeData({ type: new arrow.Int32(), ...common, data: Int32Array.from(rows.map((r) => r.int)) }),
  ];
  const fields = ["long", "double", "text", "int"].map((name, i) => new arrow.Field(name, children[i]!.type, true));
  return new arrow.RecordBatch(new arrow.Schema(fields), arrow.makeData({ type: new arrow.Struct(fields), length: n, children }));
}

function expected(rows: Row[]) {
  const valid = rows.filter((r) => r.valid);
  const doubles = valid.map((r) => r.double).filter((d) => !Number.isNaN(d));
  const lt = (a: number, b: number) => a < b || (a === 0 && b === 0 && Object.is(a, -0) && !Object.is(b, -0));
  const texts = valid.map((r) => encoder.encode(r.text)).sort(compareBytes);
  const pick = <T>(xs: T[], less: (a: T, b: T) => boolean) => (xs.length === 0 ? [undefined, undefined] : [xs.reduce((m, x) => (less(x, m) ? x : m)), xs.reduce((m, x) => (less(m, x) ? x : m))]);
  return [
    { nulls: rows.length - valid.length, nans: 0, bounds: pick(valid.map((r) => r.long), (a, b) => a < b) },
    { nulls: rows.length - valid.length, nans: valid.length - doubles.length, bounds: pick(doubles, lt) },
    { nulls: rows.length - valid.length, nans: 0, bounds: texts.length === 0 ? [undefined, undefined] : [texts[0], texts[texts.length - 1]] },
    { nulls: rows.length - valid.length, nans: 0, bounds: pick(valid.map((r) => r.int), (a, b) => a < b) },
  ];
}

describe("ColumnStats", () => {
  it("gives the null and NaN counts and the bounds of a plain scan, over whole batches and slices", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.array(fc.nat(30), { maxLength: 3 }), (rows, cuts) => {
        const batch = batchOf(rows);
        const points = [0, ...new Set(cuts.map((c) => c % (rows.length + 1)))].sort((a, b) => a - b);
        for (const k of [wasm, twinKernels()]) {
          const stats = new ColumnStats(["long", "double", "string", "int"].map((t, i) => ({ fieldId: i + 1, icebergType: t })), k);
          points.forEach((from, i) => stats.add(batch.slice(from, points[i + 1] ?? rows.length)));
          const got = stats.stats.map((s) => ({ nulls: s.nulls, nans: s.nans, bounds: [s.min, s.max] }));
          const want = expected(rows);
          expect(got.map((g) => ({ ...g, bounds: g.bounds.map((b) => (typeof b === "number" && Object.is(b, -0) ? "-0" : b)) }))).toEqual(
            want.map((w) => ({ ...w, bounds: w.bounds.map((b) => (typeof b === "number" && Object.is(b, -0) ? "-0" : b)) })),
          );
        }
      }),
      { numRuns: 400 },
    );
  });
});
