/**
 * The pipeline benchmark: the same generated CSV through four paths, each in its own process —
 *   1. dativo with the WASM kernels   2. dativo with the pure-TypeScript twins
 *   3. native DuckDB (read_csv → SUMMARIZE → checks → COPY zstd Parquet)
 *   4. DuckDB-WASM + parquet-wasm doing the same
 * — at 1× and 10× the size, printing wall time, rows/s, MB/s and peak RSS, and the ratios of path 1
 * to the others. No thresholds: the numbers are for people.
 *   bun scripts/bench/pipeline.ts [rows=1000000] [factor=10] [paths=all]
 */
import { rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateBenchCsv } from "../fixtures/generate-bench-csv.ts";

const rows = Number(process.argv[2] ?? 1_000_000);
const factor = Number(process.argv[3] ?? 10);
const paths = (process.argv[4] ?? "dativo-wasm,dativo-ts,duckdb-native,duckdb-wasm").split(",");

interface Result {
  path: string;
  rows: number;
  seconds: number;
  mb: number;
  rssMb: number;
}

async function runPath(path: string, csv: string, n: number): Promise<Result> {
  const work = join(tmpdir(), `dativo-bench-${path}-${n}`);
  rmSync(work, { recursive: true, force: true });
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, "pipeline-path.ts"), path, csv, work], { stdout: "pipe", stderr: "inherit" });
  const out = await new Response(proc.stdout).text();
  if ((await proc.exited) !== 0) throw new Error(`${path} failed`);
  const r = JSON.parse(out.trim().split("\n").pop()!);
  rmSync(work, { recursive: true, force: true });
  return { path, rows: r.rows, seconds: r.seconds, mb: statSync(csv).size / 1e6, rssMb: Number(proc.resourceUsage()?.maxRSS ?? 0) / 1024 / 1024 };
}

const sizes = [rows, rows * factor];
const all: Result[][] = [];
for (const n of sizes) {
  const csv = join(tmpdir(), `dativo-bench-${n}.csv`);
  try {
    statSync(csv);
  } catch {
    await generateBenchCsv(csv, n);
  }
  const results: Result[] = [];
  for (const p of paths) results.push(await runPath(p, csv, n));
  all.push(results);
  console.log(`\n${n.toLocaleString("en-US")} rows, ${(statSync(csv).size / 1e6).toFixed(0)} MB CSV`);
  console.log("path            seconds    k rows/s     MB/s   peak RSS MB   path1 / this");
  const base = results[0]!;
  for (const r of results) {
    console.log(
      `${r.path.padEnd(14)} ${r.seconds.toFixed(2).padStart(8)} ${(r.rows / r.seconds / 1000).toFixed(0).padStart(11)} ${(r.mb / r.seconds).toFixed(1).padStart(8)} ${r.rssMb.toFixed(0).padStart(13)} ${(base.seconds / r.seconds).toFixed(2).padStart(14)}`,
    );
  }
}
if (all.length === 2) {
  console.log("\npeak RSS, 10× file / 1× file:");
  for (let i = 0; i < paths.length; i++) console.log(`  ${paths[i]!.padEnd(14)} ${(all[1]![i]!.rssMb / all[0]![i]!.rssMb).toFixed(2)}`);
}
