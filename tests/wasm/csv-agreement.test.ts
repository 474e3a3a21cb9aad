import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { readFile } from "node:fs/promises";
import { createCsvTokenizer } from "../../runtime/csv/csv-tokenizer.ts";
import { CsvFlag, type CsvState, type Kernels, initialCsvState, loadKernels, twinKernels } from "../../wasm/index.ts";

// The tokenizing kernel must split records as runtime/csv does (RFC 4180 plus LF/CR endings),
// so that the pipeline can switch to it. Compared on well-formed input with two or more fields
// per record: runtime/csv also skips blank lines and maps null tokens, which stay its job.
const wasm = await loadKernels(new Uint8Array(await readFile(new URL("../../wasm/dativo_kernels.wasm", import.meta.url))));
const decoder = new TextDecoder();

function kernelRecords(k: Kernels, bytes: Uint8Array, cuts: number[]): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let carry = new Uint8Array(0);
  let state: CsvState = { ...initialCsvState };
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1))), bytes.length].sort((a, b) => a - b);
  let from = 0;
  for (const to of points) {
    const buffer = new Uint8Array(carry.length + to - from);
    buffer.set(carry);
    buffer.set(bytes.subarray(from, to), carry.length);
    const r = k.csvTokenize(buffer, state, { last: to === bytes.length });
    for (let i = 0; i < r.count; i++) {
      let text = decoder.decode(buffer.subarray(r.starts[i], r.ends[i]));
      if (r.flags[i]! & CsvFlag.escaped) text = text.replaceAll('""', '"');
      record.push(text);
      if (r.flags[i]! & CsvFlag.recordEnd) {
        records.push(record);
        record = [];
      }
    }
    carry = buffer.slice(r.consumed);
    state = r.state;
    from = to;
  }
  return records;
}

function runtimeRecords(bytes: Uint8Array, cuts: number[], columns: number): string[][] {
  const t = createCsvTokenizer({ header: false, columns: Array.from({ length: columns }, (_, i) => `c${i}`), nullValues: [] });
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1))), bytes.length].sort((a, b) => a - b);
  const batches = [];
  let from = 0;
  for (const to of points) {
    batches.push(...t.push(bytes.subarray(from, to)));
    from = to;
  }
  batches.push(...t.end());
  return batches.flatMap((b) => Array.from({ length: b.numRows }, (_, r) => b.columns.map((c) => c[r] as string)));
}

describe("the tokenizing kernel and runtime/csv", () => {
  it("split well-formed CSV into the same records however it is chunked", () => {
    const field = fc.array(fc.constantFrom("x", "y", ",", '"', "\n", "\r", "\r\n", " ", "ü", "😀"), { maxLength: 6 }).map((a) => a.join(""));
    const input = fc.integer({ min: 2, max: 4 }).chain((n) =>
      fc.record({
        records: fc.array(fc.array(field, { minLength: n, maxLength: n }), { maxLength: 8 }),
        newline: fc.constantFrom("\n", "\r\n", "\r"),
        finalNewline: fc.boolean(),
        cuts: fc.array(fc.nat(300), { maxLength: 5 }),
        columns: fc.constant(n),
      }),
    );
    fc.assert(
      fc.property(input, ({ records, newline, finalNewline, cuts, columns }) => {
        const quote = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
        const text = records.length === 0 ? "" : records.map((r) => r.map(quote).join(",")).join(newline) + (finalNewline ? newline : "");
        const bytes = new TextEncoder().encode(text);
        const expected = runtimeRecords(bytes, cuts, columns);
        expect(expected).toEqual(records);
        for (const k of [wasm, twinKernels()]) expect(kernelRecords(k, bytes, cuts)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
