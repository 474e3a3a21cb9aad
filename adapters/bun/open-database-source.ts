/**
 * PostgreSQL and MySQL/MariaDB sources from a resolved job: tables or a query from the merged
 * `source` block (config-format.md §3.2), the cursor column and lookback from the incremental
 * settings (§3.4), connection values from the job, its secrets and the environment (§9.5, §2).
 */
import type { ResolvedJob } from "../../runtime/config/load-job.ts";
import type { Source } from "../../runtime/source.ts";
import type { ConnectorSecrets } from "../../runtime/secrets/index.ts";
import type { SqlSourceOptions, SqlTableSpec } from "../sources/sql-source.ts";
import type { Kernels } from "../../wasm/index.ts";
import { cellKindsOf } from "../../runtime/normalize/column-cells.ts";

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : typeof v === "string" && v !== "" && !Number.isNaN(Number(v)) ? Number(v) : undefined);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** `kernels`, when given, read full loads (with the contract's types, see postgres-source.ts and mysql-source.ts). */
export async function openDatabaseSource(job: ResolvedJob, _env: Record<string, string | undefined>, secrets: ConnectorSecrets, kernels?: Kernels): Promise<Source | null> {
  const type = job.sourceRecipe.type;
  if (type !== "postgres" && type !== "mysql") return null;
  const s = job.source;
  const tables = (Array.isArray(s.tables) ? (s.tables as Record<string, unknown>[]) : []).map((t): SqlTableSpec => {
    // Only keys the job sets: an undefined per-table value must not hide the job-wide default.
    const spec: SqlTableSpec = { name: str(t.name) ?? "" };
    if (str(t.cursor_field)) spec.cursorField = str(t.cursor_field);
    if (Array.isArray(t.key)) spec.key = t.key.map(String);
    if (num(t.ranges) !== undefined) spec.ranges = num(t.ranges);
    if (str(t.range_column)) spec.rangeColumn = str(t.range_column);
    return spec;
  });
  const engine = obj(obj(s.engine).options);
  const native = obj(engine.native);
  const options: SqlSourceOptions = {
    tables,
    query: str(s.query) ? { name: str(s.object) ?? "query", sql: str(s.query)!, cursorField: job.incremental?.cursorField } : undefined,
    cursorField: job.incremental?.cursorField,
    lookbackDays: job.incremental?.lookbackDays,
    ranges: num(s.ranges) ?? num(native.ranges),
    batchSize: num(native.batch_size) ?? num(engine.batch_size),
  };
  const c = secrets.source.connection;
  const connection = {
    host: str(c.host),
    port: num(c.port),
    database: str(c.database),
    user: str(c.user),
    password: str(c.password),
    ssl: c.ssl as never,
  };
  // The contract's types, so that columns of the database's own kind reach normalize typed.
  const types = cellKindsOf(job.contract);
  // Drivers load only for the jobs that use them: a CSV run never pays for them.
  if (type === "postgres") {
    const [{ postgresSource }, { coalescingSocket }] = await Promise.all([import("../sources/postgres-source.ts"), import("./coalescing-socket.ts")]);
    return postgresSource({ ...options, sql: connection, kernels, types, connectSocket: coalescingSocket });
  }
  const { mysqlSource } = await import("../sources/mysql-source.ts");
  return mysqlSource({ ...options, connection, types, kernels });
}
