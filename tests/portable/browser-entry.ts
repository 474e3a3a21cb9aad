/** The portable suites in a browser page: results land on `window.portableResults`. */
import { runAllCases } from "./all-cases.ts";

const bytes = new Uint8Array(await (await fetch("/parquet_wasm_bg.wasm")).arrayBuffer());
const kernelsWasm = await WebAssembly.compileStreaming(fetch("/dativo_kernels.wasm"));
(globalThis as unknown as { portableResults: unknown }).portableResults = await runAllCases({ parquetWasm: bytes, kernelsWasm });
