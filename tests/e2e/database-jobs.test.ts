/**
 * Database jobs as a user runs them: `dativo run` on DBT-3 tables in PostgreSQL and MariaDB. Row
 * counts and per-column checksums computed by the database itself must equal those DuckDB
 * computes over our Parquet files. Then an incremental job: rows inserted and updated between
 * runs arrive exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import postgres from "postgres";
import mysql from "mysql2/promise";
import { cliPath, runCli } from "../helpers/cli.ts";
import { createWorkspace, type Workspace } from "../helpers/workspace.ts";
import { tableDataFiles } from "../helpers/table-state.ts";

const pgUrl = process.env.DATIVO_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";
const myUrl = process.env.DATIVO_TEST_MYSQL_URL ?? "mysql://dativo:dativo@127.0.0.1:53306/dativo";
const pg = postgres(pgUrl, { max: 2, onnotice: () => {} });
let my: mysql.Connection;
let duck: DuckDBConnection;
let ws: Workspace;

interface Col {
  name: string;
  kind: "number" | "text" | "date";
}

beforeAll(async () => {
  try {
    await pg`select 1`;
    my = await mysql.createConnection(myUrl);
  } catch (e) {
    throw new Error(`PostgreSQL or MariaDB is not answering (${(e as Error).message}); run scripts/services/start.sh and scripts/fixtures/load-sample-databases.ts`);
  }
  duck = await (await DuckDBInstance.create(":memory:")).connect();
  ws = createWorkspace("dativo-db-");
});

afterAll(async () => {
  await pg.end();
  await my?.end();
});

const pgConn = () => {
  const u = new URL(pgUrl);
  return `{host: ${u.hostname}, port: ${u.port}, database: ${u.pathname.slice(1)}, user: ${u.username}}`;
};
const myConn = () => {
  const u = new URL(myUrl);
  return `{host: ${u.hostname}, port: ${u.port}, database: ${u.pathname.slice(1)}, user: ${u.username}, password: ${u.password}}`;
};

function writeJob(name: string, db: "postgres" | "mysql", table: string, columns: { name: string; type: string; required: boolean }[], extra = "") {
  ws.write(
    `assets/${name}.yaml`,
    `apiVersion: v3.0.2\nkind: DataContract\nname: ${name}\nversion: "1.0"\ndomain: dbt3\nsource_type: ${db}\nobject: ${name}\nschema:\n${columns
      .map((c) => `  - {name: ${c.name}, type: "${c.type}", required: ${c.required}}`)
      .join("\n")}\nteam: {owner: e2e@example.com}\n`,
  );
  return ws.write(
    `jobs/${name}.yaml`,
    `tenant_id: e2e\nsource_connector_path: connectors/${db}.yaml\ntarget_connector_path: connectors/iceberg.yaml\nasset_path: assets/${name}.yaml\nsource:\n  tables: [{name: ${table}}]\n  connection: ${db === "postgres" ? pgConn() : myConn()}\n${extra}target:\n  warehouse: ./warehouse\n  catalog: files\n  compression: zstd\nschema_validation_mode: strict\n`,
  );
}

async function columnsOf(db: "postgres" | "mysql", schema: string, table: string): Promise<{ name: string; type: string; required: boolean; kind: Col["kind"] }[]> {
  const rows: { name: string; dtype: string; nullable: string }[] =
    db === "postgres"
      ? await pg`select column_name as name, data_type as dtype, is_nullable as nullable from information_schema.columns where table_schema = ${schema} and table_name = ${table} order by ordinal_position`
      : ((await my.query("select column_name as name, data_type as dtype, is_nullable as nullable from information_schema.columns where table_schema = ? and table_name = ? order by ordinal_position", [schema, table]))[0] as never);
  return rows.map((r) => {
    const t = r.dtype.toLowerCase();
    const kind: Col["kind"] = /int|double|float|real|numeric|decimal/.test(t) ? "number" : t === "date" ? "date" : "text";
    const type = /bigint/.test(t) ? "long" : /int/.test(t) ? "int" : /double|float|real/.test(t) ? "double" : t === "date" ? "date" : "string";
    return { name: r.name, type, required: r.nullable === "NO", kind };
  });
}

/** count, and per column: non-nulls plus a sum (numbers), total trimmed length (text) or distinct count (dates). */
function checksumSql(columns: { name: string; kind: Col["kind"] }[], from: string, quote: (s: string) => string): string {
  const parts = ["count(*) as c0"];
  for (const c of columns) {
    const q = quote(c.name);
    parts.push(`count(${q}) as c${parts.length}`);
    if (c.kind === "number") parts.push(`round(cast(sum(${q}) as decimal(38, 4)), 2) as c${parts.length}`);
    else if (c.kind === "text") parts.push(`sum(length(rtrim(${q}))) as c${parts.length}`);
    else parts.push(`count(distinct ${q}) as c${parts.length}`);
  }
  return `select ${parts.join(", ")} from ${from}`;
}

