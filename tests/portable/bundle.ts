/**
 * Bundles a portable entry for workerd or the browser with Bun.build, with the WASM files it
 * imports copied beside the bundle (workerd imports them as modules; the page fetches them).
 */
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const parquetWasmPath = join(import.meta.dir, "../../node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm");
export const kernelsWasmPath = join(import.meta.dir, "../../wasm/dativo_kernels.wasm");

export async function bundle(entry: string): Promise<{ dir: string; script: string }> {
  const dir = mkdtempSync(join(tmpdir(), "dativo-portable-"));
  const result = await Bun.build({
    entrypoints: [join(import.meta.dir, entry)],
    outdir: dir,
    target: "browser",
    format: "esm",
    external: ["*.wasm"],
    naming: "[name].js",
  });
  if (!result.success) throw new Error(`bundling ${entry} failed:\n${result.logs.join("\n")}`);
  copyFileSync(parquetWasmPath, join(dir, "parquet_wasm_bg.wasm"));
  copyFileSync(kernelsWasmPath, join(dir, "dativo_kernels.wasm"));
  return { dir, script: join(dir, entry.replace(/\.ts$/, ".js")) };
}
