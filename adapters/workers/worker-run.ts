/**
 * One run inside the Worker: a JobPlan for a table, over the warehouse bucket with the files
 * catalog, committed by `runJob`. Both the ingest route and the cron trigger go through here.
 */
import type { Contract } from "../../runtime/contract.ts";
import type { Source } from "../../runtime/source.ts";
import type { RunSummary } from "../../runtime/job/job-plan.ts";
import type { ObjectStore } from "../../runtime/object-store.ts";
import type { Logger } from "../../runtime/logger.ts";
import type { ParquetCompression } from "../../runtime/parquet/parquet-file-writer.ts";
import { runJob } from "../../runtime/job/run-job.ts";
import { initParquetWasm } from "../../runtime/parquet/parquet-wasm-init.ts";
import { systemClock } from "../../runtime/platform.ts";
import { filesCatalog } from "../catalogs/files-catalog.ts";
import { parquetModule } from "./parquet-module.ts";

export interface WorkerRun {
  jobName: string;
  tenant: string;
  stream: string;
  namespace: string[];
  table: string;
  contract: Contract;
  mode: "strict" | "warn";
  source: Source;
  incremental: boolean;
  partitioning?: string[];
  compression?: ParquetCompression;
}

/** Files roll at 64 MiB: a Worker has 128 MB of memory, and a file is buffered while written. */
const targetFileBytes = 64 * 1024 * 1024;

export function runInWorker(run: WorkerRun, store: ObjectStore, logger: Logger): Promise<RunSummary> {
  return runJob(
    {
      tenant: run.tenant,
      jobName: run.jobName,
      stream: run.stream,
      contract: run.contract,
      mode: run.mode,
      table: { namespace: run.namespace, name: run.table },
      partitioning: run.partitioning ?? [],
      targetFileBytes,
      compression: run.compression ?? "zstd",
      incremental: run.incremental,
    },
    {
      source: run.source,
      store,
      catalog: filesCatalog({ store }),
      parquet: initParquetWasm(parquetModule),
      clock: systemClock,
      crypto: globalThis.crypto,
      logger,
    },
  );
}
