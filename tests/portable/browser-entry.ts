/** The portable suite in a browser page: results land on `window.portableResults`. */
import { runPortableCases } from "../suites/portable-core.suite.ts";

const bytes = new Uint8Array(await (await fetch("/parquet_wasm_bg.wasm")).arrayBuffer());
(globalThis as unknown as { portableResults: unknown }).portableResults = await runPortableCases({ parquetWasm: bytes });
