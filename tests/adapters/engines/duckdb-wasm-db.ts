/** A DuckDB-WASM database in the test process: the blocking bundle, as on Bun/Deno/Node. */
import * as duckdb from "@duckdb/duckdb-wasm/blocking";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export async function duckdbWasm(): Promise<{ connect: () => duckdb.DuckDBConnection }> {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve("@duckdb/duckdb-wasm/dist/duckdb-eh.wasm"));
  const db = await duckdb.createDuckDB(
    { mvp: { mainModule: join(dist, "duckdb-mvp.wasm"), mainWorker: "" }, eh: { mainModule: join(dist, "duckdb-eh.wasm"), mainWorker: "" } },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate();
  const first = db.connect();
  // No extension can be downloaded here: autoloading one would hang.
  first.query("SET autoload_known_extensions = false");
  first.close();
  return { connect: () => db.connect() };
}
