/** The portable suites under Deno: prints one JSON line of results for tests/portable/deno.test.ts. */
import { runAllCases } from "./all-cases.ts";

declare const Deno: { readFile(path: URL): Promise<Uint8Array> };

const parquetWasm = await Deno.readFile(new URL("../../node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm", import.meta.url));
const kernelsWasm = await Deno.readFile(new URL("../../wasm/dativo_kernels.wasm", import.meta.url));
console.log(JSON.stringify(await runAllCases({ parquetWasm, kernelsWasm })));
