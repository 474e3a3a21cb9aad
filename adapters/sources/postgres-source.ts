/**
 * PostgreSQL source (postgres.js). Every read is one `COPY (SELECT …) TO STDOUT` in the text
 * format, streamed and parsed as it arrives: full loads unordered, through the kernels when the
 * caller gives them (sql-copy-cells.ts); incremental and range reads ordered by `(cursor, key)`
 * with the keyset predicate of sql-keyset.ts, into JS values (sql-copy-text.ts). The socket is
 * paused while batches wait downstream, so memory stays bounded by one batch plus one socket read.
 */
import postgres from "postgres";
import type { Source, SourceBatch } from "../../runtime/source.ts";
import { BatchBuilder, type ColumnRef, positionOf, type PositionedBatch } from "./sql-batches.ts";
import { type CopyTap, tapCopyQuery } from "./sql-copy-stream.ts";
import { copyCellsApplies, copyCellsReader } from "./sql-copy-cells.ts";
import { CopyTextParser } from "./sql-copy-text.ts";
import { type ServerRef, sqlError } from "./sql-errors.ts";
import { type CursorValue, type Dialect, type KeysetPlan, keysetOrder, keysetWhere, toCursorValue } from "./sql-keyset.ts";
import { type Discovered, type OrderedRead, type SqlDriver, type SqlSourceOptions, sqlSource, type StreamSpec } from "./sql-source.ts";
import { formatColumnType, pgColumnType } from "./sql-types.ts";
import type { Kernels } from "../../wasm/index.ts";

export interface PostgresConnection {
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  /** postgres.js `ssl`: `true`, `"require"`, `"prefer"`, or TLS options. */
  ssl?: boolean | "require" | "allow" | "prefer" | "verify-full" | object;
  /** Pool size; parallel range reads hold one connection each. Default 10. */
  max?: number;
  connectTimeoutSeconds?: number;
}

export interface PostgresSourceOptions extends SqlSourceOptions {
  /** A postgres.js instance (the caller closes it) or settings for one the source owns. */
  sql: postgres.Sql | PostgresConnection;
  /**
   * Full-table reads go through these kernels (COPY's text format read as CSV, sql-copy-cells.ts);
   * without them every read parses COPY text into JS values (sql-copy-text.ts).
   */
  kernels?: Kernels;
  /** `cellKindOf` the contract type per column name: with `kernels`, columns of the same type come typed. */
  types?: Record<string, string>;
  /**
   * Opens the TCP connection a connection the source owns runs on (postgres.js's `socket`
   * option, in its README), connected within the timeout; not used with TLS. The Bun root's
   * (adapters/bun/coalescing-socket.ts) merges COPY rows per socket read.
   */
  connectSocket?: (host: string, port: number, connectTimeoutSeconds: number) => Promise<unknown>;
}

