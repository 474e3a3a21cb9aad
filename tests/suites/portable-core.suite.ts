/**
 * The portable core, end to end: CSV bytes → contract check → Parquet → an Iceberg commit in a
 * memory store, and back out with a pure-JS Parquet reader. The SAME cases run in Bun, Deno,
 * workerd and Chromium (tests/portable/), so nothing here may use a host API: only the runtime,
 * the portable adapters, and Web APIs. Cases throw on failure; each host reports them its way.
 */
import { parquetReadObjects } from "hyparquet";
import type { WasmSource } from "../../runtime/platform.ts";
import type { Contract } from "../../runtime/contract.ts";
import type { JobPlan } from "../../runtime/job/job-plan.ts";
import { runJob } from "../../runtime/job/run-job.ts";
import { initParquetWasm } from "../../runtime/parquet/parquet-wasm-init.ts";
import { silentLogger } from "../../runtime/logger.ts";
import { isIngestError } from "../../runtime/errors.ts";
import { keyOf, type ObjectStore } from "../../runtime/object-store.ts";
import { listDataFiles } from "../../runtime/iceberg/table-scan.ts";
import { parseTransform } from "../../runtime/iceberg/transforms.ts";
import type { Catalog } from "../../runtime/catalog.ts";
import { memoryStore } from "../../adapters/stores/memory-store.ts";
import { memoryCatalog } from "../../adapters/catalogs/memory-catalog.ts";
import { csvSource } from "../../adapters/sources/csv-source.ts";
import { loadKernels, twinKernels, type KernelSource, type Kernels } from "../../wasm/index.ts";

export interface PortableContext {
  parquetWasm: WasmSource;
  /** dativo_kernels.wasm: bytes, or the compiled module where the host forbids compiling bytes. */
  kernelsWasm: KernelSource;
}

export interface PortableCase {
  name: string;
  run(ctx: PortableContext): Promise<void>;
}

const contract: Contract = {
  name: "orders",
  version: "1.0",
  domain: "shop",
  columns: [
    { name: "order_id", type: { kind: "long" }, required: true },
    { name: "customer", type: { kind: "string" }, required: true },
    { name: "amount", type: { kind: "double" }, required: false },
    { name: "placed_at", type: { kind: "timestamp" }, required: true },
    { name: "placed_on", type: { kind: "date" }, required: false },
    { name: "is_gift", type: { kind: "boolean" }, required: false },
  ],
  quality: [],
  tags: [],
  properties: {},
};

const header = "order_id,customer,amount,placed_at,placed_on,is_gift\r\n";
const goodRows = [
  '1,"Zoë ""Z"" O\'Brien",12.50,2024-06-01 10:00:00,2024-06-01,true',
  '2,"multi\nline, name",,2024-06-01T23:59:59Z,,false',
  "3,李雷,7,2024-06-02 00:00:01,2024-06-02,",
];

function plan(over: Partial<JobPlan> = {}): JobPlan {
  return {
    tenant: "t",
    jobName: "orders",
    stream: "orders",
    contract,
    mode: "strict",
    table: { namespace: ["shop"], name: "orders" },
    partitioning: [],
    targetFileBytes: 128 * 1024 * 1024,
    compression: "snappy",
    incremental: true,
    ...over,
  };
}

interface Files {
  [path: string]: { text: string; lastModified: Date };
}

function source(files: Files, kernels?: Kernels) {
  return csvSource({
    kernels,
    types: Object.fromEntries(contract.columns.map((c) => [c.name, c.type.kind])),
    files: Object.keys(files).map((path) => ({ path, object: "orders" })),
    async open(path) {
      const f = files[path];
      if (!f) return null;
      const bytes = new TextEncoder().encode(f.text);
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          // Two chunks split inside a quoted field: the tokenizer must resume across them.
          const cut = Math.floor(bytes.length / 2);
          c.enqueue(bytes.slice(0, cut));
          c.enqueue(bytes.slice(cut));
          c.close();
        },
      });
      return { stream, size: bytes.length, lastModified: f.lastModified };
    },
  });
}

async function run(ctx: PortableContext, files: Files, store: ObjectStore, catalog: Catalog, over: Partial<JobPlan> = {}, kernels?: Kernels) {
  return runJob(plan(over), {
    kernels,
    source: source(files, kernels),
    store,
    catalog,
    parquet: initParquetWasm(ctx.parquetWasm),
    clock: { now: () => Date.now() },
    crypto: globalThis.crypto,
    logger: silentLogger,
  });
}

async function tableRows(store: ObjectStore, catalog: Catalog): Promise<Record<string, unknown>[]> {
  const { metadata } = await catalog.loadTable({ namespace: ["shop"], name: "orders" });
  const files = await listDataFiles(metadata, store);
  const rows: Record<string, unknown>[] = [];
  for (const f of files) {
    const bytes = (await store.get(keyOf(store, f["file-path"])!))!;
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    rows.push(...((await parquetReadObjects({ file: buffer })) as Record<string, unknown>[]));
  }
  return rows.sort((a, b) => Number(a.order_id) - Number(b.order_id));
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function assertEqual(actual: unknown, expected: unknown, what: string): void {
  const show = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x instanceof Date ? x.toISOString() : x));
  if (show(actual) !== show(expected)) throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

