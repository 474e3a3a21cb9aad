/**
 * `npm run build`: compiles the CLI into one executable, `dist/dativo`, with `bun build
 * --compile`. WASM modules imported with `{ type: "file" }` and the shipped recipes imported as
 * text are embedded, so the executable runs with `node_modules` removed. The Parquet worker is a
 * second entrypoint: Bun bundles a worker only when the build lists it (docs "Single-file
 * executable", Worker).
 */
import { mkdirSync, statSync } from "node:fs";

mkdirSync("dist", { recursive: true });
const proc = Bun.spawnSync(
  [process.execPath, "build", "--compile", "--minify-syntax", "--outfile", "dist/dativo", "adapters/bun/cli.ts", "adapters/bun/parquet-worker.ts"],
  { stdout: "inherit", stderr: "inherit" },
);
if (proc.exitCode !== 0) process.exit(proc.exitCode ?? 1);
const size = statSync("dist/dativo").size;
console.log(`built dist/dativo (${(size / 1024 / 1024).toFixed(1)} MiB)`);
