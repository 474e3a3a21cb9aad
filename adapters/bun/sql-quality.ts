/**
 * The quality engine of a Bun run: the streaming engine (inside runJob) covers the library
 * metrics; when the contract has SQL rules, DuckDB-WASM runs them too. It is loaded only then —
 * it is large — and its WASM is embedded in the compiled executable like the others.
 */
import * as duckdb from "@duckdb/duckdb-wasm/blocking";
import duckdbWasmPath from "../../node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm" with { type: "file" };
import type { Contract } from "../../runtime/contract.ts";
import type { QualityEngine } from "../../runtime/quality/index.ts";
import { duckdbWasmQuality } from "../engines/duckdb-wasm-quality.ts";

export async function qualityEngineFor(contract: Contract): Promise<QualityEngine | undefined> {
  if (!contract.quality.some((r) => r.rule === "sql")) return undefined;
  const bundle = { mainModule: duckdbWasmPath, mainWorker: "" };
  const db = await duckdb.createDuckDB({ mvp: bundle, eh: bundle }, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  const first = db.connect();
  // No extension can be downloaded: autoloading one would hang (environment notes).
  first.query("SET autoload_known_extensions = false");
  first.close();
  return duckdbWasmQuality({ connect: () => db.connect() });
}