/** The session settings the COPY text parser relies on (ISO dates, UTC, shortest exact floats, hex bytea). */
const SESSION = { TimeZone: "UTC", DateStyle: "ISO, YMD", IntervalStyle: "postgres", extra_float_digits: "1", bytea_output: "hex" };
const SET_SESSION = Object.entries(SESSION).map(([k, v]) => `SET ${k} = '${v}'`).join("; ");
const RESET_SESSION = Object.keys(SESSION).map((k) => `RESET ${k}`).join("; ");

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const textLiteral = (v: string) => `E'${v.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

const ATTRIBUTES = `
  SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS formatted, t.typname, t.typtype,
         et.typname AS elem_typname, et.typtype AS elem_typtype, bt.typname AS base_typname, NOT a.attnotnull AS nullable
  FROM pg_attribute a
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
  LEFT JOIN pg_type bt ON bt.oid = t.typbasetype AND t.typtype = 'd'
  WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
  ORDER BY a.attnum`;

const PRIMARY_KEY = `
  SELECT a.attname AS name FROM pg_index i
  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey::int2[])
  WHERE i.indrelid = $1 AND i.indisprimary
  ORDER BY array_position(i.indkey::int2[], a.attnum)`;

interface AttributeRow {
  name: string;
  formatted: string;
  typname: string;
  typtype: string;
  elem_typname: string | null;
  elem_typtype: string | null;
  base_typname: string | null;
  nullable: boolean;
}

function columnsOf(rows: AttributeRow[]) {
  return rows.map((r) => {
    const columnType = pgColumnType({
      typname: r.typname,
      formatted: r.formatted,
      typtype: r.typtype,
      elemTypname: r.elem_typname ?? undefined,
      elemTyptype: r.elem_typtype ?? undefined,
      baseTypname: r.base_typname ?? undefined,
    });
    return { name: r.name, sourceType: r.formatted, type: formatColumnType(columnType), columnType, nullable: r.nullable };
  });
}

interface FastPath {
  kernels?: Kernels;
  types?: Record<string, string>;
}

function postgresDriver(sql: postgres.Sql, server: ServerRef, owned: boolean, fast: FastPath): SqlDriver {
  const dialect = (d: Discovered): Dialect => ({
    ident,
    literal: (v: CursorValue, column: string) => `${textLiteral(String(v))}::${d.columns.find((c) => c.name === column)?.sourceType ?? "text"}`,
  });
  const selectList = (d: Discovered) => d.columns.map((c) => ident(c.name)).join(", ");

  async function discover(spec: StreamSpec): Promise<Discovered> {
    const what = `discovering \`${spec.name}\``;
    try {
      if (spec.table !== undefined) {
        const [rel] = await sql.unsafe<Array<{ oid: number | null; relation: string | null }>>(
          `SELECT c.oid::int8 AS oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS relation
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)`,
          [spec.table],
        );
        if (!rel?.oid) {
          const e = Object.assign(new Error(`relation "${spec.table}" does not exist`), { code: "42P01" });
          throw e;
        }
        const attrs = await sql.unsafe<AttributeRow[]>(ATTRIBUTES, [rel.oid]);
        const pk = await sql.unsafe<Array<{ name: string }>>(PRIMARY_KEY, [rel.oid]);
        return { relation: rel.relation!, columns: columnsOf(attrs), primaryKey: pk.map((r) => r.name) };
      }
      // A temporary view shows a query's column types with their modifiers (numeric(p,s));
      // the transaction is rolled back so nothing remains.
      const attrs = await sql
        .begin(async (tx) => {
          await tx.unsafe(`CREATE TEMP VIEW dativo_probe AS ${spec.sql}`);
          const rows = await tx.unsafe<AttributeRow[]>(ATTRIBUTES.replace("$1", "'pg_temp.dativo_probe'::regclass"));
          throw Object.assign(new Error("rollback"), { rows });
        })
        .catch((e: { rows?: AttributeRow[] }) => {
          if (e.rows) return e.rows;
          throw e;
        });
      return { relation: `(${spec.sql}) AS dativo_q`, columns: columnsOf(attrs as AttributeRow[]), primaryKey: [] };
    } catch (e) {
      throw sqlError(e, server, what);
    }
  }

  /**
   * Streams `COPY (select) TO STDOUT` rows into batches; `order` adds positions and keeps tie
   * groups whole; `cells` lets an unordered read of several columns take the kernel CSV path
   * (its batches hold column cells, not values a caller can index).
   */
  async function* copy(
    spec: StreamSpec,
    d: Discovered,
    select: string,
    batchSize: number,
    signal: AbortSignal | undefined,
    order?: { cursor: ColumnRef; key: ColumnRef[]; keepTies: boolean },
    cells = false,
  ): AsyncGenerator<PositionedBatch> {
    const origin = `${server.kind} ${spec.name}`;
    const ready: PositionedBatch[] = [];
    // Only full reads ask for cells: ordered reads and the range probe need each batch's rows
    // as JS values (positions, min/max), which the text parser gives.
    const kernelReader = cells && fast.kernels && copyCellsApplies(d.columns) ? copyCellsReader({ columns: d.columns, kernels: fast.kernels, types: fast.types, origin, batchSize }) : undefined;
    const statement = `COPY (${select}) TO STDOUT`;
    const builder = new BatchBuilder(d.columns.map((c) => c.name), origin);
    const emit = () => {
      const position = order ? positionOf(builder, order.cursor, order.key) : { value: 0 };
      ready.push({ batch: builder.take(), position });
    };
    const tie = order?.keepTies ? order.cursor.index : -1;
    const text = new CopyTextParser(
      d.columns,
      (row) => {
        if (builder.size >= batchSize && (tie < 0 || row[tie] !== builder.last(tie))) emit();
        builder.push(row);
      },
      origin,
    );
    const unordered = (batches: SourceBatch[]) => {
      for (let i = 0; i < batches.length; i++) ready.push({ batch: batches[i]!, position: { value: 0 } });
    };
    const parser = kernelReader
      ? { push: (data: Uint8Array) => unordered(kernelReader.push(data)), end: () => unordered(kernelReader.end()) }
      : text;
    let ended = false;
    let failure: unknown;
    let discard = false;
    let wake: (() => void) | undefined;
    const sink = {
      chunk(data: Uint8Array) {
        if (discard || failure) return true;
        try {
          parser.push(data);
        } catch (e) {
          failure = e;
        }
        if (ready.length === 0 && !failure) return true;
        wake?.();
        return false;
      },
      end() {
        ended = true;
        wake?.();
      },
      error(e: unknown) {
        failure ??= e;
        wake?.();
      },
    };
    let conn: postgres.ReservedSql | undefined;
    let query: postgres.PendingQuery<postgres.Row[]> | undefined;
    let finished = false;
    let tap: CopyTap | undefined;
    try {
      conn = await sql.reserve();
      await conn.unsafe(SET_SESSION).simple();
      query = conn.unsafe(statement);
      tap = await tapCopyQuery(query, sink);
      for (;;) {
        if (signal?.aborted) throw signal.reason;
        if (ready.length > 0) {
          yield ready.shift()!;
          continue;
        }
        if (failure) throw failure;
        if (ended) break;
        const more = new Promise<void>((resolve) => (wake = resolve));
        tap.resume();
        await more;
        wake = undefined;
      }
      finished = true;
      parser.end();
      if (builder.size > 0) emit();
      while (ready.length > 0) yield ready.shift()!;
    } catch (e) {
      throw sqlError(e, server, `reading \`${spec.name}\``);
    } finally {
      if (conn) {
        if (!finished && query && !ended && !failure) {
          // Stopped early: cancel the COPY and let the rest (or the cancellation error) arrive, or the
          // connection stays in COPY mode.
          discard = true;
          const done = new Promise<void>((resolve) => (wake = resolve));
          query.cancel();
          tap?.resume();
          await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 10_000))]);
        }
        await conn.unsafe(RESET_SESSION).simple().catch(() => {});
        conn.release();
      }
    }
  }

  return {
    type: "postgres",
    server,
    discover,
    async countNulls(spec, column) {
      const d = await discover(spec);
      try {
        const [row] = await sql.unsafe(`SELECT count(*)::int8 AS n FROM ${d.relation} WHERE ${ident(column)} IS NULL`);
        return Number(row!.n);
      } catch (e) {
        throw sqlError(e, server, `checking \`${spec.name}\`.\`${column}\` for nulls`);
      }
    },
    async minMax(spec, d, plan: KeysetPlan) {
      const c = d.columns.find((x) => x.name === plan.column)!;
      const probe: Discovered = { relation: "", primaryKey: [], columns: [c, { ...c, name: `${c.name}_max` }] };
      const select = `SELECT min(${ident(c.name)}), max(${ident(c.name)}) FROM ${d.relation} WHERE ${keysetWhere(plan, dialect(d))}`;
      for await (const { batch } of copy(spec, probe, select, 1, undefined)) {
        const [min, max] = [batch.columns[c.name]![0], batch.columns[`${c.name}_max`]![0]];
        return [min == null ? null : toCursorValue(min, c.name), max == null ? null : toCursorValue(max, c.name)];
      }
      return [null, null];
    },
    async *readAll(spec, d, batchSize, signal): AsyncGenerator<SourceBatch> {
      for await (const { batch } of copy(spec, d, `SELECT ${selectList(d)} FROM ${d.relation}`, batchSize, signal, undefined, true)) yield batch;
    },
    readOrdered(spec, d, plan: OrderedRead, batchSize, signal) {
      const ref = (name: string): ColumnRef => ({ name, index: d.columns.findIndex((c) => c.name === name) });
      const dl = dialect(d);
      const select = `SELECT ${selectList(d)} FROM ${d.relation} WHERE ${keysetWhere(plan, dl)} ORDER BY ${keysetOrder(plan, dl)}`;
      const keepTies = plan.key.length === 0 && !plan.unique;
      return copy(spec, d, select, batchSize, signal, { cursor: ref(plan.column), key: plan.key.map(ref), keepTies });
    },
    async close() {
      if (owned) await sql.end({ timeout: 5 });
    },
  };
}

