import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { readFile } from "node:fs/promises";
import { createCsvTokenizer, type CsvTokenizerOptions } from "../../../runtime/csv/csv-tokenizer.ts";
import { createKernelCsvTokenizer } from "../../../runtime/csv/kernel-csv-tokenizer.ts";
import { TextCells, TypedCells } from "../../../runtime/normalize/column-cells.ts";
import { loadKernels, twinKernels, type Kernels } from "../../../wasm/index.ts";

// The kernel tokenizer must give what runtime/csv gives — rows, lines, names, findings — for any
// input however it is chunked, malformed records, blank lines, null tokens and bad UTF-8 included.
const wasm = await loadKernels(new Uint8Array(await readFile(new URL("../../../wasm/dativo_kernels.wasm", import.meta.url))));

function cut(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1))), bytes.length].sort((a, b) => a - b);
  let from = 0;
  return points.map((to) => {
    const piece = bytes.slice(from, to);
    from = to;
    return piece;
  });
}

function plain(chunks: Uint8Array[], options: CsvTokenizerOptions) {
  const t = createCsvTokenizer(options);
  const batches = [...chunks.flatMap((c) => t.push(c)), ...t.end()];
  return batches.map((b) => ({ names: b.names, columns: b.columns, numRows: b.numRows, firstRow: b.firstRow, lines: [...b.lines], issues: b.issues }));
}

function viaKernels(k: Kernels, chunks: Uint8Array[], options: CsvTokenizerOptions) {
  const t = createKernelCsvTokenizer({ ...options, kernels: k });
  const batches = [...chunks.flatMap((c) => t.push(c)), ...t.end()];
  return batches.map((b) => ({
    names: b.names,
    columns: b.columns.map((c) => (c instanceof TextCells ? c.strings() : Array.from({ length: c.length }, (_, i) => (c as TypedCells).get(i)))),
    numRows: b.numRows,
    firstRow: b.firstRow,
    lines: [...b.lines],
    issues: b.issues,
  }));
}

const piece = fc.constantFrom("a", "b", "1", ",", "1,2\n", '"', '""', "\n", "\n\n", "\r", "\r\n", "\r\n\r\n", " ", "NULL", "ü", "😀", "\ufeff", "\xff");
const text = fc.array(piece, { maxLength: 40 }).map((a) => a.join(""));
const encode = (s: string) => {
  // "\xff" stands for an invalid byte.
  const parts = s.split("\xff").map((p) => new TextEncoder().encode(p));
  const out: number[] = [];
  parts.forEach((p, i) => {
    if (i > 0) out.push(0xff);
    out.push(...p);
  });
  return Uint8Array.from(out);
};

describe("the kernel CSV tokenizer", () => {
  for (const [name, k] of [["wasm", wasm], ["twin", twinKernels()]] as const) {
    it(`gives the rows, lines and findings of runtime/csv for any input and chunking (${name})`, () => {
      fc.assert(
        fc.property(text, fc.array(fc.nat(60), { maxLength: 4 }), fc.boolean(), fc.integer({ min: 1, max: 3 }), (body, cuts, bom, batchSize) => {
          const bytes = encode((bom ? "\ufeff" : "") + "x,y\n" + body);
          const options = { batchSize, origin: "t.csv" };
          expect(viaKernels(k, cut(bytes, cuts), options)).toEqual(plain(cut(bytes, cuts), options));
        }),
        { numRuns: 1500 },
      );
    });
  }

  it("reads without a header, with a custom delimiter and null tokens", () => {
    fc.assert(
      fc.property(text.map((t) => t.replaceAll(",", ";")), fc.array(fc.nat(60), { maxLength: 3 }), (body, cuts) => {
        const bytes = encode(body);
        const options = { header: false, columns: ["a", "b"], delimiter: ";", nullValues: ["1", ""], origin: "u.csv" };
        expect(viaKernels(wasm, cut(bytes, cuts), options)).toEqual(plain(cut(bytes, cuts), options));
      }),
      { numRuns: 500 },
    );
  });

  it("keeps each cell in its column across blank lines inside a batch", () => {
    const bytes = new TextEncoder().encode("x,y\n,\r\n\r\na,\r1,2\n\n\n3,4\n");
    const options = { batchSize: 10, origin: "b.csv" };
    expect(viaKernels(wasm, [bytes], options)).toEqual(plain([bytes], options));
    expect(viaKernels(wasm, [bytes], options)[0]!.columns).toEqual([[null, "a", "1", "3"], [null, null, "2", "4"]]);
  });

  it("stops at the first malformed record in strict mode, as runtime/csv does", () => {
    const bytes = new TextEncoder().encode('x,y\n1,2\n3,"4\n');
    expect(() => viaKernels(wasm, [bytes], { strict: true, origin: "s.csv" })).toThrow("s.csv: line 3 is malformed: unterminated quoted field at end of input");
  });
});
