/**
 * The cron trigger's jobs: each loads every `.csv` object under a prefix of the warehouse bucket
 * into a table. The file cursor (modification time and size, config-format.md §3.4) is committed
 * with the data, so a file is loaded once, and again only when it is replaced.
 *
 *   JOBS = '[{"name": "orders", "csv": "incoming/orders/", "table": "shop.orders", "mode": "warn"}]'
 *
 * The contract is the stored asset of the table (`_assets/<namespace>/<table>.json`), or `asset`,
 * a key in the bucket.
 */
import { z } from "zod";
import { IngestError } from "../../runtime/errors.ts";
import type { Logger } from "../../runtime/logger.ts";
import type { RunSummary } from "../../runtime/job/job-plan.ts";
import type { ObjectStore } from "../../runtime/object-store.ts";
import { csvSource } from "../sources/csv-source.ts";
import { contractFor, contractFromText } from "./asset-contract.ts";
import { type WorkerEnv, warehouseStore } from "./worker-env.ts";
import { runInWorker } from "./worker-run.ts";

const jobSchema = z.object({
  name: z.string().min(1),
  csv: z.string().min(1),
  table: z.string().regex(/^[^.]+(\.[^.]+)+$/, "namespace.table"),
  asset: z.string().optional(),
  mode: z.enum(["strict", "warn"]).default("strict"),
  tenant: z.string().default("default"),
  partitioning: z.array(z.string()).default([]),
});
export type ScheduledJob = z.infer<typeof jobSchema>;

export function parseJobs(text: string | undefined): ScheduledJob[] {
  if (!text) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new IngestError("config.invalid", `JOBS is not JSON (${(e as Error).message}); set it to a JSON list of {name, csv, table}`);
  }
  const parsed = z.array(jobSchema).safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `JOBS${i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}: ${i.message}`);
    throw new IngestError("config.invalid", `${lines.join("\n")}\nfix the JOBS variable of the Worker`);
  }
  return parsed.data;
}

async function csvKeys(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of store.list(prefix)) if (o.key.toLowerCase().endsWith(".csv")) keys.push(o.key);
  return keys;
}

export async function runScheduledJob(job: ScheduledJob, env: WorkerEnv, logger: Logger): Promise<RunSummary> {
  const store = warehouseStore(env);
  const parts = job.table.split(".");
  const table = parts.pop()!;
  const namespace = parts;
  const contract = job.asset
    ? contractFromText(new TextDecoder().decode((await store.get(job.asset)) ?? failMissing(store, job.asset)), `${store.root}/${job.asset}`)
    : await contractFor(new Headers(), store, namespace, table);
  const files = (await csvKeys(store, job.csv)).map((key) => ({ path: key, object: job.name }));
  const source = csvSource({
    files,
    async open(key) {
      const [info, stream] = await Promise.all([store.head(key), store.getStream(key)]);
      return info && stream ? { stream, size: info.size, lastModified: info.lastModified } : null;
    },
  });
  return runInWorker(
    { jobName: job.name, tenant: job.tenant, stream: job.name, namespace, table, contract, mode: job.mode, source, incremental: true, partitioning: job.partitioning },
    store,
    logger,
  );
}

function failMissing(store: ObjectStore, key: string): never {
  throw new IngestError("config.not_found", `asset ${store.root}/${key} does not exist; upload the asset there or fix \`asset\` in JOBS`);
}