function isSql(x: unknown): x is postgres.Sql {
  return typeof x === "function" && typeof (x as postgres.Sql).unsafe === "function";
}

export function postgresSource(options: PostgresSourceOptions): Source {
  const given = options.sql;
  if (isSql(given)) {
    const o = given.options as unknown as { host?: string[]; port?: number[]; user?: string; database?: string; pass?: string | null };
    const server: ServerRef = { kind: "postgres", host: o.host?.[0] ?? "?", port: o.port?.[0] ?? 5432, user: o.user, database: o.database };
    return sqlSource(postgresDriver(given, server, false, options), options);
  }
  const c = given;
  const server: ServerRef = { kind: "postgres", host: c.host ?? "localhost", port: c.port ?? 5432, user: c.user, database: c.database, password: c.password };
  const connectTimeout = c.connectTimeoutSeconds ?? 10;
  // `socket` is documented in postgres.js's README ("Custom socket") but not in its types.
  const settings: postgres.Options<Record<string, never>> & { socket?: () => Promise<unknown> } = {
    host: server.host,
    port: server.port,
    database: c.database,
    username: c.user,
    password: c.password,
    ssl: c.ssl as postgres.Options<Record<string, never>>["ssl"],
    max: c.max ?? 10,
    connect_timeout: connectTimeout,
    socket: c.ssl || !options.connectSocket ? undefined : () => options.connectSocket!(server.host, server.port, connectTimeout),
    onnotice: () => {},
    connection: { application_name: "dativo", ...SESSION },
  };
  const sql = postgres(settings);
  return sqlSource(postgresDriver(sql, server, true, options), options);
}
