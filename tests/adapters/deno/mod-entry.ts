/** Deno entry for mod.test.ts: uses only the public module, prints one JSON line of what it saw. */
import {
  createApp,
  createDenoPlatform,
  csvSource,
  filesCatalog,
  initParquetWasm,
  listDataFiles,
  memoryStore,
  runJob,
  silentLogger,
} from "../../../adapters/deno/mod.ts";

const platform = createDenoPlatform(silentLogger);
const store = memoryStore("deno");
const catalog = filesCatalog({ store });
const text = "id,name\n1,a\n2,b\n";
const summary = await runJob(
  {
    tenant: "t",
    jobName: "people",
    stream: "people",
    contract: {
      name: "people",
      version: "1",
      columns: [
        { name: "id", type: { kind: "long" }, required: true },
        { name: "name", type: { kind: "string" }, required: false },
      ],
      quality: [],
      tags: [],
      properties: {},
    },
    mode: "strict",
    table: { namespace: ["crm"], name: "people" },
    partitioning: [],
    targetFileBytes: 1 << 20,
    compression: "zstd",
    incremental: false,
  },
  {
    source: csvSource({
      files: [{ path: "people.csv", object: "people" }],
      open: async () => ({ stream: new Blob([text]).stream(), size: text.length, lastModified: new Date(0) }),
    }),
    store,
    catalog,
    parquet: initParquetWasm(await platform.loadWasm!("parquet-wasm")),
    clock: platform.clock,
    crypto: platform.crypto,
    logger: platform.logger,
  },
);
const app = createApp({ catalog, logger: silentLogger });
const res = await app.request("/v1/namespaces/crm/tables/people");
const loaded = (await res.json()) as { metadata: Parameters<typeof listDataFiles>[0] };
const files = await listDataFiles(loaded.metadata, store);
console.log(JSON.stringify({ status: summary.status, rows: summary.rowsWritten, http: res.status, files: files.length, records: files[0]?.["record-count"], cwd: platform.files!.resolve("x/../y") }));
