/** The profiler of the console, run in Bun over a `File`, with the WASM kernels and their twins. */
import { describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadKernels, twinKernels, type Kernels } from "../../wasm/index.ts";
import { fileSource } from "../../web/file-source.ts";
import { inferContract } from "../../web/infer-contract.ts";
import { profileCsv } from "../../web/profile-csv.ts";
import { csvSource } from "../../adapters/sources/csv-source.ts";

const text = [
  "id,name,amount,day,vip,contact",
  "1,Zoë,12.5,2024-06-01,true,zoe@example.com",
  "2,Li,,2024-06-03,false,",
  "3,Ann,3.25,2024-05-30,,ann@example.org",
  "3,Bob,oops,2024-06-02,true,+1 415 555 0100",
].join("\n") + "\n";

async function sample(file: File) {
  for await (const b of fileSource(file, "s").read("s")) return b;
  throw new Error("no batch");
}

const variants: [string, () => Promise<Kernels>][] = [
  ["ts", async () => twinKernels()],
  ["wasm", () => loadKernels(readFileSync(join(import.meta.dir, "../../wasm/dativo_kernels.wasm")))],
];

for (const [kind, make] of variants) {
  describe(`profileCsv (${kind} kernels)`, () => {
    it("infers types from the first rows and profiles every column", async () => {
      const k = await make();
      const file = new File([text], "people.csv", { lastModified: Date.UTC(2024, 5, 1) });
      const first = await sample(file);
      const names = Object.keys(first.columns);
      const contract = inferContract("people", names, names.map((n) => first.columns[n]!), k);
      expect(contract.columns.map((c) => c.type.kind)).toEqual(["long", "string", "string", "date", "boolean", "string"]);
      // "oops" makes `amount` text; a contract that says double turns it into a finding.
      contract.columns[2]!.type = { kind: "double" };
      const p = await profileCsv({ source: fileSource(file, "people"), stream: "people", contract, kernels: k });
      expect(p.kernels).toBe(kind as "ts" | "wasm");
      expect({ rows: p.rows, valid: p.validRows, rejected: p.rejectedRows }).toEqual({ rows: 4, valid: 3, rejected: 1 });
      const col = (n: string) => p.columns.find((c) => c.name === n)!;
      expect(col("id")).toMatchObject({ values: 3, nulls: 0, distinct: 3, min: "1", max: "3" });
      expect(col("amount")).toMatchObject({ values: 2, nulls: 1, min: "3.25", max: "12.5" });
      expect(col("day")).toMatchObject({ min: "2024-05-30", max: "2024-06-03", distinct: 3 });
      expect(col("vip")).toMatchObject({ values: 2, nulls: 1, distinct: 2 });
      expect(col("name")).toMatchObject({ min: "Ann", max: "Zoë" });
      expect(col("contact").pii.email).toBe(2);
      expect(p.findings).toEqual([expect.objectContaining({ kind: "type_mismatch", column: "amount", count: 1 })]);
    });
  });
}

describe("profileCsv", () => {
  it("counts every bad row, not only the first hundred", async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `x${i}`).join("\n");
    const source = csvSource({
      files: [{ path: "bad.csv", object: "t" }],
      open: async () => ({ stream: new Blob([`n\n${rows}\n`]).stream(), size: 0, lastModified: new Date(0) }),
    });
    const contract = { name: "t", version: "1", columns: [{ name: "n", type: { kind: "long" as const }, required: false }], quality: [], tags: [], properties: {} };
    const p = await profileCsv({ source, stream: "t", contract, kernels: twinKernels() });
    expect(p.rejectedRows).toBe(250);
    expect(p.findings.find((f) => f.column === "n")?.count).toBe(250);
  });
});
