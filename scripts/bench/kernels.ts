/**
 * Per-kernel throughput, WebAssembly vs the TypeScript twins, on generated data (int id, name,
 * e-mail with nulls, float amount, timestamp, country — the shape of the pipeline benchmark).
 * Prints MB/s of input per kernel and the ratio WASM / TypeScript (target ≥ 3×). For the
 * kernels whose binding copies weigh most, it also times the export alone on inputs already in
 * linear memory ("raw"): what the kernel would gain if no copy were made at all.
 *
 *   npx bun scripts/bench/kernels.ts [--rows 200000] [--repeat 5] [--only NAME-SUBSTRING]
 *
 * A script, not a test: no assertion on times. CI runs it with a small --rows as a smoke run.
 */
import { readFile } from "node:fs/promises";
import { type CsvColumn, type CsvState, type Kernels, type StringColumn, hllRegisters, initialCsvState, loadKernels, stringColumn, twinKernels } from "../../wasm/index.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const rows = arg("rows", 200_000);
const repeat = arg("repeat", 5);
const onlyAt = process.argv.indexOf("--only");
/** Runs only the kernels whose name contains this text (all when absent). */
const only = onlyAt > 0 ? (process.argv[onlyAt + 1] ?? "") : "";

/** A small deterministic generator so every run measures the same bytes. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function generateCsv(n: number): string {
  const r = rng(42);
  const first = ["Ana", "Bo", "Chen", "Dara", "Émile", "Farah", "Göran", "Hiro", "Ines", "Jonas"];
  const last = ["Smith", "O'Neil", "Müller", "Ng", "Okafor", "Rossi", "Sato", "Silva"];
  const countries = ["US", "DE", "FR", "JP", "BR", "IN", "GB", "NG"];
  const lines = ["id,name,email,amount,created_at,country"];
  for (let i = 0; i < n; i++) {
    const f = first[Math.floor(r() * first.length)]!;
    const l = last[Math.floor(r() * last.length)]!;
    const name = r() < 0.1 ? `"${l}, ${f}"` : `${f} ${l}`;
    const email = r() < 0.15 ? "" : `${f.toLowerCase()}.${l.toLowerCase().replace("'", "")}${i}@example.com`;
    const amount = (r() * 10000).toFixed(2);
    const t = 1_600_000_000 + Math.floor(r() * 100_000_000);
    const ts = new Date(t * 1000).toISOString().replace("T", " ").slice(0, 19);
    lines.push(`${i + 1},${name},${email},${amount},${ts},${countries[Math.floor(r() * countries.length)]}`);
  }
  return lines.join("\n") + "\n";
}

const csvBytes = new TextEncoder().encode(generateCsv(rows));
const chunkSize = 1 << 20;

/** The chunks the pipeline would see: each buffer is the carried tail plus the next MiB. */
interface Chunk {
  buffer: Uint8Array;
  state: CsvState;
  last: boolean;
  /** Per column: field boundaries into `buffer` of the complete records in it. */
  columns: { starts: Int32Array; ends: Int32Array; bytes: number }[];
  /** The same fields in record order, as `csvColumns` takes them. */
  fields: { starts: Int32Array; ends: Int32Array; flags: Uint8Array };
}

function chunksOf(bytes: Uint8Array, columns: number): Chunk[] {
  const twin = twinKernels();
  const chunks: Chunk[] = [];
  let state: CsvState = { ...initialCsvState };
  let carry = new Uint8Array(0);
  let header = true;
  for (let at = 0; at < bytes.length; at += chunkSize) {
    const chunk = bytes.subarray(at, at + chunkSize);
    const buffer = new Uint8Array(carry.length + chunk.length);
    buffer.set(carry);
    buffer.set(chunk, carry.length);
    const last = at + chunkSize >= bytes.length;
    const r = twin.csvTokenize(buffer, state, { last });
    // Whole records only; the generated file has no malformed rows.
    let complete = r.count;
    while (complete > 0 && !(r.flags[complete - 1]! & 1)) complete--;
    const skip = header ? columns : 0;
    header = false;
    const rowsHere = (complete - skip) / columns;
    const cols = Array.from({ length: columns }, (_, c) => {
      const starts = new Int32Array(rowsHere);
      const ends = new Int32Array(rowsHere);
      let b = 0;
      for (let row = 0; row < rowsHere; row++) {
        starts[row] = r.starts[skip + row * columns + c]!;
        ends[row] = r.ends[skip + row * columns + c]!;
        b += ends[row]! - starts[row]!;
      }
      return { starts, ends, bytes: b };
    });
    const fields = { starts: r.starts.slice(skip, complete), ends: r.ends.slice(skip, complete), flags: r.flags.slice(skip, complete) };
    chunks.push({ buffer, state, last, columns: cols, fields });
    if (complete === r.count) {
      carry = buffer.slice(r.consumed);
      state = r.state;
    } else {
      // Rescan the open record from its first byte in the next buffer, so batches hold whole records.
      const first = r.starts[complete]! - (r.flags[complete]! & 2 ? 1 : 0);
      carry = buffer.slice(first);
      state = { ...initialCsvState };
    }
  }
  return chunks;
}

