/**
 * Bundles adapters/workers/worker.ts for Miniflare the way wrangler would: one ES module, with
 * parquet-wasm's `.wasm` left as a module import beside it (CompiledWasm rule).
 */
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetWasmPath } from "../../portable/bundle.ts";

export async function bundleWorker(): Promise<{ dir: string; script: string }> {
  const dir = mkdtempSync(join(tmpdir(), "dativo-worker-"));
  const result = await Bun.build({
    entrypoints: [join(import.meta.dir, "../../../adapters/workers/worker.ts")],
    outdir: dir,
    target: "browser",
    format: "esm",
    naming: "[name].js",
    plugins: [
      {
        name: "wasm-beside",
        setup(build) {
          build.onResolve({ filter: /\.wasm$/ }, () => ({ path: "./parquet_wasm_bg.wasm", external: true }));
        },
      },
    ],
  });
  if (!result.success) throw new Error(`bundling the worker failed:\n${result.logs.join("\n")}`);
  copyFileSync(parquetWasmPath, join(dir, "parquet_wasm_bg.wasm"));
  return { dir, script: join(dir, "worker.js") };
}
