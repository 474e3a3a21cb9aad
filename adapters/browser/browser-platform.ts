/**
 * The browser platform root: no environment, no local files; WASM fetched from the page's own
 * origin (compiled from bytes, which browsers allow), the warehouse in the Origin Private File
 * System, and logs on the console.
 */
import type { Logger } from "../../runtime/logger.ts";
import type { Platform, WasmSource } from "../../runtime/platform.ts";
import { systemClock } from "../../runtime/platform.ts";
import type { ObjectStore } from "../../runtime/object-store.ts";
import { IngestError } from "../../runtime/errors.ts";
import { createJsonLogger } from "../../runtime/log/json-logger.ts";
import { kernels, kernelsWasmFile, type Kernels } from "../../wasm/index.ts";
import { opfsStore } from "../stores/opfs-store.ts";

/** File names the page serves beside its script (scripts/serve-web.ts copies them). */
export const wasmFiles: Record<string, string> = {
  "parquet-wasm": "parquet_wasm_bg.wasm",
  "dativo-kernels": kernelsWasmFile,
};

export function browserWasmLoader(base: string | URL): (name: string) => Promise<WasmSource> {
  return async (name) => {
    const file = wasmFiles[name];
    if (!file) throw new IngestError("internal", `no WASM module named \`${name}\`; known: ${Object.keys(wasmFiles).join(", ")}`);
    const url = new URL(file, base);
    const res = await fetch(url);
    if (!res.ok) throw new IngestError("store.not_found", `WASM module ${url} answered ${res.status}; serve ${file} beside the page`);
    return new Uint8Array(await res.arrayBuffer());
  };
}

export function consoleLogger(): Logger {
  return createJsonLogger({ write: (line) => console.debug(line), level: "info", redact: [] });
}

export function createBrowserPlatform(o: { base: string | URL; logger?: Logger }): Platform {
  return {
    fetch: globalThis.fetch.bind(globalThis),
    env: {},
    logger: o.logger ?? consoleLogger(),
    clock: systemClock,
    loadWasm: browserWasmLoader(o.base),
    crypto: globalThis.crypto,
  };
}

/** The WASM kernels, or their TypeScript twins when the module cannot be loaded. */
export function browserKernels(platform: Platform, onFallback?: (e: unknown) => void): Promise<Kernels> {
  return kernels({ prefer: "auto", source: () => platform.loadWasm!("dativo-kernels") as Promise<Uint8Array>, onFallback });
}

/** A warehouse folder in this origin's private file system (persists across visits). */
export async function opfsWarehouse(name = "warehouse"): Promise<ObjectStore> {
  const root = await navigator.storage.getDirectory();
  return opfsStore(await root.getDirectoryHandle(name, { create: true }), name);
}