const norm = (row: unknown[]) => row.map((v) => (v === null ? null : Number(v)));

for (const db of ["postgres", "mysql"] as const) {
  describe(`DBT-3 from ${db === "postgres" ? "PostgreSQL" : "MariaDB"}`, () => {
    for (const table of ["lineitem", "orders", "customer", "nation"]) {
      it(`loads dbt3.${table} with the database's own row count and column checksums`, async () => {
        const cols = await columnsOf(db, "dbt3", table);
        expect(cols.length).toBeGreaterThan(0);
        const name = `${db}_${table}`;
        const r = await runCli(["run", "--config", writeJob(name, db, `dbt3.${table}`, cols), "--json"], { cwd: ws.dir });
        expect(r.code === 0 ? "" : r.stderr).toBe("");
        const files = await tableDataFiles(ws.path("warehouse"), "dbt3", name);
        const list = files.map((f) => `'${f}'`).join(",");
        const ours = (await duck.runAndReadAll(checksumSql(cols, `read_parquet([${list}], hive_partitioning = false)`, (s) => `"${s}"`))).getRows()[0]!;
        const sql = checksumSql(cols, db === "postgres" ? `dbt3.${table}` : `dbt3.\`${table}\``, (s) => (db === "postgres" ? `"${s}"` : `\`${s}\``));
        const theirs = db === "postgres" ? Object.values((await pg.unsafe(sql))[0]!) : Object.values(((await my.query(sql))[0] as Record<string, unknown>[])[0]!);
        expect(norm(ours)).toEqual(norm(theirs));
      }, 120_000);
    }
  });
}

describe("an incremental PostgreSQL job", () => {
  it("picks up inserted and updated rows exactly once on the next run", async () => {
    await pg.unsafe("drop table if exists public.e2e_events; create table public.e2e_events (id int primary key, note text, updated_at timestamptz not null)");
    await pg.unsafe("insert into public.e2e_events select g, 'v1', timestamptz '2024-01-01' + g * interval '1 minute' from generate_series(1, 500) g");
    const cols = [
      { name: "id", type: "int", required: true },
      { name: "note", type: "string", required: false },
      { name: "updated_at", type: "timestamptz", required: true },
    ];
    const job = writeJob("events", "postgres", "public.e2e_events", cols, "  incremental: {strategy: updated_at, cursor_field: updated_at, lookback_days: 0}\n");
    const first = await runCli(["run", "--config", job, "--json"], { cwd: ws.dir });
    expect(first.code === 0 ? "" : first.stderr).toBe("");
    expect(JSON.parse(first.stdout.trim().split("\n").pop()!).rowsWritten).toBe(500);
    await pg.unsafe("insert into public.e2e_events select g, 'v1', now() from generate_series(501, 520) g");
    await pg.unsafe("update public.e2e_events set note = 'v2', updated_at = now() + interval '1 second' where id <= 5");
    const second = await runCli(["run", "--config", job, "--json"], { cwd: ws.dir });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout.trim().split("\n").pop()!).rowsWritten).toBe(25);
    const third = await runCli(["run", "--config", job, "--json"], { cwd: ws.dir });
    expect(JSON.parse(third.stdout.trim().split("\n").pop()!).status).toBe("nothing-new");
    const files = await tableDataFiles(ws.path("warehouse"), "dbt3", "events");
    const rows = (await duck.runAndReadAll(`select count(*)::int, count(distinct id)::int, count(*) filter (where note = 'v2')::int from read_parquet([${files.map((f) => `'${f}'`).join(",")}])`)).getRows()[0];
    // 520 distinct rows; the 5 updated ones appear once as v1 and once as v2 (an append-only table).
    expect(rows).toEqual([525, 520, 5]);
  }, 120_000);
});

