/**
 * The portable suite as a Cloudflare Worker. workerd refuses to compile WASM from bytes, so
 * parquet-wasm arrives as a module import (a compiled `WebAssembly.Module`), as in production.
 */
import parquetModule from "./parquet_wasm_bg.wasm";
import { runPortableCases } from "../suites/portable-core.suite.ts";

export default {
  async fetch(): Promise<Response> {
    return Response.json(await runPortableCases({ parquetWasm: parquetModule as unknown as WebAssembly.Module }));
  },
};
