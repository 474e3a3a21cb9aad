/**
 * Dativo as a Deno module (`deno.json` exports): the public API and the Deno platform.
 *
 *   import { createDenoPlatform, denoFsStore, filesCatalog, csvSource, runJob, initParquetWasm } from "dativo";
 *   const platform = createDenoPlatform();
 *   const store = denoFsStore("./warehouse");
 *   const parquet = initParquetWasm(await platform.loadWasm!("parquet-wasm"));
 */
import type { ObjectStore } from "../../runtime/object-store.ts";
import { fsStore } from "../stores/fs-store.ts";
import { nodeFsApi } from "../bun/node-fs-api.ts";

export { createDenoPlatform, denoFiles, denoLogger, loadWasm } from "./deno-platform.ts";

export { loadJob, type LoadJobOptions, type ResolvedJob } from "../../runtime/config/load-job.ts";
export { runJob, describeIssue, type RunDeps } from "../../runtime/job/run-job.ts";
export type { JobPlan, RunEvent, RunSummary } from "../../runtime/job/job-plan.ts";
export { initParquetWasm } from "../../runtime/parquet/parquet-wasm-init.ts";
export { listDataFiles } from "../../runtime/iceberg/table-scan.ts";
export { IngestError, isIngestError, ExitCode } from "../../runtime/errors.ts";
export { silentLogger, type Logger } from "../../runtime/logger.ts";
export { createJsonLogger } from "../../runtime/log/json-logger.ts";
export { keyOf, uriOf, type ObjectStore } from "../../runtime/object-store.ts";
export type { Catalog, TableIdentifier } from "../../runtime/catalog.ts";
export type { Contract } from "../../runtime/contract.ts";
export type { Platform } from "../../runtime/platform.ts";

export { csvSource, type CsvSourceConfig } from "../sources/csv-source.ts";
export { memoryStore } from "../stores/memory-store.ts";
export { fsStore } from "../stores/fs-store.ts";
export { s3Store } from "../stores/s3-store.ts";
export { r2Store } from "../stores/r2-store.ts";
export { memoryCatalog } from "../catalogs/memory-catalog.ts";
export { filesCatalog } from "../catalogs/files-catalog.ts";
export { restCatalog } from "../catalogs/rest-catalog.ts";
export { createApp, type AppDeps } from "../../server/create-app.ts";

/** A warehouse in a local folder, through `node:fs`, which Deno provides. */
export function denoFsStore(dir: string): ObjectStore {
  return fsStore(dir, nodeFsApi());
}