const chunks = chunksOf(csvBytes, 6);
const fieldBytes = (c: number) => chunks.reduce((n, ch) => n + ch.columns[c]!.bytes, 0);
const parseEach = (k: Kernels, c: number, kind: "int64" | "float64" | "timestamp" | "decimal(12,2)") =>
  chunks.map((ch) => k.parseColumn(ch.buffer, ch.columns[c]!.starts, ch.columns[c]!.ends, kind));
function join<T extends BigInt64Array | Float64Array>(parts: T[], make: (n: number) => T): T {
  const out = make(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p as never, at);
    at += p.length;
  }
  return out;
}
const twin = twinKernels();
const ids = join(parseEach(twin, 0, "int64").map((p) => p.values as BigInt64Array), (n) => new BigInt64Array(n));
const amounts = join(parseEach(twin, 3, "float64").map((p) => p.values as Float64Array), (n) => new Float64Array(n));
const times = join(parseEach(twin, 4, "timestamp").map((p) => p.values as BigInt64Array), (n) => new BigInt64Array(n));
const text = new TextDecoder();
const texts = (c: number, emptyIsNull: boolean) =>
  chunks.flatMap((ch) =>
    Array.from(ch.columns[c]!.starts, (s, i) => (emptyIsNull && s === ch.columns[c]!.ends[i] ? null : text.decode(ch.buffer.subarray(s, ch.columns[c]!.ends[i])))),
  );
const emailCol = stringColumn(texts(2, true));
const nameCol = stringColumn(texts(1, false));

/** A batch's arrays, reused across chunks: where a cell builder copies each lent column. */
const batch = new Uint8Array(4 << 20);
const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
function keep(_column: number, cells: CsvColumn): void {
  if ("data" in cells) {
    batch.set(cells.data, 0);
    batch.set(bytesOf(cells.offsets), 2 << 20);
    batch.set(cells.valid, 3 << 20);
  } else {
    batch.set(bytesOf(cells.values), 0);
    batch.set(cells.status, 3 << 20);
  }
}

interface Case {
  name: string;
  bytes: number;
  run(k: Kernels): unknown;
  /** The same work as one `dk_*` call on inputs copied into linear memory beforehand. */
  raw?: (x: RawExports) => () => void;
}

/** The exports the raw timings call (the boundary is wasm/src/lib.rs). */
interface RawExports {
  memory: WebAssembly.Memory;
  dk_alloc(size: number): number;
  dk_histogram(values: number, kind: number, valid: number, n: number, lo: number, hi: number, out: number, bins: number): void;
  dk_bucket_numbers(values: number, kind: number, n: number, buckets: number, out: number): void;
  dk_bucket_bytes(data: number, len: number, offsets: number, n: number, buckets: number, out: number): void;
  dk_truncate_str(data: number, len: number, offsets: number, n: number, width: number, out: number): void;
}

/** Copies `a` into linear memory once, for the raw timings; the pointer. */
function resident(x: RawExports, a: ArrayBufferView): number {
  const ptr = x.dk_alloc(a.byteLength);
  new Uint8Array(x.memory.buffer, ptr, a.byteLength).set(bytesOf(a));
  return ptr;
}