const day = (iso: string) => new Date(iso);

/** The first case's run with the given kernels in the source and the pipeline. */
async function runWithKernels(ctx: PortableContext, kernels: Kernels): Promise<void> {
  const store = memoryStore("w");
  const catalog = memoryCatalog({ store, warehouse: store.root });
  const text = header + goodRows.join("\r\n") + "\r\nx,bad,1,2024-06-01,,\r\n";
  const summary = await run(ctx, { "a.csv": { text, lastModified: day("2024-06-03") } }, store, catalog, { mode: "warn", partitioning: ["bucket[4](order_id)", "truncate[2](customer)"] }, kernels);
  assertEqual(summary.kernels, kernels.kind, "kernels reported");
  assertEqual(summary.rowsWritten, 3, "rows written");
  assertEqual(summary.rowsRejected, 1, "rows rejected");
  assertEqual(summary.issues.map((i) => i.message), ['a.csv: row 4 (line 6): `order_id` value "x" is not a valid integer (64-bit); fix the value or change the column type in the contract'], "findings");
  const rows = await tableRows(store, catalog);
  assertEqual(rows.map((r) => r.customer), ['Zoë "Z" O\'Brien', "multi\nline, name", "李雷"], "customers");
  assertEqual(rows.map((r) => r.amount), [12.5, null, 7], "amounts");
  const { metadata } = await catalog.loadTable({ namespace: ["shop"], name: "orders" });
  const files = await listDataFiles(metadata, store);
  const partitions = files.map((f) => JSON.stringify(f.partition)).sort();
  // The row-by-row transforms of runtime/iceberg (spec Appendix B hashes) are the reference.
  const bucket = parseTransform("bucket[4]");
  const truncate = parseTransform("truncate[2]");
  const expected = rows.map((r) => JSON.stringify({ order_id_bucket_4: bucket.apply("long", BigInt(r.order_id as bigint)), customer_truncate_2: truncate.apply("string", r.customer) }));
  assertEqual(partitions, [...new Set(expected)].sort(), "partitions");
}

