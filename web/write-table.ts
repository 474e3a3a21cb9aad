/**
 * Writes a profiled file to an Iceberg table in the browser: the same `runJob` as every other
 * platform, over an OPFS warehouse with the files catalog. The file is read a second time from
 * the `File`, so profiling never has to keep the rows.
 */
import type { Contract } from "../runtime/contract.ts";
import type { Platform } from "../runtime/platform.ts";
import type { RunEvent, RunSummary } from "../runtime/job/job-plan.ts";
import type { ObjectStore } from "../runtime/object-store.ts";
import { runJob } from "../runtime/job/run-job.ts";
import { initParquetWasm } from "../runtime/parquet/parquet-wasm-init.ts";
import { filesCatalog } from "../adapters/catalogs/files-catalog.ts";
import { fileSource } from "./file-source.ts";

export async function writeTable(o: {
  file: File;
  contract: Contract;
  namespace: string[];
  table: string;
  mode: "strict" | "warn";
  store: ObjectStore;
  platform: Platform;
  onEvent?: (e: RunEvent) => void;
}): Promise<RunSummary> {
  const stream = o.contract.name;
  return runJob(
    {
      tenant: "browser",
      jobName: `${o.file.name} → ${[...o.namespace, o.table].join(".")}`,
      stream,
      contract: o.contract,
      mode: o.mode,
      table: { namespace: o.namespace, name: o.table },
      partitioning: [],
      targetFileBytes: 64 * 1024 * 1024,
      compression: "zstd",
      incremental: false,
    },
    {
      source: fileSource(o.file, stream),
      store: o.store,
      catalog: filesCatalog({ store: o.store }),
      parquet: initParquetWasm(await o.platform.loadWasm!("parquet-wasm")),
      clock: o.platform.clock,
      crypto: o.platform.crypto,
      logger: o.platform.logger,
      onEvent: o.onEvent,
    },
  );
}
