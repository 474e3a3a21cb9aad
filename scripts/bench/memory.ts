/**
 * Memory benchmark (issue: bounded memory): runs the demo job on the demo-sized CSV and on one
 * 10× larger, each in a fresh process, and compares their peak RSS. Streaming means the ratio
 * stays near 1 whatever the size.
 *   bun scripts/bench/memory.ts [rows=300000] [factor=10]
 */
import { statSync } from "node:fs";
import { createWorkspace, csvJob } from "../../tests/helpers/workspace.ts";
import { cliPath } from "../../tests/helpers/cli.ts";
import { generateOrdersCsv } from "../fixtures/generate-orders-csv.ts";

const rows = Number(process.argv[2] ?? 300_000);
const factor = Number(process.argv[3] ?? 10);

interface Measure {
  rows: number;
  mb: number;
  seconds: number;
  peakRssMb: number;
}

async function measure(n: number): Promise<Measure> {
  const ws = createWorkspace("dativo-bench-mem-");
  await generateOrdersCsv(ws.path("data/orders.csv"), n);
  const job = csvJob(ws, { files: ["data/orders.csv"], mode: "warn" });
  const started = performance.now();
  const proc = Bun.spawn([process.execPath, cliPath, "run", "--config", job, "--quiet"], { cwd: ws.dir, stdout: "ignore", stderr: "inherit" });
  const code = await proc.exited;
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`run on ${n} rows exited ${code}`);
  const usage = proc.resourceUsage();
  return { rows: n, mb: statSync(ws.path("data/orders.csv")).size / 1e6, seconds, peakRssMb: Number(usage?.maxRSS ?? 0) / 1024 / 1024 };
}

const small = await measure(rows);
const large = await measure(rows * factor);
const line = (m: Measure) =>
  `${String(m.rows).padStart(10)} rows  ${m.mb.toFixed(0).padStart(5)} MB CSV  ${m.seconds.toFixed(2).padStart(7)} s  ${(m.rows / m.seconds / 1000).toFixed(0).padStart(6)} k rows/s  peak RSS ${m.peakRssMb.toFixed(0).padStart(5)} MB`;
console.log("CSV → contract → zstd Parquet → Iceberg, one process per run");
console.log(line(small));
console.log(line(large));
console.log(`peak RSS ratio (${factor}× / 1×): ${(large.peakRssMb / small.peakRssMb).toFixed(2)}  (target ≤ 1.5)`);
