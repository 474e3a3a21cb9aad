/**
 * Throughput of the CSV tokenizer on a generated 1M-row file (id,name,email,amount,timestamp,
 * country; ≈73 MB), fed in 64 KiB chunks as a file stream would deliver it. Printed next to a
 * reference measured in the same run: UTF-8 decoding plus splitting into lines and cells, the
 * least any JS tokenizer has to do. A last line adds normalizing the batches to Arrow (contract
 * types long, string, string, decimal(10,2), timestamp, string).
 *
 *   npx bun scripts/bench/csv-tokenizer.ts [rows]
 */
import { createCsvTokenizer, type CsvBatch } from "../../runtime/csv/csv-tokenizer.ts";
import type { Contract } from "../../runtime/contract.ts";
import { createNormalizer } from "../../runtime/normalize/index.ts";

const rows = Number(process.argv[2] ?? 1_000_000);
const countries = ["US", "DE", "FR", "GB", "JP", "BR", "IN", "CA", "AU", "NL"];
const names = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"];

function generate(n: number): Uint8Array {
  const parts: string[] = ["id,name,email,amount,timestamp,country\n"];
  const base = Date.UTC(2024, 0, 1);
  for (let i = 0; i < n; i++) {
    const name = names[i % names.length] + " " + (i % 9973);
    const email = names[(i * 7) % names.length] + i + "@example.com";
    const amount = ((i * 7919) % 1000000) / 100;
    const ts = new Date(base + i * 37_000).toISOString().slice(0, 19).replace("T", " ");
    parts.push(`${i},${name},${email},${amount.toFixed(2)},${ts},${countries[i % countries.length]}\n`);
  }
  return new TextEncoder().encode(parts.join(""));
}

function chunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

function tokenize(parts: Uint8Array[], each: (b: CsvBatch) => number = (b) => b.numRows): number {
  const t = createCsvTokenizer({ batchSize: 10000 });
  let n = 0;
  for (const p of parts) for (const b of t.push(p)) n += each(b);
  for (const b of t.end()) n += each(b);
  return n;
}

const contract: Contract = {
  name: "bench",
  version: "1",
  columns: [
    { name: "id", type: { kind: "long" }, required: true },
    { name: "name", type: { kind: "string" }, required: false },
    { name: "email", type: { kind: "string" }, required: false },
    { name: "amount", type: { kind: "decimal", precision: 10, scale: 2 }, required: false },
    { name: "timestamp", type: { kind: "timestamp" }, required: false },
    { name: "country", type: { kind: "string" }, required: false },
  ],
  quality: [],
  tags: [],
  properties: {},
};

function tokenizeAndNormalize(parts: Uint8Array[]): number {
  const normalize = createNormalizer(contract, "strict", new Map(contract.columns.map((c, i) => [c.name, i + 1])));
  return tokenize(parts, (b) => {
    const columns: Record<string, (string | null)[]> = {};
    b.names.forEach((name, c) => (columns[name] = b.columns[c]));
    return normalize({ numRows: b.numRows, columns }).batch.numRows;
  });
}

function reference(parts: Uint8Array[]): number {
  const d = new TextDecoder();
  let carry = "";
  let cells = 0;
  for (const p of parts) {
    const text = carry + d.decode(p, { stream: true });
    const cut = text.lastIndexOf("\n");
    for (const l of text.slice(0, cut).split("\n")) cells += l.split(",").length;
    carry = text.slice(cut + 1);
  }
  return cells;
}

function best(label: string, mb: number, f: () => number): number {
  let bestMs = Infinity;
  let result = 0;
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    result = f();
    bestMs = Math.min(bestMs, performance.now() - t0);
  }
  console.log(`${label.padEnd(34)} ${(mb / (bestMs / 1000)).toFixed(1).padStart(7)} MB/s  (${bestMs.toFixed(0)} ms, ${result} out)`);
  return bestMs;
}

const bytes = generate(rows);
const mb = bytes.length / 1e6;
const parts = chunks(bytes, 64 * 1024);
console.log(`${rows} rows, ${mb.toFixed(1)} MB, ${parts.length} chunks of 64 KiB`);
const ref = best("reference: decode + split", mb, () => reference(parts));
const tok = best("csv tokenizer (rows)", mb, () => tokenize(parts));
console.log(`tokenizer / reference time: ${(tok / ref).toFixed(2)}×`);
best("csv tokenizer + normalize to Arrow", mb, () => tokenizeAndNormalize(parts));
