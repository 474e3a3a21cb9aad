/**
 * Database source benchmark: rows/s and MB/s of PostgreSQL and MariaDB → our source (→ the job
 * pipeline writing Parquet), against the raw speed of the same server in the same run, and peak
 * RSS on a generated lineitem-shaped table against one 4× smaller. Every measurement runs in its
 * own process so that its peak RSS is its own.
 *
 * The raw speed is read two ways, into nothing: by the database's own client (`psql` running
 * `COPY (SELECT …) TO STDOUT`, `mariadb --quick`) and by the JS driver (the same COPY on the
 * socket our source uses; a streaming SELECT through mysql2 whose row packets are only counted,
 * through the tap our source reads them with). Each round's ratio is to the faster
 * of the two in that round.
 *
 *   scripts/services/postgres.sh start && scripts/services/mariadb.sh start
 *   npx bun scripts/bench/database.ts [--rows 5000000] [--repeat 3] [--only pg|mysql] [--no-pipeline]
 *
 * MB are the bytes of the table in PostgreSQL's COPY text form (the same generated rows in both
 * databases), so MB/s compare across databases and modes. `cpu` is the process's CPU time over all
 * its threads: on a shared machine it moves less than wall time does.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mysql from "mysql2";
import mysqlPromise from "mysql2/promise";
import postgres from "postgres";
import { nodeFsApi } from "../../adapters/bun/node-fs-api.ts";
import { mysqlSource } from "../../adapters/sources/mysql-source.ts";
import { postgresSource } from "../../adapters/sources/postgres-source.ts";
import { tapCopyQuery } from "../../adapters/sources/sql-copy-stream.ts";
import { tapRowPackets } from "../../adapters/sources/mysql-row-tap.ts";
import { fsStore } from "../../adapters/stores/fs-store.ts";
import type { ColumnType, Contract } from "../../runtime/contract.ts";
import { runJob } from "../../runtime/job/run-job.ts";
import { coalescingSocket } from "../../adapters/bun/coalescing-socket.ts";
import { collectGarbageOnGrowth } from "../../adapters/bun/collect-garbage.ts";
import { workerParquetEncoder } from "../../adapters/bun/parquet-worker-encoder.ts";
import { silentLogger } from "../../runtime/logger.ts";
import { systemClock } from "../../runtime/platform.ts";
import type { Source } from "../../runtime/source.ts";
import { type Kernels, kernels as loadKernels } from "../../wasm/index.ts";
import { cellKindsOf } from "../../runtime/normalize/column-cells.ts";
import { MYSQL_URL, PG_URL } from "../fixtures/load-sample-databases.ts";

const arg = (name: string, fallback?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

const pgGenerate = (table: string, n: number) => `
  CREATE SCHEMA IF NOT EXISTS bench;
  DROP TABLE IF EXISTS bench.${table};
  CREATE TABLE bench.${table} AS SELECT
    (i / 4 + 1)::int8 AS l_orderkey, (i * 7 % 200000 + 1)::int AS l_partkey, (i * 13 % 10000 + 1)::int AS l_suppkey,
    (i % 4 + 1)::int AS l_linenumber, ((i % 50) + 1)::numeric(15,2) AS l_quantity,
    round((i % 100000) * 1.37 + 900, 2)::numeric(15,2) AS l_extendedprice, ((i % 11) / 100.0)::numeric(15,2) AS l_discount,
    ((i % 9) / 100.0)::numeric(15,2) AS l_tax, (ARRAY['A','N','R'])[i % 3 + 1]::char(1) AS l_returnflag,
    (ARRAY['F','O'])[i % 2 + 1]::char(1) AS l_linestatus, date '1992-01-01' + (i % 2500) AS l_shipdate,
    date '1992-01-31' + (i % 2500) AS l_commitdate, date '1992-01-15' + (i % 2500) AS l_receiptdate,
    (ARRAY['DELIVER IN PERSON','COLLECT COD','NONE','TAKE BACK RETURN'])[i % 4 + 1]::char(25) AS l_shipinstruct,
    (ARRAY['AIR','MAIL','SHIP','TRUCK','RAIL','FOB','REG AIR'])[i % 7 + 1]::char(10) AS l_shipmode,
    substr(md5(i::text), 1, 10 + i % 30)::varchar(44) AS l_comment
  FROM generate_series(0, ${n - 1}) i;
  ANALYZE bench.${table};`;

const mysqlGenerate = (table: string, n: number) => `
  CREATE DATABASE IF NOT EXISTS bench;
  DROP TABLE IF EXISTS bench.${table};
  CREATE TABLE bench.${table} (
    l_orderkey bigint NOT NULL, l_partkey int, l_suppkey int, l_linenumber int NOT NULL, l_quantity decimal(15,2),
    l_extendedprice decimal(15,2), l_discount decimal(15,2), l_tax decimal(15,2), l_returnflag char(1), l_linestatus char(1),
    l_shipdate date, l_commitdate date, l_receiptdate date, l_shipinstruct char(25), l_shipmode char(10), l_comment varchar(44));
  INSERT INTO bench.${table} SELECT
    seq DIV 4 + 1, seq * 7 % 200000 + 1, seq * 13 % 10000 + 1, seq % 4 + 1, seq % 50 + 1, ROUND((seq % 100000) * 1.37 + 900, 2),
    (seq % 11) / 100.0, (seq % 9) / 100.0, ELT(seq % 3 + 1, 'A', 'N', 'R'), ELT(seq % 2 + 1, 'F', 'O'),
    DATE '1992-01-01' + INTERVAL (seq % 2500) DAY, DATE '1992-01-31' + INTERVAL (seq % 2500) DAY, DATE '1992-01-15' + INTERVAL (seq % 2500) DAY,
    ELT(seq % 4 + 1, 'DELIVER IN PERSON', 'COLLECT COD', 'NONE', 'TAKE BACK RETURN'), ELT(seq % 7 + 1, 'AIR', 'MAIL', 'SHIP', 'TRUCK', 'RAIL', 'FOB', 'REG AIR'),
    SUBSTR(MD5(seq), 1, 10 + seq % 30)
  FROM seq_0_to_${n - 1};`;

async function ensureTables(sizes: Array<[string, number]>, which: string[]) {
  if (which.includes("pg")) {
    const sql = postgres(PG_URL, { max: 1, onnotice: () => {} });
    for (const [table, n] of sizes) {
      const [exists] = await sql.unsafe(`SELECT to_regclass('bench.${table}') IS NOT NULL AS ok`);
      const count = exists!.ok ? Number((await sql.unsafe(`SELECT count(*) AS n FROM bench.${table}`))[0]!.n) : 0;
      if (count === n) continue;
      const t0 = performance.now();
      await sql.unsafe(pgGenerate(table, n)).simple();
      console.error(`postgres: generated bench.${table} (${n} rows) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    await sql.end();
  }
  if (which.includes("mysql")) {
    const db = await mysqlPromise.createConnection({ uri: MYSQL_URL, multipleStatements: true });
    for (const [table, n] of sizes) {
      const [rows] = await db.query(`SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'bench' AND TABLE_NAME = ?`, [table]);
      if ((rows as unknown[]).length > 0) {
        const [[{ n: count }]] = (await db.query(`SELECT count(*) AS n FROM bench.${table}`)) as unknown as [[{ n: number }]];
        if (Number(count) === n) continue;
      }
      const t0 = performance.now();
      await db.query(mysqlGenerate(table, n));
      console.error(`mariadb: generated bench.${table} (${n} rows) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    await db.end();
  }
}

function columnType(t: string): ColumnType {
  const m = /^decimal\((\d+),(\d+)\)$/.exec(t);
  if (m) return { kind: "decimal", precision: Number(m[1]), scale: Number(m[2]) };
  return { kind: t } as ColumnType;
}

async function drain(source: Source, stream: string): Promise<number> {
  let rows = 0;
  for await (const b of source.read(stream, { batchSize: 10_000 })) rows += b.numRows;
  return rows;
}

/** The contract a user would write for the table: its discovered columns and types. */
async function contractOf(source: Source, stream: string): Promise<Contract> {
  const info = (await source.streams()).find((s) => s.name === stream)!;
  return {
    name: "lineitem", version: "1.0", columns: info.columns!.map((c) => ({ name: c.name, type: columnType(c.type!), required: false })),
    quality: [], tags: [], properties: {},
  };
}

