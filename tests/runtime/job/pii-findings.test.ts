import { describe, expect, it } from "bun:test";
import { readFile } from "node:fs/promises";
import type { Contract } from "../../../runtime/contract.ts";
import { createNormalizer } from "../../../runtime/normalize/index.ts";
import { PiiFindings } from "../../../runtime/job/pii-findings.ts";
import { loadKernels, twinKernels } from "../../../wasm/index.ts";

const wasm = await loadKernels(new Uint8Array(await readFile(new URL("../../../wasm/dativo_kernels.wasm", import.meta.url))));
const contract = {
  name: "people",
  version: "1",
  columns: [
    { name: "id", type: { kind: "long" }, required: true },
    { name: "email", type: { kind: "string" }, required: false, classification: "pii" },
    { name: "note", type: { kind: "string" }, required: false },
  ],
  quality: [],
  tags: [],
  properties: {},
} as Contract;
const normalize = createNormalizer(contract, "warn", new Map([["id", 1], ["email", 2], ["note", 3]]));

describe("PiiFindings", () => {
  for (const k of [wasm, twinKernels()]) {
    it(`reports personal data only in columns the contract does not classify, counted over batches (${k.kind})`, () => {
      const pii = new PiiFindings(contract, k);
      pii.add(normalize({ numRows: 2, columns: { id: ["1", "2"], email: ["a@example.com", "b@example.com"], note: ["write to c@example.com", null] } }).batch);
      pii.add(normalize({ numRows: 2, columns: { id: ["3", "4"], email: [null, "d@example.com"], note: ["e@example.com", "server 10.0.0.1"] } }).batch);
      expect(pii.issues().map((i) => [i.kind, i.column, i.message])).toEqual([
        ["pii", "note", "column `note` holds 2 e-mail addresses but contract `people` does not classify it; set its classification to pii if that is expected, or remove them from the source"],
        ["pii", "note", "column `note` holds 1 IPv4 address but contract `people` does not classify it; set its classification to pii if that is expected, or remove it from the source"],
      ]);
    });
  }

  it("finds nothing in columns without personal data", () => {
    const pii = new PiiFindings(contract, wasm);
    pii.add(normalize({ numRows: 1, columns: { id: ["1"], note: ["nothing to see"] } }).batch);
    expect(pii.issues()).toEqual([]);
  });
});
