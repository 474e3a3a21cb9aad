/**
 * duckdbWasmQuality: a QualityEngine on DuckDB-WASM. It loads a run's batches into an in-memory
 * DuckDB table and evaluates every rule kind there, `sql` rules included; it is for runs that fit
 * in memory. Past `maxRows` it drops the table and falls back to the streaming tally it keeps
 * alongside (exact library metrics; `sql` rules reported as not evaluated).
 *
 * The host hands in `connect`: the blocking bundle outside the browser, the worker bundle in it
 * (both connections have the methods below; results are awaited either way). Each run loads into
 * its own uniquely named table and reaches it through connection-local TEMP views named after the
 * run's table and the contract's object, so that queries written as
 * `select count(*) from Air_Quality …` work as the ODCS examples write them.
 */
import * as arrow from "apache-arrow";
import type { Contract } from "../../runtime/contract.ts";
import { IngestError } from "../../runtime/errors.ts";
import { arrowTypeFor } from "../../runtime/normalize/arrow-schema.ts";
import { MetricTally } from "../../runtime/quality/metric-tally.ts";
import type { QualityEngine, QualityIssue, QualityRun } from "../../runtime/quality/quality-engine.ts";
import { judgeMetric, judgeSql } from "../../runtime/quality/quality-finding.ts";
import { planRules, type MetricPlan, type SqlPlan } from "../../runtime/quality/rule-plan.ts";
import { DEFAULT_MAX_DISTINCT, findings, metricFindings, metricPlans } from "../../runtime/quality/streaming-quality.ts";
import { ident, metricsQuery, sqlRuleQuery } from "./quality-sql.ts";

/** What a result looks like: an Arrow table of DuckDB-WASM's own apache-arrow copy. */
interface ResultTable {
  toArray(): { toJSON(): Record<string, unknown> }[];
}

/** The part of DuckDB-WASM's `DuckDBConnection` / `AsyncDuckDBConnection` this engine uses. */
export interface DuckDBConnectionLike {
  query(sql: string): ResultTable | Promise<ResultTable>;
  insertArrowFromIPCStream(buffer: Uint8Array, options: { name: string; create?: boolean }): void | Promise<void>;
  close(): void | Promise<void>;
}

export interface DuckDBWasmQualityOptions {
  /** A new connection to a DuckDB-WASM database, one per run. */
  connect: () => DuckDBConnectionLike | Promise<DuckDBConnectionLike>;
  /** Rows loaded at most; past this the run falls back to streaming results. Default 5 000 000. */
  maxRows?: number;
  /** Distinct values the streaming fallback keeps per duplicateValues rule. */
  maxDistinct?: number;
}

export const DEFAULT_MAX_ROWS = 5_000_000;

let runs = 0;

export function duckdbWasmQuality(options: DuckDBWasmQualityOptions): QualityEngine {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const maxDistinct = options.maxDistinct ?? DEFAULT_MAX_DISTINCT;
  return {
    async open(contract: Contract, { table }: { table: string }): Promise<QualityRun> {
      const conn = await options.connect();
      // No extension can be downloaded: autoloading one would hang (environment.md).
      await conn.query("SET autoload_known_extensions = false");
      const staging = `dativo_quality_${++runs}_${Math.random().toString(36).slice(2, 10)}`;
      const plans = planRules(contract);
      const metrics = metricPlans(plans);
      const tally = new MetricTally(metrics, maxDistinct);
      let created = false;
      let overflow = false;
      let closed = false;

      const load = async (batch: arrow.RecordBatch) => {
        try {
          await conn.insertArrowFromIPCStream(arrow.tableToIPC(new arrow.Table([batch]), "stream"), { name: staging, create: !created });
        } catch (e) {
          throw new IngestError("internal", `DuckDB-WASM could not load a batch of \`${table}\` for quality checks: ${(e as Error).message}`, { table }, { cause: e });
        }
        if (!created) {
          created = true;
          for (const name of viewNames(table, contract)) await conn.query(`CREATE OR REPLACE TEMP VIEW ${ident(name)} AS SELECT * FROM main.${ident(staging)}`);
        }
      };
      const drop = async () => {
        if (created) await conn.query(`DROP TABLE IF EXISTS main.${ident(staging)} CASCADE`);
        created = false;
      };

      return {
        async add(batch) {
          tally.add(batch);
          if (overflow) return;
          if (tally.rows > maxRows) {
            overflow = true;
            await drop();
            return;
          }
          if (batch.numRows > 0 || !created) await load(batch);
        },
        async finish(): Promise<QualityIssue[]> {
          if (overflow) {
            const reason = `the run has ${tally.rows} rows, more than the ${maxRows} (maxRows) the SQL engine loads; raise maxRows or check a smaller extract`;
            return findings(plans, metricFindings(tally), () => reason);
          }
          if (!created) await load(emptyBatch(contract));
          const from = ident(table);
          const measured = await measureAll(conn, metrics, from);
          const byPlan = new Map<MetricPlan, QualityIssue | undefined>(metrics.map((p, i) => [p, judgeMetric(p, { count: measured.counts[i]!, rows: measured.rows })]));
          return findings(plans, byPlan, (plan) => runSqlRule(conn, plan, from, table));
        },
        async close() {
          if (closed) return;
          closed = true;
          try {
            await drop();
          } finally {
            await conn.close();
          }
        },
      };
    },
  };
}

/** The run's table, and the contract's object and name when they differ (case-insensitively). */
function viewNames(table: string, contract: Contract): string[] {
  const names: string[] = [];
  for (const n of [table, contract.object, contract.name]) {
    if (n && !names.some((m) => m.toLowerCase() === n.toLowerCase())) names.push(n);
  }
  return names;
}

async function measureAll(conn: DuckDBConnectionLike, plans: MetricPlan[], from: string): Promise<{ rows: number; counts: number[] }> {
  const row = (await conn.query(metricsQuery(plans, from))).toArray()[0]!.toJSON();
  return { rows: Number(row.rows), counts: plans.map((_, i) => Number(row[`m${i}`])) };
}

async function runSqlRule(conn: DuckDBConnectionLike, plan: SqlPlan, from: string, table: string): Promise<QualityIssue | undefined | string> {
  let rows: { toJSON(): Record<string, unknown> }[];
  try {
    rows = (await conn.query(sqlRuleQuery(plan, from))).toArray();
  } catch (e) {
    const first = String((e as Error).message ?? e).split("\n")[0];
    return `its query failed in DuckDB (${first}); fix the query — it runs against table \`${table}\`, reachable as {object}`;
  }
  const value = rows.length === 0 ? undefined : Object.values(rows[0]!.toJSON())[0];
  if (value === undefined || value === null) return "its query returned no value; make it return one number or boolean, such as `select count(*) from {object} where …`";
  return judgeSql(plan, Number(value));
}

/** A batch of no rows with the contract's columns, so that an empty run still has a table. */
function emptyBatch(contract: Contract): arrow.RecordBatch {
  const fields = contract.columns.map((c) => new arrow.Field(c.name, arrowTypeFor(c.type), true));
  const children = fields.map((f) => arrow.vectorFromArray([], f.type).data[0]!);
  const data = arrow.makeData({ type: new arrow.Struct(fields), length: 0, nullCount: 0, children });
  return new arrow.RecordBatch(new arrow.Schema(fields), data);
}
