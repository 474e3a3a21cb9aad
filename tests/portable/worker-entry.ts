/**
 * The portable suites as a Cloudflare Worker. workerd refuses to compile WASM from bytes, so
 * parquet-wasm and the kernels arrive as module imports (compiled `WebAssembly.Module`s), as in
 * production.
 */
import parquetModule from "./parquet_wasm_bg.wasm";
import kernelsModule from "./dativo_kernels.wasm";
import { runAllCases } from "./all-cases.ts";

export default {
  async fetch(): Promise<Response> {
    return Response.json(await runAllCases({ parquetWasm: parquetModule as unknown as WebAssembly.Module, kernelsWasm: kernelsModule as unknown as WebAssembly.Module }));
  },
};