/** A string column copied in once, with room for one i32 out per value. */
function residentStrings(x: RawExports, column: StringColumn) {
  const n = column.offsets.length - 1;
  return { data: resident(x, column.data), len: column.data.length, offsets: resident(x, column.offsets), n, out: x.dk_alloc(n * 4) };
}
const cases: Case[] = [
  { name: "csv tokenize", bytes: csvBytes.length, run: (k) => chunks.map((ch) => k.csvTokenize(ch.buffer, ch.state, { last: ch.last })) },
  { name: "parse int64", bytes: fieldBytes(0), run: (k) => parseEach(k, 0, "int64") },
  { name: "parse float64", bytes: fieldBytes(3), run: (k) => parseEach(k, 3, "float64") },
  { name: "parse timestamp", bytes: fieldBytes(4), run: (k) => parseEach(k, 4, "timestamp") },
  { name: "parse decimal", bytes: fieldBytes(3), run: (k) => parseEach(k, 3, "decimal(12,2)") },
  {
    // A chunk's columns as the CSV source takes them: three parsed, three gathered as text, each
    // lent and copied once into the batch's arrays (as runtime/csv/cell-builders.ts does).
    name: "csv columns (6)",
    bytes: [0, 1, 2, 3, 4, 5].reduce((n, c) => n + fieldBytes(c), 0),
    run: (k) => {
      for (const ch of chunks) {
        k.csvColumnsInto(ch.buffer, ch.fields.starts, ch.fields.ends, ch.fields.flags, ["int64", "text", "text", "float64", "timestamp", "text"], { nullTokens: [new Uint8Array(0)] }, keep);
      }
    },
  },
  { name: "stats float64", bytes: amounts.byteLength, run: (k) => k.statsFloat64(amounts, null, hllRegisters()) },
  { name: "stats int64", bytes: ids.byteLength, run: (k) => k.statsInt64(ids, null, hllRegisters()) },
  { name: "stats string", bytes: emailCol.data.length, run: (k) => k.statsString(emailCol, emailCol.validity, hllRegisters()) },
  {
    name: "histogram",
    bytes: amounts.byteLength,
    run: (k) => k.histogram(amounts, null, 0, 10000, 64),
    raw: (x) => {
      const [v, out] = [resident(x, amounts), x.dk_alloc(64 * 4)];
      return () => x.dk_histogram(v, 0, 0, amounts.length, 0, 10000, out, 64);
    },
  },
  {
    name: "bucket[16] long",
    bytes: times.byteLength,
    run: (k) => k.bucketInt64(times, 16),
    raw: (x) => {
      const [v, out] = [resident(x, times), x.dk_alloc(times.length * 4)];
      return () => x.dk_bucket_numbers(v, 1, times.length, 16, out);
    },
  },
  {
    name: "bucket[16] string",
    bytes: emailCol.data.length,
    run: (k) => k.bucketBytes(emailCol, 16),
    raw: (x) => {
      const c = residentStrings(x, emailCol);
      return () => x.dk_bucket_bytes(c.data, c.len, c.offsets, c.n, 16, c.out);
    },
  },
  {
    name: "truncate[4] string",
    bytes: nameCol.data.length,
    run: (k) => k.truncateString(nameCol, 4),
    raw: (x) => {
      const c = residentStrings(x, nameCol);
      return () => x.dk_truncate_str(c.data, c.len, c.offsets, c.n, 4, c.out);
    },
  },
  { name: "pii scan", bytes: emailCol.data.length + nameCol.data.length, run: (k) => [k.piiScan(emailCol, emailCol.validity), k.piiScan(nameCol, null)] },
];

/**
 * The best time of each of `runs` over `repeat` rounds. The runs alternate within a round, so
 * that the shared machine slowing down during one stretch weighs on each of them, not on
 * whichever was being timed then.
 */
function best(runs: (() => unknown)[]): number[] {
  const fastest = runs.map(() => Infinity);
  for (let i = 0; i < repeat; i++) {
    runs.forEach((run, j) => {
      const t0 = performance.now();
      run();
      fastest[j] = Math.min(fastest[j]!, performance.now() - t0);
    });
  }
  return fastest;
}

const wasmBytes = new Uint8Array(await readFile(new URL("../../wasm/dativo_kernels.wasm", import.meta.url)));
const wasm = await loadKernels(wasmBytes);
// A second instance for the raw timings, so that their resident inputs take none of the
// binding's memory.
const raw = (await WebAssembly.instantiate(wasmBytes, {})).instance.exports as unknown as RawExports;
console.log(`kernels: ${rows} rows, ${(csvBytes.length / 1e6).toFixed(1)} MB CSV, best of ${repeat}`);
console.log("kernel               wasm MB/s     ts MB/s   wasm/ts    raw/ts");
let logSum = 0;
const chosen = cases.filter((c) => c.name.includes(only));
for (const c of chosen) {
  const onRaw = c.raw?.(raw);
  const runs = [() => c.run(wasm), () => c.run(twin), ...(onRaw ? [onRaw] : [])];
  // One untimed round first, so that each path is compiled before it is timed.
  for (const run of runs) run();
  const [w, t, r] = best(runs) as [number, number, number | undefined];
  const mb = c.bytes / 1e6;
  logSum += Math.log(t / w);
  const rawRatio = r === undefined ? "" : `${(t / r).toFixed(2).padStart(8)}×`;
  console.log(`${c.name.padEnd(18)} ${(mb / (w / 1000)).toFixed(0).padStart(11)} ${(mb / (t / 1000)).toFixed(0).padStart(11)} ${(t / w).toFixed(2).padStart(8)}× ${rawRatio}`);
}
console.log(`geometric mean wasm/ts: ${Math.exp(logSum / chosen.length).toFixed(2)}× (target ≥ 3×)`);