async function pipeline(source: Source, stream: string, contract: Contract, kernels: Kernels): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "dativo-bench-"));
  // As the CLI runs it: Parquet encoded on a worker thread while the source is read, and the
  // WebAssembly kernels (the CLI's default `--kernels auto`) for statistics and the PII scan.
  const encoder = workerParquetEncoder();
  try {
    const summary = await runJob(
      { tenant: "bench", jobName: "bench", stream, contract, mode: "warn", table: { namespace: ["bench"], name: "lineitem" }, partitioning: [], targetFileBytes: 128 << 20, compression: "zstd", incremental: false, batchSize: 10_000 },
      { source, store: fsStore(dir, nodeFsApi()), catalog: null, parquetEncoder: encoder, kernels, clock: systemClock, crypto: globalThis.crypto, logger: silentLogger, onEvent: collectGarbageOnGrowth() },
    );
    return summary.rowsWritten;
  } finally {
    encoder.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One measurement in this process: prints `{ rows, bytes, seconds, rssMB }`. */
async function child(mode: string, table: string) {
  const t0 = performance.now();
  let rows = 0;
  let bytes = 0;
  const stream = `bench.${table}`;
  if (mode === "pg-raw") {
    // The fastest JS read, so that the reference is the server's pace and not the driver's per-row
    // cost: the socket and the stream tap our source reads through, with nothing done per chunk
    // but counting its rows.
    const u = new URL(PG_URL);
    const sql = postgres(PG_URL, { max: 1, socket: () => coalescingSocket(u.hostname, Number(u.port), 10) } as postgres.Options<Record<string, never>>);
    await new Promise<void>((resolve, reject) => {
      tapCopyQuery(sql.unsafe(`COPY (SELECT * FROM ${stream}) TO STDOUT`), {
        chunk(data) {
          bytes += data.length;
          for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, i + 1)) rows++;
          return true;
        },
        end: resolve,
        error: reject,
      }).catch(reject);
    });
    await sql.end();
  } else if (mode === "pg-cli" || mode === "mysql-cli") {
    // The database's own client into /dev/null: the server-side ceiling, without any JS driver.
    const u = new URL(mode === "pg-cli" ? PG_URL : MYSQL_URL);
    const args =
      mode === "pg-cli"
        ? ["psql", ["-h", u.hostname, "-p", u.port, "-U", u.username, "-d", u.pathname.slice(1), "-c", `COPY (SELECT * FROM ${stream}) TO STDOUT`]]
        : ["mariadb", ["--no-defaults", "--quick", "-h", u.hostname, "-P", u.port, `-u${u.username}`, `-p${u.password}`, "-e", `SELECT * FROM ${stream}`]];
    const r = spawnSync(args[0] as string, args[1] as string[], { stdio: ["ignore", "ignore", "inherit"] });
    if (r.status !== 0) throw new Error(`${args[0]} failed`);
    rows = Number(table.split("_").at(-1));
  } else if (mode === "mysql-raw") {
    const u = new URL(MYSQL_URL);
    const conn = mysql.createConnection({ host: u.hostname, port: Number(u.port), user: u.username, password: u.password, database: u.pathname.slice(1) });
    await new Promise<void>((resolve, reject) => {
      // The fastest JS read, as for PostgreSQL: the row packets as our source takes them, each
      // only counted, so that the reference is the server's pace and not the driver's parse.
      const q = conn.query({ sql: `SELECT * FROM ${stream}`, rowsAsArray: true, supportBigNumbers: true, bigNumberStrings: true, dateStrings: true });
      tapRowPackets(q, () => () => rows++, reject);
      q.on("result", () => rows++).on("error", reject).on("end", () => resolve());
    });
    conn.end();
  } else {
    const [db, what] = mode.split("-") as [string, string];
    // As the CLI runs a job: the WebAssembly kernels (its default `--kernels auto`), the
    // contract's types given to the source, and (PostgreSQL) its socket.
    const kernels = await loadKernels({ prefer: "wasm", source: readFileSync(join(import.meta.dir, "../../wasm/dativo_kernels.wasm")) });
    const open = (types?: Record<string, string>): Source =>
      db === "pg" ? postgresSource({ sql: pgSettings(), tables: [stream], kernels, types, connectSocket: coalescingSocket }) : mysqlSource({ connection: mysqlSettings(), tables: [stream], types, kernels });
    const probe = open();
    const contract = await contractOf(probe, stream);
    await probe.close?.();
    const source = open(cellKindsOf(contract));
    rows = what === "source" ? await drain(source, stream) : await pipeline(source, stream, contract, kernels);
    await source.close?.();
  }
  const seconds = (performance.now() - t0) / 1000;
  const { user, system } = process.cpuUsage();
  console.log(JSON.stringify({ rows, bytes, seconds, cpuSeconds: mode.endsWith("-cli") ? undefined : (user + system) / 1e6, rssMB: process.resourceUsage().maxRSS / 1024 }));
}

