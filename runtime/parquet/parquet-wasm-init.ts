/**
 * Initialises parquet-wasm once per realm, from bytes or from a compiled module (workerd refuses
 * to compile bytes, so the Worker root passes the module it imported).
 */
import * as pq from "parquet-wasm/esm";
import type { WasmSource } from "../platform.ts";

let ready: typeof pq | null = null;

export function initParquetWasm(source: WasmSource): typeof pq {
  if (ready) return ready;
  pq.initSync({ module: source as BufferSource | WebAssembly.Module });
  ready = pq;
  return pq;
}

export function parquetWasmReady(): boolean {
  return ready !== null;
}
