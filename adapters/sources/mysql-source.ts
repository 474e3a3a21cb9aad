/**
 * MySQL / MariaDB source (mysql2). Full loads are one streaming SELECT whose rows are taken from
 * the driver's row events — or, with the kernels, its row packets as bytes (mysql-text-cells.ts) —
 * pausing the connection while a batch waits downstream (bounded memory,
 * no promise per row). Incremental and range reads are keyset pages — `WHERE (c, key) > position
 * ORDER BY c, key LIMIT batchSize` — each a short query, so nothing holds a server result open; a
 * table without a key is read as one ordered stream instead (sql-keyset.ts).
 */
import mysql from "mysql2";
import { IngestError } from "../../runtime/errors.ts";
import type { Source, SourceBatch } from "../../runtime/source.ts";
import { BatchBuilder, type ColumnRef, positionOf, type PositionedBatch } from "./sql-batches.ts";
import { MysqlCells } from "./mysql-cells.ts";
import { type RowTapField, tapRowPackets } from "./mysql-row-tap.ts";
import { mysqlTextCellsReader } from "./mysql-text-cells.ts";
import { type ServerRef, sqlError } from "./sql-errors.ts";
import { type CursorValue, type Dialect, type KeysetPlan, keysetOrder, keysetWhere, toCursorValue } from "./sql-keyset.ts";
import { type Discovered, type DiscoveredColumn, type OrderedRead, type SqlDriver, type SqlSourceOptions, sqlSource, type StreamSpec } from "./sql-source.ts";
import { formatColumnType, mysqlColumnType } from "./sql-types.ts";
import { mysqlValueConverter } from "./sql-values.ts";
import type { Kernels } from "../../wasm/index.ts";

export interface MysqlConnection {
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  /** Default `utf8mb4` (config-format.md §3.2). */
  charset?: string;
  /** mysql2 `ssl` options (a profile name or TLS options). */
  ssl?: string | object;
  /** Pool size; parallel range reads hold one connection each. Default 10. */
  connectionLimit?: number;
  connectTimeoutMs?: number;
}

export interface MysqlSourceOptions extends SqlSourceOptions {
  /** A mysql2 pool (callback or promise API; the caller closes it) or settings for one the source owns. */
  pool?: mysql.Pool | { pool: mysql.Pool } | MysqlConnection;
  /** Settings for a pool the source owns (the same as passing them as `pool`). */
  connection?: MysqlConnection;
  /** `cellKindOf` the contract type per column name: full reads hand columns of the same type over typed (mysql-cells.ts). */
  types?: Record<string, string>;
  /**
   * With `types`, full reads on a pool the source owns take the row packets' bytes to the kernels
   * (mysql-text-cells.ts) wherever every column of the result allows it; a pool the caller gives
   * keeps its own driver settings (`typeCast`, say), so its rows stay the driver's.
   */
  kernels?: Kernels;
}

type Conn = mysql.PoolConnection;
type Row = unknown[];

/** Per-query options: exact big integers and decimals as text, temporal values as text. */
const ROW_OPTIONS = { rowsAsArray: true, supportBigNumbers: true, bigNumberStrings: true, dateStrings: true } as const;

const AS_IS = 0;
const CALL = 1;
const LONG = 2;
const DECIMAL = 3;
const DATE = 4;

const ident = (name: string) => `\`${name.replace(/`/g, "``")}\``;

function run<T = Row[]>(conn: Conn, sql: string, values?: unknown[], asArrays = false): Promise<T> {
  return new Promise((resolve, reject) =>
    conn.query({ sql, values, ...(asArrays ? ROW_OPTIONS : {}) }, (err, rows) => (err ? reject(err) : resolve(rows as T))),
  );
}

function splitName(name: string): [string | undefined, string] {
  const dot = name.indexOf(".");
  return dot < 0 ? [undefined, name] : [name.slice(0, dot), name.slice(dot + 1)];
}