function pgSettings() {
  const u = new URL(PG_URL);
  return { host: u.hostname, port: Number(u.port), user: u.username, password: u.password || undefined, database: u.pathname.slice(1) };
}

function mysqlSettings() {
  const u = new URL(MYSQL_URL);
  return { host: u.hostname, port: Number(u.port), user: u.username, password: u.password, database: u.pathname.slice(1) };
}

interface Result {
  rows: number;
  bytes: number;
  seconds: number;
  /** CPU time of the process, all its threads (none for the database's own client). */
  cpuSeconds?: number;
  rssMB: number;
}

function measure(mode: string, table: string): Result {
  const r = spawnSync(process.execPath, [import.meta.path, "--child", mode, table], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${mode} ${table} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** The fastest of `runs` (its time), with the highest peak RSS among them (memory is not luck). */
function best(runs: Result[]): Result {
  const fastest = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { ...fastest, rssMB: Math.max(...runs.map((r) => r.rssMB)) };
}

async function main() {
  if (arg("child")) {
    const i = process.argv.indexOf("--child");
    return child(process.argv[i + 1]!, process.argv[i + 2]!);
  }
  const n = Number(arg("rows", "5000000"));
  const repeat = Math.max(1, Number(arg("repeat", "3")));
  const big = `lineitem_${n}`;
  const small = `lineitem_${n / 4}`;
  const which = arg("only") ? [arg("only")!] : ["pg", "mysql"];
  const whats = process.argv.includes("--no-pipeline") ? ["source"] : ["source", "pipeline"];
  // PostgreSQL's table too when only MariaDB runs: its COPY text bytes are the MB of both.
  await ensureTables([[big, n], [small, n / 4]], which.includes("pg") ? which : ["pg", ...which]);
  console.log(`rows: ${n} (and ${n / 4} for the memory comparison); MB = PostgreSQL COPY text bytes of the table`);
  console.log(`each figure is the best of ${repeat} rounds; a round runs every mode once, one after another, so a`);
  console.log(`slow spell of this shared machine hits the reference and our runs alike (per-round ratios shown)`);
  let copyBytes: number | undefined;
  for (const db of which) {
    const modes = ["cli", "raw", ...whats];
    const runs: Record<string, Result[]> = Object.fromEntries(modes.map((m) => [m, []]));
    for (let round = 0; round < repeat; round++) for (const m of modes) runs[m]!.push(measure(`${db}-${m}`, big));
    copyBytes ??= db === "pg" ? best(runs.raw!).bytes : measure("pg-raw", big).bytes;
    const mb = copyBytes / 1e6;
    const raw = best(runs.raw!);
    // Per round, the faster of the two references (the database's own client and the JS read).
    const reference = runs.raw!.map((r, i) => Math.min(r.seconds, runs.cli![i]!.seconds));
    const line = (label: string, r: Result, ratio?: string) =>
      console.log(
        `${label.padEnd(28)} ${(r.rows / r.seconds / 1e3).toFixed(0).padStart(7)} k rows/s  ${(mb / r.seconds).toFixed(1).padStart(7)} MB/s  ${r.seconds.toFixed(2).padStart(6)} s  ` +
          `${r.cpuSeconds === undefined ? "".padStart(12) : `cpu ${r.cpuSeconds.toFixed(2).padStart(6)} s`}  peak RSS ${r.rssMB.toFixed(0).padStart(5)} MB` +
          (ratio ? `  ratio to reference ${ratio}` : ""),
      );
    console.log(`\n${db === "pg" ? "PostgreSQL" : "MariaDB"}`);
    line(db === "pg" ? "psql COPY TO STDOUT > null" : "mariadb --quick > null", best(runs.cli!));
    line(db === "pg" ? "raw COPY TO STDOUT (js)" : "raw streaming SELECT (js)", raw);
    for (const what of whats) {
      const r = best(runs[what]!);
      const perRound = runs[what]!.map((x, i) => reference[i]! / x.seconds);
      const rounds = perRound.map((x) => x.toFixed(2)).join(", ");
      line(what === "source" ? "our source" : "source → Parquet pipeline", r, `${(Math.min(...reference) / r.seconds).toFixed(2)} (rounds: ${rounds}; median ${median(perRound).toFixed(2)})`);
      const rSmall = best(Array.from({ length: repeat }, () => measure(`${db}-${what}`, small)));
      console.log(`${"".padEnd(28)} peak RSS at ${n / 4} rows: ${rSmall.rssMB.toFixed(0)} MB → at ${n}: ${r.rssMB.toFixed(0)} MB (×${(r.rssMB / rSmall.rssMB).toFixed(2)})`);
      for (const x of runs[what]!) if (x.rows !== n) throw new Error(`${db}-${what} read ${x.rows} rows, expected ${n}`);
    }
  }
}

await main();
