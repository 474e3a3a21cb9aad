/**
 * `npm run bench:smoke`: every benchmark once at a small size, so CI knows they still run.
 * Nothing is timed against a threshold; a benchmark fails the smoke run only by failing.
 */
export {};

const runs: string[][] = [
  ["scripts/bench/pipeline.ts", "20000", "2"],
  ["scripts/bench/memory.ts", "20000", "2"],
  ["scripts/bench/csv-tokenizer.ts", "20000"],
  ["scripts/bench/kernels.ts", "--rows", "5000", "--repeat", "1"],
  ["scripts/bench/catalog.ts", "--seconds", "0.2"],
  ["scripts/bench/database.ts", "--rows", "20000", "--repeat", "1"],
];

let failed = 0;
for (const args of runs) {
  const started = performance.now();
  console.log(`\n$ bun ${args.join(" ")}`);
  const proc = Bun.spawn([process.execPath, ...args], { stdout: "inherit", stderr: "inherit" });
  const code = await proc.exited;
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s, exit ${code})`);
  if (code !== 0) failed++;
}
if (failed > 0) {
  console.error(`bench:smoke: ${failed} benchmark(s) failed`);
  process.exit(1);
}
console.log("\nbench:smoke: every benchmark ran");
