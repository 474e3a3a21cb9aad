/**
 * The Deno platform root: gives the portable core what Deno offers — environment, local files,
 * JSON logs on stderr, and WASM read from the package's files with `Deno.readFile` (Deno compiles
 * bytes, so no module import is needed as in workerd).
 */
import type { LocalFiles, Platform, WasmSource } from "../../runtime/platform.ts";
import type { Logger } from "../../runtime/logger.ts";
import { systemClock } from "../../runtime/platform.ts";
import { createJsonLogger } from "../../runtime/log/json-logger.ts";
import { IngestError } from "../../runtime/errors.ts";

/** WASM files by name, relative to this module so they resolve wherever the package lives. */
const wasmUrls: Record<string, URL> = {
  "parquet-wasm": new URL("../../node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm", import.meta.url),
  "dativo-kernels": new URL("../../wasm/dativo_kernels.wasm", import.meta.url),
};

export async function loadWasm(name: string): Promise<WasmSource> {
  const url = wasmUrls[name];
  if (!url) throw new IngestError("internal", `no WASM module named \`${name}\`; known: ${Object.keys(wasmUrls).join(", ")}`);
  return await Deno.readFile(url);
}

const isAbsolute = (p: string) => p.startsWith("/") || /^[A-Za-z]:[\\/]/.test(p);

function resolvePath(path: string): string {
  if (isAbsolute(path)) return normalize(path);
  return normalize(`${Deno.cwd()}/${path}`);
}

/** Collapses `.` and `..` segments, as `path.resolve` does. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}

export const denoFiles: LocalFiles = {
  readText: (path) => Deno.readTextFile(resolvePath(path)),
  async exists(path) {
    try {
      await Deno.stat(resolvePath(path));
      return true;
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return false;
      throw e;
    }
  },
  resolve: resolvePath,
  async listDir(path) {
    const names: string[] = [];
    for await (const entry of Deno.readDir(resolvePath(path))) if (entry.isFile) names.push(entry.name);
    return names.sort();
  },
};

/** JSON lines on stderr (config-format.md §11.12). */
export function denoLogger(level: "debug" | "info" | "warn" | "error" = "info") {
  const encoder = new TextEncoder();
  return createJsonLogger({ write: (line) => Deno.stderr.writeSync(encoder.encode(line + "\n")), level, redact: [] });
}

export function createDenoPlatform(logger: Logger = denoLogger()): Platform {
  return {
    fetch: globalThis.fetch.bind(globalThis),
    env: Deno.env.toObject(),
    logger,
    clock: systemClock,
    loadWasm,
    files: denoFiles,
    crypto: globalThis.crypto,
  };
}
