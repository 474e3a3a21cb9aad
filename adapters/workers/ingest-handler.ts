/**
 * `POST /ingest/<namespace>/<table>`: the request body is a CSV file; it is checked against the
 * table's contract and appended to the Iceberg table in R2 in one commit. Strict mode (default)
 * commits nothing when any row breaks the contract; `x-dativo-mode: warn` loads the valid rows.
 * The body streams through: it is never held whole in memory.
 */
import { IngestError, isIngestError } from "../../runtime/errors.ts";
import type { Logger } from "../../runtime/logger.ts";
import { csvSource } from "../sources/csv-source.ts";
import { contractFor } from "./asset-contract.ts";
import { type WorkerEnv, warehouseStore } from "./worker-env.ts";
import { runInWorker } from "./worker-run.ts";

const statusOf: Record<string, number> = { "config.invalid": 400, "contract.violation": 422, "catalog.commit_conflict": 409, "source.not_found": 400, "source.malformed": 400 };

export async function ingest(request: Request, env: WorkerEnv, path: string, logger: Logger): Promise<Response> {
  try {
    if (request.method !== "POST") throw new IngestError("config.invalid", `${request.method} ${path} is not supported; POST a CSV body to /ingest/<namespace>/<table>`);
    if (env.INGEST_TOKEN && request.headers.get("authorization") !== `Bearer ${env.INGEST_TOKEN}`) {
      return Response.json({ status: "failed", code: "unauthorized", message: "ingest needs `Authorization: Bearer <INGEST_TOKEN>`; send the Worker's ingest token" }, { status: 401 });
    }
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    if (parts.length !== 2 || !request.body) {
      throw new IngestError("config.invalid", `ingest path ${path} must be /ingest/<namespace>/<table> with a CSV body (namespace levels separated by dots)`);
    }
    const namespace = parts[0]!.split(".");
    const table = parts[1]!;
    const modeHeader = request.headers.get("x-dativo-mode") ?? "strict";
    if (modeHeader !== "strict" && modeHeader !== "warn") throw new IngestError("config.invalid", `x-dativo-mode \`${modeHeader}\` is not a mode; use strict or warn`);
    const store = warehouseStore(env);
    const contract = await contractFor(request.headers, store, namespace, table);
    const body = request.body;
    const size = Number(request.headers.get("content-length") ?? 0);
    const stream = contract.name;
    const source = csvSource({ files: [{ path: "request body", object: stream }], open: async () => ({ stream: body, size, lastModified: new Date() }) });
    const summary = await runInWorker(
      { jobName: `ingest ${namespace.join(".")}.${table}`, tenant: "default", stream, namespace, table, contract, mode: modeHeader, source, incremental: false },
      store,
      logger,
    );
    return Response.json(summary, { status: summary.status === "partial" ? 207 : 200 });
  } catch (e) {
    const error = isIngestError(e) ? e : new IngestError("internal", `ingest ${path} failed: ${(e as Error)?.message ?? e}`, {}, { cause: e });
    if (!isIngestError(e)) logger.error(error.message, { event: "ingest.error", stack: (e as Error)?.stack });
    const issues = ((e as { issues?: unknown[] }).issues ?? []).slice(0, 100);
    // The core's fix names the job file's setting; on this route the mode is a header.
    const hint = error.code === "contract.violation" ? "send `x-dativo-mode: warn` to load the valid rows and report the rest" : undefined;
    return Response.json({ status: "failed", code: error.code, message: error.message, hint, issues }, { status: statusOf[error.code] ?? 500 });
  }
}