function mysqlDriver(pool: mysql.Pool, server: ServerRef, owned: boolean, types: Record<string, string> | undefined, kernels: Kernels | undefined): SqlDriver {
  async function withConn<T>(what: string, fn: (c: Conn) => Promise<T>): Promise<T> {
    let conn: Conn | undefined;
    try {
      conn = await new Promise<Conn>((resolve, reject) => pool.getConnection((err, c) => (err ? reject(err) : resolve(c))));
      // TIMESTAMP values are read in UTC; a paused stream must not trip the server's write timeout.
      await run(conn, "SET time_zone = '+00:00', net_write_timeout = 3600");
      return await fn(conn);
    } catch (e) {
      throw sqlError(e, server, what);
    } finally {
      conn?.release();
    }
  }

  function columnsOf(rows: Array<{ name: string; type: string; nullable: string }>, json: Set<string>): DiscoveredColumn[] {
    return rows.map((r) => {
      const columnType = mysqlColumnType(r.type, json.has(r.name));
      return { name: r.name, sourceType: r.type, type: formatColumnType(columnType), columnType, nullable: r.nullable === "YES" };
    });
  }

  async function discover(spec: StreamSpec): Promise<Discovered> {
    return withConn(`discovering \`${spec.name}\``, async (conn) => {
      if (spec.sql !== undefined) {
        await run(conn, `CREATE TEMPORARY TABLE dativo_probe AS SELECT * FROM (${spec.sql}) AS q LIMIT 0`);
        try {
          const rows = await run<Array<{ Field: string; Type: string; Null: string }>>(conn, "SHOW COLUMNS FROM dativo_probe");
          return { relation: `(${spec.sql}) AS dativo_q`, primaryKey: [], columns: columnsOf(rows.map((r) => ({ name: r.Field, type: r.Type, nullable: r.Null })), new Set()) };
        } finally {
          await run(conn, "DROP TEMPORARY TABLE IF EXISTS dativo_probe");
        }
      }
      const [schemaName, table] = splitName(spec.table!);
      const schema = schemaName ?? (await run<Array<{ db: string }>>(conn, "SELECT DATABASE() AS db"))[0]?.db;
      const cols = await run<Array<{ name: string; type: string; nullable: string }>>(
        conn,
        "SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
        [schema, table],
      );
      if (cols.length === 0) throw Object.assign(new Error(`table \`${schema}.${table}\` does not exist`), { code: "ER_NO_SUCH_TABLE" });
      const pk = await run<Array<{ name: string }>>(
        conn,
        "SELECT COLUMN_NAME AS name FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION",
        [schema, table],
      );
      // MariaDB stores JSON as LONGTEXT with a json_valid() check; the check is how JSON is recognised.
      const checks = await run<Array<{ clause: string }>>(
        conn,
        "SELECT CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?",
        [schema, table],
      ).catch(() => []);
      const json = new Set(checks.flatMap((c) => [...c.clause.matchAll(/json_valid\(`([^`]+)`\)/gi)].map((m) => m[1]!)));
      return { relation: `${ident(schema ?? "")}.${ident(table)}`, primaryKey: pk.map((r) => r.name), columns: columnsOf(cols, json) };
    });
  }

  const dialect = (d: Discovered): Dialect => ({
    ident,
    literal(v: CursorValue, column: string) {
      const kind = d.columns.find((c) => c.name === column)?.columnType.kind;
      if (typeof v === "number") return String(v);
      if ((kind === "long" || kind === "int") && /^-?\d+$/.test(v)) return v;
      if (kind === "timestamp" || kind === "timestamptz") return mysql.escape(v.replace("T", " ").replace(/Z$/, ""));
      return mysql.escape(v);
    },
  });

  /**
   * The row converter of `d`'s columns (sql-values.ts `mysqlValueConverter`). The common cases run
   * inline from a switch on a per-column code: one call site calling a closure per column type
   * was most of the conversion's cost.
   */
  function converters(d: Discovered): (row: Row) => Row {
    const fns = d.columns.map((c) => mysqlValueConverter(c.name, c.columnType));
    const codes = Uint8Array.from(d.columns, (c, i) =>
      !fns[i] ? AS_IS : c.columnType.kind === "long" ? LONG : c.columnType.kind === "decimal" ? DECIMAL : c.columnType.kind === "date" ? DATE : CALL,
    );
    const n = codes.length;
    return (row) => {
      for (let i = 0; i < n; i++) {
        const v = row[i];
        if (v == null) continue;
        switch (codes[i]) {
          case AS_IS:
            break;
          case LONG:
            row[i] = BigInt(v as string | number);
            break;
          case DECIMAL:
            if (typeof v !== "string") row[i] = String(v);
            break;
          case DATE:
            // `YYYY-MM-DD` stays as it is; anything else (the zero date, a bad value) is isoDate's.
            if (typeof v !== "string" || v.length !== 10 || v.charCodeAt(4) !== 45 || v === "0000-00-00") row[i] = fns[i]!(v);
            break;
          default:
            row[i] = fns[i]!(v);
        }
      }
      return row;
    };
  }

  /**
   * Streams one SELECT; `onRow` takes each row as mysql2 gives it and returns a batch when one is
   * complete — or, where `tap` returns a function for the result's columns, that function takes
   * each row packet's bytes instead (mysql-row-tap.ts). While a batch waits for the consumer the
   * connection is paused, which stops reading from the socket.
   */
  async function* streamQuery(
    spec: StreamSpec, sql: string, onRow: (row: Row) => PositionedBatch | undefined, flush: () => PositionedBatch | undefined, signal?: AbortSignal,
    tap?: (fields: RowTapField[]) => ((bytes: Uint8Array, start: number, end: number) => PositionedBatch | undefined) | undefined,
  ) {
    const what = `reading \`${spec.name}\``;
    let conn: Conn | undefined;
    let finished = false;
    try {
      conn = await new Promise<Conn>((resolve, reject) => pool.getConnection((err, c) => (err ? reject(err) : resolve(c))));
      await run(conn, "SET time_zone = '+00:00', net_write_timeout = 3600");
      const ready: PositionedBatch[] = [];
      let error: unknown;
      let ended = false;
      let wake: (() => void) | undefined;
      const c = conn;
      const q = c.query({ sql, ...ROW_OPTIONS });
      const arrived = (b: PositionedBatch | undefined) => {
        if (b) {
          ready.push(b);
          c.pause();
          wake?.();
        }
      };
      q.on("result", (row) => arrived(onRow(row as unknown as Row)));
      if (tap) {
        tapRowPackets(
          q,
          (fields) => {
            const push = tap(fields);
            return push && ((bytes, start, end) => arrived(push(bytes, start, end)));
          },
          (e) => {
            error = e;
            wake?.();
          },
        );
      }
      q.on("error", (e) => {
        error = e;
        wake?.();
      });
      q.on("end", () => {
        ended = true;
        wake?.();
      });
      for (;;) {
        if (signal?.aborted) throw signal.reason;
        if (ready.length > 0) {
          const b = ready.shift()!;
          if (ready.length === 0) c.resume();
          yield b;
          continue;
        }
        if (error) throw error;
        if (ended) break;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      finished = true;
      const last = flush();
      if (last) yield last;
    } catch (e) {
      throw sqlError(e, server, what);
    } finally {
      // A consumer that stops early leaves a result on the wire: drop that connection.
      if (conn) finished ? conn.release() : conn.destroy();
    }
  }

  return {
    type: "mysql",
    server,
    discover,
    countNulls: (spec, column) =>
      discover(spec).then((d) =>
        withConn(`checking \`${spec.name}\`.\`${column}\` for nulls`, async (conn) => {
          const rows = await run<Array<{ n: number | string }>>(conn, `SELECT count(*) AS n FROM ${d.relation} WHERE ${ident(column)} IS NULL`);
          return Number(rows[0]!.n);
        }),
      ),
    minMax: (spec, d, plan: KeysetPlan) =>
      withConn(`finding the range of \`${spec.name}\`.\`${plan.column}\``, async (conn) => {
        const col = d.columns.find((c) => c.name === plan.column)!;
        const rows = await run<Row[]>(conn, `SELECT min(${ident(col.name)}), max(${ident(col.name)}) FROM ${d.relation} WHERE ${keysetWhere(plan, dialect(d))}`, [], true);
        const f = mysqlValueConverter(col.name, col.columnType) ?? ((v: unknown) => v);
        const [min, max] = rows[0]!.map((v) => (v == null ? null : toCursorValue(f(v), col.name)));
        return [min ?? null, max ?? null] as [CursorValue | null, CursorValue | null];
      }),
    async *readAll(spec, d, batchSize, signal): AsyncGenerator<SourceBatch> {
      const sql = `SELECT ${d.columns.map((c) => ident(c.name)).join(", ")} FROM ${d.relation}`;
      if (types) {
        const origin = `mysql ${spec.name}`;
        const positioned = (batch: SourceBatch | undefined) => batch && { batch, position: { value: 0 } };
        // Made for the first row the driver hands out: a read of row packets needs none.
        let cells: MysqlCells | undefined;
        const onCells = (row: Row) => {
          cells ??= new MysqlCells(d.columns, types, batchSize, origin);
          cells.push(row);
          return cells.size >= batchSize ? positioned(cells.take()) : undefined;
        };
        let text: ReturnType<typeof mysqlTextCellsReader> | undefined;
        const tap =
          owned && kernels
            ? (fields: RowTapField[]) => {
                const reader = (text = mysqlTextCellsReader({ columns: d.columns, fields, kernels, types, origin, batchSize }));
                return reader && ((bytes: Uint8Array, start: number, end: number) => positioned(reader.push(bytes, start, end)));
              }
            : undefined;
        const rest = () => (text ? positioned(text.end()) : cells && cells.size > 0 ? positioned(cells.take()) : undefined);
        for await (const { batch } of streamQuery(spec, sql, onCells, rest, signal, tap)) yield batch;
        return;
      }
      const builder = new BatchBuilder(d.columns.map((c) => c.name), `mysql ${spec.name}`);
      const convert = converters(d);
      const onRow = (row: Row) => {
        builder.push(convert(row));
        return builder.size >= batchSize ? { batch: builder.take(), position: { value: 0 } } : undefined;
      };
      const flush = () => (builder.size > 0 ? { batch: builder.take(), position: { value: 0 } } : undefined);
      for await (const { batch } of streamQuery(spec, sql, onRow, flush, signal)) yield batch;
    },
    async *readOrdered(spec, d, plan: OrderedRead, batchSize, signal): AsyncGenerator<PositionedBatch> {
      const names = d.columns.map((c) => c.name);
      const ref = (name: string): ColumnRef => ({ name, index: names.indexOf(name) });
      const cursor = ref(plan.column);
      const key = plan.key.map(ref);
      const dl = dialect(d);
      const select = `SELECT ${names.map(ident).join(", ")} FROM ${d.relation}`;
      const builder = new BatchBuilder(names, `mysql ${spec.name}`);
      const convert = converters(d);
      if (plan.key.length === 0 && !plan.unique) {
        // No key: one ordered stream, never splitting a group of equal cursor values.
        const sql = `${select} WHERE ${keysetWhere(plan, dl)} ORDER BY ${keysetOrder(plan, dl)}`;
        const take = () => ({ position: positionOf(builder, cursor, key), batch: builder.take() });
        const onRow = (raw: Row) => {
          const row = convert(raw);
          const out = builder.size >= batchSize && row[cursor.index] !== builder.last(cursor.index) ? take() : undefined;
          builder.push(row);
          return out;
        };
        yield* streamQuery(spec, sql, onRow, () => (builder.size > 0 ? take() : undefined), signal);
        return;
      }
      let after = plan.after;
      for (;;) {
        if (signal?.aborted) throw signal.reason;
        const sql = `${select} WHERE ${keysetWhere({ ...plan, after }, dl)} ORDER BY ${keysetOrder(plan, dl)} LIMIT ${batchSize}`;
        const rows = await withConn(`reading \`${spec.name}\``, (conn) => run<Row[]>(conn, sql, [], true));
        for (const row of rows) builder.push(convert(row));
        if (builder.size === 0) return;
        after = positionOf(builder, cursor, key);
        yield { position: after, batch: builder.take() };
        if (rows.length < batchSize) return;
      }
    },
    async close() {
      if (owned) await new Promise<void>((resolve) => pool.end(() => resolve()));
    },
  };
}

export function mysqlSource(options: MysqlSourceOptions): Source {
  const given = options.pool ?? options.connection;
  if (!given) throw new IngestError("config.invalid", "mysqlSource needs `pool` (a mysql2 pool) or `connection` settings");
  if ("getConnection" in given || "pool" in given) {
    const pool = ("pool" in given ? given.pool : given) as mysql.Pool;
    const cfg = (pool as unknown as { config?: { connectionConfig?: { host?: string; port?: number; user?: string; database?: string } } }).config?.connectionConfig ?? {};
    const server: ServerRef = { kind: "mysql", host: cfg.host ?? "?", port: cfg.port ?? 3306, user: cfg.user, database: cfg.database };
    return sqlSource(mysqlDriver(pool, server, false, options.types, undefined), options);
  }
  const c = given as MysqlConnection;
  const server: ServerRef = { kind: "mysql", host: c.host ?? "localhost", port: c.port ?? 3306, user: c.user, database: c.database, password: c.password };
  const pool = mysql.createPool({
    host: server.host,
    port: server.port,
    user: c.user,
    password: c.password,
    database: c.database,
    charset: c.charset ?? "utf8mb4",
    ssl: c.ssl as mysql.PoolOptions["ssl"],
    connectionLimit: c.connectionLimit ?? 10,
    connectTimeout: c.connectTimeoutMs ?? 10_000,
    jsonStrings: true,
    decimalNumbers: false,
  });
  return sqlSource(mysqlDriver(pool, server, true, options.types, options.kernels), options);
}