export const portableCases: PortableCase[] = [
  {
    name: "runs the pipeline on the WebAssembly kernels",
    async run(ctx) {
      await runWithKernels(ctx, await loadKernels(ctx.kernelsWasm));
    },
  },
  {
    name: "runs the pipeline on the TypeScript twins, with the same results",
    async run(ctx) {
      await runWithKernels(ctx, twinKernels());
    },
  },
  {
    name: "commits CSV rows through the contract into an Iceberg table",
    async run(ctx) {
      const store = memoryStore("w");
      const catalog = memoryCatalog({ store, warehouse: store.root });
      const summary = await run(ctx, { "a.csv": { text: header + goodRows.join("\r\n") + "\r\n", lastModified: day("2024-06-03") } }, store, catalog);
      assertEqual(summary.exitCode, 0, "exit code");
      assertEqual(summary.rowsWritten, 3, "rows written");
      const rows = await tableRows(store, catalog);
      assertEqual(rows.map((r) => r.customer), ['Zoë "Z" O\'Brien', "multi\nline, name", "李雷"], "customers");
      assertEqual(rows.map((r) => r.amount), [12.5, null, 7], "amounts");
      assertEqual(rows.map((r) => r.is_gift), [true, false, null], "booleans");
      assertEqual(rows.map((r) => String(r.order_id)), ["1", "2", "3"], "ids");
      const placed = rows.map((r) => (r.placed_at instanceof Date ? r.placed_at.toISOString() : String(r.placed_at)));
      assertEqual(placed, ["2024-06-01T10:00:00.000Z", "2024-06-01T23:59:59.000Z", "2024-06-02T00:00:01.000Z"], "timestamps");
      const { metadata } = await catalog.loadTable({ namespace: ["shop"], name: "orders" });
      assertEqual(metadata.snapshots.length, 1, "snapshots");
      assertEqual(metadata.snapshots[0]!.summary["added-records"], "3", "summary added-records");
    },
  },
  {
    name: "commits nothing in strict mode when a row breaks the contract",
    async run(ctx) {
      const store = memoryStore("w");
      const catalog = memoryCatalog({ store, warehouse: store.root });
      const bad = header + goodRows[0] + "\r\nnot-a-number,Ann,1,2024-06-01 10:00:00,,true\r\n";
      let failed = false;
      try {
        await run(ctx, { "a.csv": { text: bad, lastModified: day("2024-06-03") } }, store, catalog);
      } catch (e) {
        failed = isIngestError(e, "contract.violation");
        assert(failed, `expected contract.violation, got ${(e as Error).message}`);
        assert((e as Error).message.includes("order_id"), "the message names the column");
      }
      assert(failed, "strict run did not fail");
      const { metadata } = await catalog.loadTable({ namespace: ["shop"], name: "orders" });
      assertEqual(metadata.snapshots.length, 0, "snapshots after a strict failure");
      const left: string[] = [];
      for await (const o of store.list("")) if (o.key.endsWith(".parquet")) left.push(o.key);
      assertEqual(left, [], "data files left behind");
    },
  },
  {
    name: "writes the valid rows in warn mode and reports the rest",
    async run(ctx) {
      const store = memoryStore("w");
      const catalog = memoryCatalog({ store, warehouse: store.root });
      const text = header + goodRows.join("\n") + "\n4,,1,2024-06-01 10:00:00,,true\n5,Eve,abc,2024-06-01 10:00:00,,yes\n";
      const summary = await run(ctx, { "a.csv": { text, lastModified: day("2024-06-03") } }, store, catalog, { mode: "warn" });
      assertEqual(summary.exitCode, 1, "exit code");
      assertEqual(summary.rowsWritten, 3, "rows written");
      assertEqual(summary.rowsRejected, 2, "rows rejected");
      assert(summary.issues.some((i) => i.column === "customer" && i.kind === "missing_required"), "missing customer reported");
      assert(summary.issues.some((i) => i.column === "amount" && i.kind === "type_mismatch"), "bad amount reported");
      assertEqual((await tableRows(store, catalog)).length, 3, "rows in table");
    },
  },
  {
    name: "stores the cursor in the data's commit and appends nothing new on a rerun",
    async run(ctx) {
      const store = memoryStore("w");
      const catalog = memoryCatalog({ store, warehouse: store.root });
      const files: Files = { "a.csv": { text: header + goodRows.join("\n") + "\n", lastModified: day("2024-06-03") } };
      await run(ctx, files, store, catalog);
      const { metadata } = await catalog.loadTable({ namespace: ["shop"], name: "orders" });
      assert(metadata.properties["dativo.state.orders"]?.includes("a.csv"), "cursor stored in table properties");
      const again = await run(ctx, files, store, catalog);
      assertEqual(again.status, "nothing-new", "second run");
      assertEqual(again.exitCode, 0, "second run exit code");
      files["b.csv"] = { text: header + "9,Bo,1,2024-06-05 00:00:00,,\n", lastModified: day("2024-06-05") };
      const third = await run(ctx, files, store, catalog);
      assertEqual(third.rowsWritten, 1, "only the new file is read");
      assertEqual((await tableRows(store, catalog)).length, 4, "rows after the new file");
    },
  },
  {
    name: "rolls data files at the target size and partitions by day",
    async run(ctx) {
      const store = memoryStore("w");
      const catalog = memoryCatalog({ store, warehouse: store.root });
      let text = header;
      for (let i = 0; i < 3000; i++) text += `${i},customer ${i},${i / 10},2024-06-0${1 + Math.floor(i / 1000)} 12:00:00,,\n`;
      const summary = await run(ctx, { "a.csv": { text, lastModified: day("2024-06-03") } }, store, catalog, {
        partitioning: ["day(placed_at)"],
        targetFileBytes: 1,
      });
      assertEqual(summary.rowsWritten, 3000, "rows written");
      assert(summary.files >= 3, `expected a file per day at least, got ${summary.files}`);
      const { metadata } = await catalog.loadTable({ namespace: ["shop"], name: "orders" });
      const files = await listDataFiles(metadata, store);
      assert(files.every((f) => /\/data\/placed_at_day=2024-06-0[123]\//.test(f["file-path"])), "hive-style day paths");
      assertEqual((await tableRows(store, catalog)).length, 3000, "rows in table");
    },
  },
  {
    name: "lands both appends when two runs commit to one table at once",
    async run(ctx) {
      const store = memoryStore("w");
      const catalog = memoryCatalog({ store, warehouse: store.root });
      await run(ctx, { "a.csv": { text: header + goodRows[0] + "\n", lastModified: day("2024-06-03") } }, store, catalog, { incremental: false });
      await Promise.all([
        run(ctx, { "b.csv": { text: header + goodRows[1] + "\n", lastModified: day("2024-06-03") } }, store, catalog, { incremental: false }),
        run(ctx, { "c.csv": { text: header + goodRows[2] + "\n", lastModified: day("2024-06-03") } }, store, catalog, { incremental: false }),
      ]);
      assertEqual((await tableRows(store, catalog)).map((r) => String(r.order_id)), ["1", "2", "3"], "rows after concurrent appends");
    },
  },
];

/** Runs every case; for hosts without a test runner (Deno script, Worker, browser page). */
export async function runPortableCases(ctx: PortableContext): Promise<{ name: string; ok: boolean; error?: string }[]> {
  const results: { name: string; ok: boolean; error?: string }[] = [];
  for (const c of portableCases) {
    try {
      await c.run(ctx);
      results.push({ name: c.name, ok: true });
    } catch (e) {
      results.push({ name: c.name, ok: false, error: String((e as Error)?.stack ?? e) });
    }
  }
  return results;
}
