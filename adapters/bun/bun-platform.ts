/**
 * The Bun platform root: gives the portable core what Bun offers — environment, local files,
 * JSON logs on stderr, and the WASM modules embedded in the compiled executable.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
// @ts-expect-error the package's .d.ts beside the .wasm describes wasm-bindgen's exports, but a
// `{ type: "file" }` import gives Bun's path to the embedded file (a string).
import parquetWasmPath from "../../node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm" with { type: "file" };
import kernelsWasmPath from "../../wasm/dativo_kernels.wasm" with { type: "file" };
import type { LocalFiles, Platform, WasmSource } from "../../runtime/platform.ts";
import type { Logger } from "../../runtime/logger.ts";
import { systemClock } from "../../runtime/platform.ts";

/** WASM modules by name; `bun build --compile` embeds every file imported with `type: "file"`. */
const wasmPaths: Record<string, string> = {
  "parquet-wasm": parquetWasmPath,
  "dativo-kernels": kernelsWasmPath,
};

export function registerWasm(name: string, path: string): void {
  wasmPaths[name] = path;
}

export async function loadWasm(name: string): Promise<WasmSource> {
  const path = wasmPaths[name];
  if (!path) throw new Error(`no WASM module named ${name}`);
  return new Uint8Array(await Bun.file(path).arrayBuffer());
}

export const localFiles: LocalFiles = {
  async readText(path) {
    return readFileSync(resolve(path), "utf8");
  },
  async exists(path) {
    return existsSync(resolve(path));
  },
  resolve(path) {
    return resolve(path);
  },
  async listDir(path) {
    return readdirSync(resolve(path), { withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => d.name);
  },
};

export function createBunPlatform(logger: Logger): Platform {
  return {
    fetch: globalThis.fetch.bind(globalThis),
    env: process.env,
    logger,
    clock: systemClock,
    loadWasm,
    files: localFiles,
    crypto: globalThis.crypto,
  };
}
