/**
 * One path of the pipeline benchmark, run in its own process so its peak RSS is its own:
 *   bun scripts/bench/pipeline-path.ts <dativo-wasm|dativo-ts|duckdb-native|duckdb-wasm> <csv> <workdir>
 * Prints one JSON line: { path, rows, seconds }.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const [path, csv, work] = process.argv.slice(2) as [string, string, string];
mkdirSync(work, { recursive: true });
const started = performance.now();
let rows = 0;

const checks = `SELECT count(*) FILTER (WHERE id IS NULL) AS null_ids,
  count(*) FILTER (WHERE amount < 0) AS negative_amounts,
  count(*) - count(DISTINCT id) AS duplicate_ids,
  count(*) AS row_count FROM t`;

if (path === "dativo-wasm" || path === "dativo-ts") {
  const { main } = await import("../../adapters/bun/cli.ts");
  process.env.DATIVO_KERNELS = path === "dativo-wasm" ? "wasm" : "ts";
  const job = writeJob(work, csv);
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
  const code = await main(["run", "--config", job, "--json", "--quiet"]);
  process.stdout.write = write;
  if (code !== 0) throw new Error(`dativo exited ${code}: ${out.join("")}`);
  rows = JSON.parse(out.join("").trim().split("\n").pop()!).rowsWritten;
} else if (path === "duckdb-native") {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const con = await (await DuckDBInstance.create(":memory:")).connect();
  await con.run(`CREATE TABLE t AS SELECT * FROM read_csv('${csv}', header = true)`);
  await con.runAndReadAll("SUMMARIZE t");
  const r = (await con.runAndReadAll(checks)).getRows()[0]!;
  rows = Number(r[3]);
  await con.run(`COPY t TO '${join(work, "out.parquet")}' (FORMAT parquet, COMPRESSION zstd)`);
} else if (path === "duckdb-wasm") {
  const duckdb = await import("@duckdb/duckdb-wasm/blocking");
  const pq = await import("parquet-wasm/esm");
  const require = createRequire(import.meta.url);
  // Query results are tables of DuckDB-WASM's own apache-arrow copy; serialize with that copy.
  const arrow = createRequire(require.resolve("@duckdb/duckdb-wasm"))("apache-arrow") as typeof import("apache-arrow");
  const dist = dirname(require.resolve("@duckdb/duckdb-wasm/dist/duckdb-eh.wasm"));
  pq.initSync({ module: readFileSync(require.resolve("parquet-wasm/esm/parquet_wasm_bg.wasm")) });
  const db = await duckdb.createDuckDB(
    { mvp: { mainModule: join(dist, "duckdb-mvp.wasm"), mainWorker: "" }, eh: { mainModule: join(dist, "duckdb-eh.wasm"), mainWorker: "" } },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate();
  const con = db.connect();
  // No extension can be downloaded here: autoloading would hang (environment.md).
  con.query("SET autoload_known_extensions = false");
  db.registerFileBuffer("in.csv", new Uint8Array(readFileSync(csv)));
  con.query("CREATE TABLE t AS SELECT * FROM read_csv('in.csv', header = true)");
  con.query("SUMMARIZE t");
  rows = Number(con.query(checks).toArray()[0]!.toJSON().row_count);
  const table = con.query("SELECT * FROM t");
  const props = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.ZSTD).build();
  writeFileSync(join(work, "out.parquet"), pq.writeParquet(pq.Table.fromIPCStream(arrow.tableToIPC(table as unknown as Parameters<typeof arrow.tableToIPC>[0], "stream")), props));
} else {
  throw new Error(`unknown path ${path}`);
}
console.log(JSON.stringify({ path, rows, seconds: (performance.now() - started) / 1000 }));

function writeJob(dir: string, csvPath: string): string {
  const root = join(import.meta.dir, "../..");
  writeFileSync(
    join(dir, "asset.yaml"),
    `apiVersion: v3.0.2
kind: DataContract
name: bench
version: "1.0"
domain: bench
source_type: csv
object: bench
schema:
  - {name: id, type: integer, required: true}
  - {name: name, type: string, required: true}
  - {name: email, type: string}
  - {name: amount, type: double, required: true}
  - {name: created_at, type: timestamp, required: true}
  - {name: country, type: string}
team: {owner: bench@example.com}
`,
  );
  const job = join(dir, "job.yaml");
  writeFileSync(
    job,
    `tenant_id: bench
source_connector_path: ${join(root, "connectors/csv.yaml")}
target_connector_path: ${join(root, "connectors/iceberg.yaml")}
asset_path: ${join(dir, "asset.yaml")}
source:
  files: [{path: ${csvPath}, object: bench}]
  engine: {options: {chunk_size: 65536}}
target:
  warehouse: ${join(dir, "warehouse")}
  catalog: files
  compression: zstd
  partitioning: []
schema_validation_mode: strict
`,
  );
  return job;
}
