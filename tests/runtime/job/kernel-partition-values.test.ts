import { describe, expect, it } from "bun:test";
import * as arrow from "apache-arrow";
import fc from "fast-check";
import { readFile } from "node:fs/promises";
import { kernelPartitionValues } from "../../../runtime/job/kernel-partition-values.ts";
import { arrowRawValue } from "../../../runtime/job/arrow-raw-value.ts";
import { parseTransform } from "../../../runtime/iceberg/transforms.ts";
import { loadKernels, twinKernels } from "../../../wasm/index.ts";

// The kernels compute bucket[N] and truncate[W] for a whole column; the row-by-row transforms of
// runtime/iceberg (checked against the spec's Appendix B values) are the reference.
const wasm = await loadKernels(new Uint8Array(await readFile(new URL("../../../wasm/dativo_kernels.wasm", import.meta.url))));

function vectorOf(type: arrow.DataType, valid: boolean[], buffers: { data: ArrayBufferView; valueOffsets?: Int32Array }): arrow.Vector {
  const n = valid.length;
  const bitmap = new Uint8Array((n + 7) >> 3);
  valid.forEach((v, i) => v && (bitmap[i >> 3]! |= 1 << (i & 7)));
  const nullCount = valid.filter((v) => !v).length;
  return arrow.makeVector(arrow.makeData({ type, length: n, nullCount, nullBitmap: bitmap, ...buffers } as never));
}

const rows = <T>(value: fc.Arbitrary<T>) => fc.array(fc.record({ value, valid: fc.boolean() }), { maxLength: 40 });
const width = fc.integer({ min: 1, max: 40 });

function check(transform: string, sourceType: string, vector: arrow.Vector): void {
  const t = parseTransform(transform);
  const expected = Array.from({ length: vector.length }, (_, i) => t.apply(sourceType, arrowRawValue(vector, i)));
  for (const k of [wasm, twinKernels()]) expect(kernelPartitionValues(k, transform, sourceType, vector)).toEqual(expected);
}

describe("kernelPartitionValues", () => {
  it("gives the bucket and truncate values of ints and dates that the row-by-row transforms give", () => {
    fc.assert(fc.property(rows(fc.integer()), width, (r, w) => {
      const data = Int32Array.from(r.map((x) => x.value));
      const valid = r.map((x) => x.valid);
      check(`bucket[${w}]`, "int", vectorOf(new arrow.Int32(), valid, { data }));
      check(`bucket[${w}]`, "date", vectorOf(new arrow.DateDay(), valid, { data }));
      const safe = Int32Array.from(r.map((x) => x.value >> 1));
      check(`truncate[${w}]`, "int", vectorOf(new arrow.Int32(), valid, { data: safe }));
    }), { numRuns: 300 });
  });

  it("gives the bucket and truncate values of longs and timestamps that the row-by-row transforms give", () => {
    fc.assert(fc.property(rows(fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n })), width, (r, w) => {
      const data = BigInt64Array.from(r.map((x) => x.value));
      const valid = r.map((x) => x.valid);
      check(`bucket[${w}]`, "long", vectorOf(new arrow.Int64(), valid, { data }));
      check(`truncate[${w}]`, "long", vectorOf(new arrow.Int64(), valid, { data }));
      check(`bucket[${w}]`, "timestamp", vectorOf(new arrow.TimestampMicrosecond(), valid, { data }));
    }), { numRuns: 300 });
  });

  it("gives the bucket and truncate values of strings that the row-by-row transforms give", () => {
    fc.assert(fc.property(rows(fc.string({ unit: "binary", maxLength: 12 })), width, (r, w) => {
      const encoder = new TextEncoder();
      const parts = r.map((x) => (x.valid ? encoder.encode(x.value) : new Uint8Array(0)));
      const offsets = new Int32Array(parts.length + 1);
      parts.forEach((p, i) => (offsets[i + 1] = offsets[i]! + p.length));
      const data = new Uint8Array(offsets[parts.length]!);
      parts.forEach((p, i) => data.set(p, offsets[i]!));
      const vector = vectorOf(new arrow.Utf8(), r.map((x) => x.valid), { data, valueOffsets: offsets });
      check(`bucket[${w}]`, "string", vector);
      check(`truncate[${w}]`, "string", vector);
    }), { numRuns: 300 });
  });

  it("leaves the transforms the kernels do not cover to the row-by-row code", () => {
    const data = Int32Array.of(1, 2);
    const v = vectorOf(new arrow.Int32(), [true, true], { data });
    expect(kernelPartitionValues(wasm, "day", "date", v)).toBeNull();
    expect(kernelPartitionValues(wasm, "truncate[4]", "date", v)).toBeNull();
  });
});
