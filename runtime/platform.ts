/**
 * Platform: what the host offers the portable core. Nothing in `runtime/` touches `Bun`, `Deno`,
 * `process`, `node:*` or `cloudflare:*`; whatever it needs from its host arrives through here.
 */
import type { Logger } from "./logger.ts";

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** WASM arrives as bytes, or as a compiled module where the host forbids compiling bytes (workerd). */
export type WasmSource = Uint8Array | ArrayBuffer | WebAssembly.Module;

export interface Platform {
  fetch: typeof fetch;
  /** Environment variables (or their equivalent: Worker bindings, a browser form). */
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  clock: Clock;
  /** Loads a named WASM module (e.g. "dativo-kernels", "parquet-wasm"). */
  loadWasm?: (name: string) => Promise<WasmSource>;
  /** Local files, where the host has them (Bun, Deno): used for relative config paths. */
  files?: LocalFiles;
  /** Random bytes and UUIDs: Web Crypto exists everywhere we run. */
  crypto: Crypto;
}

export interface LocalFiles {
  readText(path: string): Promise<string>;
  exists(path: string): Promise<boolean>;
  /** Resolves a path against the working directory (config-format.md §1). */
  resolve(path: string): string;
  /** Lists regular files directly under a directory (names only). */
  listDir(path: string): Promise<string[]>;
}

export const systemClock: Clock = { now: () => Date.now() };
