/**
 * The Cloudflare Worker root. Over one R2 bucket (`WAREHOUSE`) it
 * - serves the Iceberg REST catalog (the files catalog in the bucket) under `/v1/*`, and under
 *   `/iceberg/v1/*` for a Worker that shares its host with other routes;
 * - ingests: `POST /ingest/<namespace>/<table>` with a CSV body (see ingest-handler.ts);
 * - runs the `JOBS` on its cron trigger (see scheduled-jobs.ts).
 * Bindings and variables are listed in worker-env.ts; in wrangler's terms:
 *
 *   main = "adapters/workers/worker.ts"
 *   r2_buckets = [{ binding = "WAREHOUSE", bucket_name = "lake" }]
 *   vars = { WAREHOUSE_BUCKET_NAME = "lake" }      # TENANTS, INGEST_TOKEN as secrets
 *   triggers = { crons = ["0 * * * *"] }
 */
import { createApp, type App } from "../../server/create-app.ts";
import { IngestError } from "../../runtime/errors.ts";
import { tenantsFromObject } from "../../server/auth/tenants.ts";
import { filesCatalog } from "../catalogs/files-catalog.ts";
import { ingest } from "./ingest-handler.ts";
import { parseJobs, runScheduledJob } from "./scheduled-jobs.ts";
import { type WorkerEnv, warehouseStore } from "./worker-env.ts";
import { workerLogger } from "./worker-logger.ts";

const logger = workerLogger();
// One app per bucket binding: bindings are stable within an isolate.
const apps = new WeakMap<object, App>();

function catalogApp(env: WorkerEnv): App {
  let app = apps.get(env.WAREHOUSE);
  if (!app) {
    const store = warehouseStore(env);
    const tenants = env.TENANTS ? tenantsFromObject(parseJson(env.TENANTS, "TENANTS"), "the TENANTS variable") : undefined;
    app = createApp({ catalog: filesCatalog({ store }), warehouse: { name: env.WAREHOUSE_NAME, location: store.root }, tenants, logger });
    apps.set(env.WAREHOUSE, app);
  }
  return app;
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new IngestError("config.invalid", `${name} is not JSON (${(e as Error).message}); fix the Worker variable ${name}`);
  }
}

/** A misconfigured binding answers every catalog request with the reason, not a bare 500. */
function misconfigured(e: unknown): Response {
  logger.error("worker misconfigured", { event: "worker.config", error: (e as Error)?.message ?? String(e) });
  return Response.json({ error: { code: 500, type: "ServiceFailureException", message: (e as Error)?.message ?? String(e) } }, { status: 500 });
}

export default {
  async fetch(request: Request, env: WorkerEnv): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    if (path.startsWith("/ingest/")) return ingest(request, env, path.slice("/ingest".length), logger);
    if (path.startsWith("/iceberg/") || path.startsWith("/v1/") || path === "/metrics") {
      let app: App;
      try {
        app = catalogApp(env);
      } catch (e) {
        return misconfigured(e);
      }
      if (!path.startsWith("/iceberg/")) return app.fetch(request);
      url.pathname = path.slice("/iceberg".length);
      return app.fetch(new Request(url, request));
    }
    return Response.json(
      { message: `no route for ${request.method} ${path}; use POST /ingest/<namespace>/<table>, or the Iceberg REST catalog at /v1 or /iceberg/v1` },
      { status: 404 },
    );
  },

  /** Jobs run one after another; the runtime keeps the invocation alive until this resolves. */
  async scheduled(_event: { cron: string }, env: WorkerEnv): Promise<void> {
    let failed = 0;
    for (const job of parseJobs(env.JOBS)) {
      try {
        const s = await runScheduledJob(job, env, logger);
        logger.info("scheduled job finished", { event: "scheduled.finished", job: job.name, status: s.status, rows: s.rowsWritten });
      } catch (e) {
        // One job's failure must not keep the others from running.
        failed++;
        logger.error("scheduled job failed", { event: "scheduled.failed", job: job.name, error: (e as Error)?.message ?? String(e) });
      }
    }
    if (failed > 0) throw new Error(`${failed} scheduled job(s) failed; see the log lines with event scheduled.failed`);
  },
};