describe("dativo check on a database job", () => {
  it("reports how the table's columns differ from the contract", async () => {
    const cols = [
      { name: "n_nationkey", type: "int", required: true },
      { name: "n_name", type: "long", required: false },
      { name: "n_population", type: "long", required: false },
    ];
    const job = writeJob("check_nation", "postgres", "dbt3.nation", cols);
    const r = await runCli(["check", "--config", job, "--json"], { cwd: ws.dir });
    expect(r.code).toBe(0);
    const differences: string[] = JSON.parse(r.stdout).source.differences;
    expect(differences.some((d) => d.includes("missing in source: `n_population`"))).toBe(true);
    expect(differences.some((d) => d.includes("`n_name`") && d.includes("long in the contract"))).toBe(true);
    expect(differences.some((d) => d.includes("not in contract: `n_regionkey`"))).toBe(true);
  }, 60_000);
});

describe("an incremental job killed mid-way", () => {
  it("leaves no gap and no duplicate after a rerun", async () => {
    await pg.unsafe("drop table if exists public.e2e_big; create table public.e2e_big (id int primary key, payload text, updated_at timestamptz not null)");
    await pg.unsafe("insert into public.e2e_big select g, repeat('x', 40), timestamptz '2024-01-01' + g * interval '1 second' from generate_series(1, 200000) g");
    const cols = [
      { name: "id", type: "int", required: true },
      { name: "payload", type: "string", required: false },
      { name: "updated_at", type: "timestamptz", required: true },
    ];
    const job = writeJob("big", "postgres", "public.e2e_big", cols, "  incremental: {strategy: updated_at, cursor_field: updated_at, lookback_days: 0}\n");
    let killed = 0;
    for (const ms of [300, 700, 1100]) {
      const proc = Bun.spawn([process.execPath, cliPath, "run", "--config", job, "--quiet"], { cwd: ws.dir, stdout: "ignore", stderr: "ignore" });
      const timer = setTimeout(() => proc.kill("SIGKILL"), ms);
      await proc.exited;
      clearTimeout(timer);
      if (proc.signalCode) killed++;
      await pg.unsafe(`insert into public.e2e_big select g, 'late', now() from generate_series(${200001 + killed * 10}, ${200010 + killed * 10}) g on conflict do nothing`);
    }
    expect(killed).toBeGreaterThan(0);
    const rerun = await runCli(["run", "--config", job, "--json"], { cwd: ws.dir });
    expect(rerun.code).toBe(0);
    const files = await tableDataFiles(ws.path("warehouse"), "dbt3", "big");
    const [[count, distinct]] = (await duck.runAndReadAll(`select count(*)::int, count(distinct id)::int from read_parquet([${files.map((f) => `'${f}'`).join(",")}])`)).getRows() as number[][];
    const [{ n }] = await pg`select count(*)::int as n from public.e2e_big`;
    expect(count).toBe(n);
    expect(distinct).toBe(n);
  }, 120_000);
});
