/**
 * Turns a resolved job into the parts `runJob` takes: the Source for the recipe's type, the
 * warehouse ObjectStore, the Catalog, and the JobPlan. Only platform roots compose; everything
 * composed here is a portable implementation handed its host functions.
 */
import { createReadStream, statSync } from "node:fs";
import { Readable } from "node:stream";
import { resolve } from "node:path";
import type { ResolvedJob } from "../../runtime/config/load-job.ts";
import type { Catalog } from "../../runtime/catalog.ts";
import type { ObjectStore } from "../../runtime/object-store.ts";
import type { Source } from "../../runtime/source.ts";
import type { JobPlan } from "../../runtime/job/job-plan.ts";
import { IngestError } from "../../runtime/errors.ts";
import { storageSettings } from "../../runtime/config/target-settings.ts";
import type { ConnectorSecrets } from "../../runtime/secrets/index.ts";
import { csvSource } from "../sources/csv-source.ts";
import type { Kernels } from "../../wasm/index.ts";
import { cellKindsOf } from "../../runtime/normalize/column-cells.ts";
import { openWarehouse } from "./open-warehouse.ts";
import { openCatalog } from "./open-catalog.ts";
import { openDatabaseSource } from "./open-database-source.ts";

export interface ComposedJob {
  plan: JobPlan;
  source: Source;
  store: ObjectStore;
  catalog: Catalog | null;
  close(): Promise<void>;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** `kernels`, when given, tokenize and parse CSV files and PostgreSQL full loads (the run itself gets them from the caller). */
export async function composeJob(job: ResolvedJob, env: Record<string, string | undefined>, secrets: ConnectorSecrets, kernels?: Kernels): Promise<ComposedJob> {
  const type = job.sourceRecipe.type;
  const source = type === "csv" ? csvFromJob(job, env, secrets, kernels) : await openDatabaseSource(job, env, secrets, kernels);
  if (!source) {
    throw new IngestError(
      "config.invalid",
      `${job.path}: source type \`${type}\` (recipe ${job.sourceRecipe.path}) has no built-in reader in this version; use csv, postgres or mysql`,
    );
  }
  const store = await openWarehouse({ warehouse: job.targetSettings.warehouse, storage: secrets.target.storage }, env);
  const catalog = await openCatalog(job.targetSettings, store, env);
  const contract = job.contract;
  const stream = streamOf(job);
  const plan: JobPlan = {
    tenant: job.tenant,
    jobName: str(job.job.asset) ?? contract.name,
    stream,
    contract,
    mode: job.validationMode,
    // The original names tables `<domain>.<asset name>` (config-format.md §11.7).
    table: { namespace: [contract.domain ?? "default"], name: contract.name },
    tableLocation: catalog ? undefined : defaultLocation(store, job),
    partitioning: job.targetSettings.partitioning,
    targetFileBytes: job.targetSettings.maxFileSizeBytes,
    compression: job.targetSettings.compression,
    incremental: job.incremental !== undefined,
    batchSize: batchSizeOf(job),
  };
  return {
    plan,
    source,
    store,
    catalog,
    async close() {
      await source.close?.();
      await (catalog as { close?: () => Promise<void> } | null)?.close?.();
    },
  };
}

/** `s3://<bucket>/<domain>/<dataProduct>/<table_dir>` of config-format.md §11.6, in the warehouse. */
function defaultLocation(store: ObjectStore, job: ResolvedJob): string {
  const c = job.contract;
  const dir = c.name.toLowerCase().replace(/[- ]/g, "_");
  return [store.root, c.domain ?? "default", c.dataProduct ?? "default", dir].join("/");
}

function streamOf(job: ResolvedJob): string {
  const s = job.source;
  const files = Array.isArray(s.files) ? (s.files as Record<string, unknown>[]) : [];
  const tables = Array.isArray(s.tables) ? (s.tables as Record<string, unknown>[]) : [];
  if (job.sourceRecipe.type === "csv") return str(files[0]?.object) ?? "default";
  if (tables[0]) return str(tables[0].name) ?? "default";
  if (str(s.query)) return str(s.object) ?? "query";
  return "default";
}

function batchSizeOf(job: ResolvedJob): number | undefined {
  const options = obj(obj(job.source.engine).options);
  const native = obj(options.native);
  const n = options.chunk_size ?? native.chunk_size ?? options.batch_size ?? native.batch_size;
  return typeof n === "number" && n > 0 ? n : undefined;
}

function csvFromJob(job: ResolvedJob, env: Record<string, string | undefined>, secrets: ConnectorSecrets, kernels?: Kernels): Source {
  const s = job.source;
  const listed = Array.isArray(s.files) ? (s.files as Record<string, unknown>[]) : [];
  // One job is one stream: the first file's `object` names it (config-format.md §10), and every
  // listed file belongs to it.
  const object = str(listed[0]?.object) ?? "default";
  const files = listed.map((f) => ({ path: str(f.path) ?? str(f.file) ?? "", id: str(f.id), object }));
  const remote = new Map<string, Promise<ObjectStore>>();
  const storeFor = (bucket: string) => {
    let found = remote.get(bucket);
    if (!found) {
      // Files on S3 use the source's connection settings, else the target's, else the environment.
      const fromSource = storageSettings(obj(secrets.source.connection), {});
      const storage = { ...secrets.target.storage, ...fromSource };
      found = openWarehouse({ warehouse: `s3://${bucket}`, storage }, env);
      remote.set(bucket, found);
    }
    return found;
  };
  const options = obj(obj(s.engine).options);
  const native = obj(options.native);
  const pick = (k: string) => options[k] ?? native[k];
  const nullValues = pick("null_values");
  return csvSource({
    files,
    kernels,
    types: cellKindsOf(job.contract),
    options: {
      delimiter: str(pick("delimiter")),
      quote: str(pick("quote_char")),
      header: typeof pick("header") === "boolean" ? (pick("header") as boolean) : undefined,
      nullValues: Array.isArray(nullValues) ? nullValues.map(String) : undefined,
      encoding: str(pick("encoding")),
    },
    async open(path) {
      const s3 = /^s3[an]?:\/\/([^/]+)\/(.+)$/.exec(path);
      if (s3) {
        const store = await storeFor(s3[1]!);
        const info = await store.head(s3[2]!);
        const stream = info ? await store.getStream(s3[2]!) : null;
        return info && stream ? { stream, size: info.size, lastModified: info.lastModified } : null;
      }
      const full = resolve(path);
      let stat;
      try {
        stat = statSync(full);
      } catch {
        return null;
      }
      const stream = Readable.toWeb(createReadStream(full, { highWaterMark: 1 << 20 })) as unknown as ReadableStream<Uint8Array>;
      return { stream, size: stat.size, lastModified: stat.mtime };
    },
  });
}
