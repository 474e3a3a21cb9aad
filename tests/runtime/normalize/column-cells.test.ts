import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { readFile } from "node:fs/promises";
import type { Contract } from "../../../runtime/contract.ts";
import { createCsvTokenizer } from "../../../runtime/csv/csv-tokenizer.ts";
import { createKernelCsvTokenizer } from "../../../runtime/csv/kernel-csv-tokenizer.ts";
import { createNormalizer } from "../../../runtime/normalize/index.ts";
import { cellKindsOf, TypedCells } from "../../../runtime/normalize/column-cells.ts";
import type { SourceBatch } from "../../../runtime/source.ts";
import { loadKernels, twinKernels } from "../../../wasm/index.ts";

// Cells parsed by the kernels must normalize to the same rows, values and findings as the text
// of the same CSV: kernel-parsed values, rows handed over as text, nulls and rejects alike.
const wasm = await loadKernels(new Uint8Array(await readFile(new URL("../../../wasm/dativo_kernels.wasm", import.meta.url))));
const kinds = ["int", "long", "float", "double", "boolean", "date", "timestamp", "timestamptz", "string", "decimal"] as const;
const contract: Contract = {
  name: "cells",
  version: "1",
  columns: kinds.map((kind, i) => ({
    name: `c${i}`,
    type: kind === "decimal" ? { kind, precision: 10, scale: 2 } : { kind },
    required: i % 3 === 0,
  })),
} as Contract;
const fieldIds = new Map(contract.columns.map((c, i) => [c.name, i + 1]));
const cell = fc.constantFrom(
  "", "NULL", " ", '""', '"7"', "1", "-2", " 3 ", "2147483648", "9223372036854775808", "1.5", "-0", "1e3", "NaN", "abc",
  "true", "false", "yes", "2024-06-01", "2024-02-30", "2024-06-01T12:34:56.123456", "2024-06-01 12:34:56+02:00", "12.345", '"a""b"',
  "-0.07", "+.5", "007.50", "1.50", "1.500", "99999999.99", "-99999999.99", "123456789.1", "1.", ".", "-", '"12.3"', "1e-2",
);
const rowArb = fc.array(cell, { minLength: kinds.length, maxLength: kinds.length });

function normalized(batches: SourceBatch[]) {
  const normalize = createNormalizer(contract, "warn", fieldIds);
  return batches.map((b) => {
    const r = normalize(b);
    return { issues: r.issues, rejected: r.rejectedRows, rows: r.batch.toArray().map((row) => JSON.stringify(row.toJSON(), (_k, v) => (typeof v === "bigint" ? String(v) : v))) };
  });
}

function source(b: { names: string[]; columns: ArrayLike<unknown>[]; numRows: number; firstRow: number; lines: Uint32Array; issues: SourceBatch["issues"] }): SourceBatch {
  return { numRows: b.numRows, columns: Object.fromEntries(b.names.map((n, i) => [n, b.columns[i]!])), origin: "c.csv", firstRow: b.firstRow, lines: b.lines, issues: b.issues };
}

describe("column cells", () => {
  for (const [name, k] of [["wasm", wasm], ["twin", twinKernels()]] as const) {
    it(`normalize to what the texts normalize to (${name})`, () => {
      fc.assert(
        fc.property(fc.array(rowArb, { maxLength: 12 }), fc.integer({ min: 1, max: 5 }), (rows, batchSize) => {
          const csv = new TextEncoder().encode([kinds.map((_, i) => `c${i}`).join(","), ...rows.map((r) => r.join(","))].join("\n") + "\n");
          const options = { batchSize, origin: "c.csv" };
          const t = createCsvTokenizer(options);
          const plain = [...t.push(csv), ...t.end()].map(source);
          const kt = createKernelCsvTokenizer({ ...options, kernels: k, types: cellKindsOf(contract) });
          const cells = [...kt.push(csv), ...kt.end()].map(source);
          expect(normalized(cells)).toEqual(normalized(plain));
        }),
        { numRuns: 400 },
      );
    });

    it(`parse decimal(p,s) up to 18 digits as typed cells (${name})`, () => {
      const kt = createKernelCsvTokenizer({ origin: "c.csv", kernels: k, types: { a: "decimal(10,2)", b: "decimal(38,2)" } });
      const [batch] = [...kt.push(new TextEncoder().encode("a,b\n1.5,1.5\n")), ...kt.end()];
      expect(batch!.columns[0]).toBeInstanceOf(TypedCells);
      expect((batch!.columns[0] as TypedCells).values[0]).toBe(150n);
      expect(batch!.columns[1]).not.toBeInstanceOf(TypedCells);
    });
  }
});
