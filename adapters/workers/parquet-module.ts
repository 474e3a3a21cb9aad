/**
 * parquet-wasm as a compiled module: workerd refuses to compile WASM from bytes, so the `.wasm`
 * is imported and the bundler's CompiledWasm rule (wrangler's default for `*.wasm`) turns the
 * import into a `WebAssembly.Module`.
 */
import wasm from "parquet-wasm/esm/parquet_wasm_bg.wasm";

export const parquetModule = wasm as unknown as WebAssembly.Module;
