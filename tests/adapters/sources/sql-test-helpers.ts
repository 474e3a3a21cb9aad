/**
 * Shared pieces of the PostgreSQL and MySQL source tests: server checks that fail loudly, reading a
 * stream into rows, and per-column checksums computed the same way in JS and in each database.
 */
import { expect } from "bun:test";
import { createHash } from "node:crypto";
import mysql from "mysql2/promise";
import postgres from "postgres";
import { MYSQL_URL, PG_URL } from "../../../scripts/fixtures/load-sample-databases.ts";
import type { ColumnType, Contract } from "../../../runtime/contract.ts";
import { normalizeBatch } from "../../../runtime/normalize/index.ts";
import type { ReadOptions, Source, SourceBatch } from "../../../runtime/source.ts";

export { MYSQL_URL, PG_URL };

export const pgConnection = () => {
  const u = new URL(PG_URL);
  return { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) || undefined, database: u.pathname.slice(1) };
};

export const mysqlConnection = () => {
  const u = new URL(MYSQL_URL);
  return { host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database: u.pathname.slice(1) };
};

export async function requirePostgres(): Promise<postgres.Sql> {
  const sql = postgres(PG_URL, { max: 4, onnotice: () => {}, connect_timeout: 3 });
  try {
    await sql`SELECT 1`;
  } catch (e) {
    await sql.end({ timeout: 1 }).catch(() => {});
    throw new Error(`PostgreSQL is not reachable at ${new URL(PG_URL).host} (${(e as Error).message}); run \`scripts/services/postgres.sh start\` first`);
  }
  return sql;
}

export async function requireMysql(): Promise<mysql.Connection> {
  try {
    return await mysql.createConnection({ uri: MYSQL_URL, multipleStatements: true, connectTimeout: 3000, supportBigNumbers: true, bigNumberStrings: true, dateStrings: true });
  } catch (e) {
    throw new Error(`MariaDB is not reachable at ${new URL(MYSQL_URL).host} (${(e as Error).message}); run \`scripts/services/mariadb.sh start\` first`);
  }
}

export interface ReadResult {
  batches: SourceBatch[];
  rows: Array<Record<string, unknown>>;
}

export function rowsOf(batch: SourceBatch): Array<Record<string, unknown>> {
  const names = Object.keys(batch.columns);
  return Array.from({ length: batch.numRows }, (_, i) => Object.fromEntries(names.map((n) => [n, batch.columns[n]![i]])));
}

/** Reads a stream to the end, or only its first `limit` batches (a run stopped mid-way). */
export async function readStream(source: Source, stream: string, options: ReadOptions = {}, limit = Infinity): Promise<ReadResult> {
  const batches: SourceBatch[] = [];
  for await (const b of source.read(stream, options)) {
    batches.push(b);
    if (batches.length >= limit) break;
  }
  return { batches, rows: batches.flatMap(rowsOf) };
}

export async function readError(p: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; message: string };
  }
  throw new Error("expected the read to fail");
}

/** The text form both databases print for a value (numbers as JS prints them: shortest round trip). */
function textOf(v: unknown): string {
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  return String(v);
}

/** Per column: non-null count and the sum of the first 32 bits of md5(text) of every value. */
export function checksums(rows: Array<Record<string, unknown>>, columns: string[]): Record<string, { count: number; sum: bigint }> {
  const out: Record<string, { count: number; sum: bigint }> = {};
  for (const c of columns) out[c] = { count: 0, sum: 0n };
  for (const row of rows) {
    for (const c of columns) {
      const v = row[c];
      if (v === null || v === undefined) continue;
      out[c]!.count++;
      out[c]!.sum += BigInt(parseInt(createHash("md5").update(textOf(v)).digest("hex").slice(0, 8), 16));
    }
  }
  return out;
}

/** `Object.is` equality for scalars (NaN equals NaN, 0 differs from -0), deep for arrays and bytes. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return Object.is(a, b);
}

/** A discovered type name (`decimal(12,3)`, `list<int>`, `date`) as a column type. */
export function typeOf(name: string): ColumnType {
  const d = /^decimal\((\d+),(\d+)\)$/.exec(name);
  if (d) return { kind: "decimal", precision: Number(d[1]), scale: Number(d[2]) };
  const l = /^list<(.+)>$/.exec(name);
  if (l) return { kind: "list", element: typeOf(l[1]!) };
  return { kind: name } as ColumnType;
}

/** The contract a user would write for the stream: its discovered columns, optionally retyped. */
export async function contractOf(source: Source, stream: string, retype: Record<string, ColumnType> = {}): Promise<Contract> {
  const info = (await source.streams()).find((s) => s.name === stream)!;
  const columns = info.columns!.map((c) => ({ name: c.name, type: retype[c.name] ?? typeOf(c.type!), required: false }));
  return { name: stream, version: "1.0", columns, quality: [], tags: [], properties: {} };
}

/** The stream read and normalized: Arrow rows as JSON text, and the findings. */
export async function normalized(source: Source, stream: string, contract: Contract, batchSize = 5000) {
  const fieldIds = new Map(contract.columns.map((c, i) => [c.name, i + 1]));
  const rows: string[] = [];
  const issues: string[] = [];
  const batches: SourceBatch[] = [];
  for await (const b of source.read(stream, { batchSize })) {
    if (batches.length < 2) batches.push(b);
    const r = normalizeBatch(b, contract, "warn", fieldIds);
    for (const row of r.batch.toArray()) rows.push(JSON.stringify(row, (_, v) => (typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? [...v] : v)));
    issues.push(...r.issues.map((i) => `${i.kind} ${i.column} ${i.message}`));
  }
  return { rows, issues, batches };
}

/** `got` has `want`'s rows, in order, and its findings; a failure names the first row that differs. */
export function expectSameRows(what: string, got: Awaited<ReturnType<typeof normalized>>, want: Awaited<ReturnType<typeof normalized>>): void {
  expect({ what, rows: got.rows.length }).toEqual({ what, rows: want.rows.length });
  for (let i = 0; i < want.rows.length; i++) if (got.rows[i] !== want.rows[i]) throw new Error(`${what} row ${i}: got ${got.rows[i]}, expected ${want.rows[i]}`);
  expect(got.issues).toEqual(want.issues);
}
