/**
 * The PostgreSQL source against the real server on loopback (scripts/services/postgres.sh start),
 * with the DBT-3 / World / types fixtures (scripts/fixtures/load-sample-databases.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { type AddressInfo, createServer } from "node:net";
import type postgres from "postgres";
import { coalescingSocket } from "../../../adapters/bun/coalescing-socket.ts";
import { postgresSource } from "../../../adapters/sources/postgres-source.ts";
import type { Source } from "../../../runtime/source.ts";
import { loadPostgres } from "../../../scripts/fixtures/load-sample-databases.ts";
import { pgTypes } from "../../../scripts/fixtures/types-table.ts";
import { checksums, pgConnection, readError, readStream, requirePostgres, sameValue } from "./sql-test-helpers.ts";

let sql: postgres.Sql;
let source: Source;
const DBT3 = ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"];

beforeAll(async () => {
  sql = await requirePostgres();
  await loadPostgres();
  await sql.unsafe(`
    DROP TABLE IF EXISTS public.src_events, public.src_nulls;
    CREATE TABLE public.src_events (id serial PRIMARY KEY, updated_at timestamptz NOT NULL, v text);
    INSERT INTO public.src_events (updated_at, v)
      SELECT timestamptz '2024-01-01 00:00:00+00' + (i / 3) * interval '1 minute', 'v' || i FROM generate_series(0, 29) i;
    CREATE TABLE public.src_nulls (id int PRIMARY KEY, ts timestamp);
    INSERT INTO public.src_nulls VALUES (1, now()), (2, NULL), (3, NULL);
  `);
  source = postgresSource({
    sql,
    tables: [...DBT3.map((t) => `dbt3.${t}`), "world.city", "public.types", { name: "public.src_events", cursorField: "updated_at" }],
    query: [
      { name: "events_nokey", sql: "SELECT updated_at, v FROM public.src_events", cursorField: "updated_at" },
      { name: "fails_midway", sql: "SELECT i, 1 / (i - 50000) AS x FROM generate_series(1, 200000) i" },
    ],
  });
});

afterAll(async () => {
  await source?.close?.();
  await sql?.end();
});

describe("postgresSource discovery", () => {
  it("maps every column of the types table to its documented contract type", async () => {
    const info = (await source.streams()).find((s) => s.name === "public.types")!;
    expect(info.columns!.map((c) => [c.name, c.type])).toEqual(pgTypes.columns.map((c) => [c.name, c.type]));
    expect(info.columns!.find((c) => c.name === "c_numeric")!.sourceType).toBe("numeric(38,10)");
  });

  it("discovers the columns of a custom query", async () => {
    const info = (await source.streams()).find((s) => s.name === "events_nokey")!;
    expect(info.columns!.map((c) => `${c.name}:${c.type}`)).toEqual(["updated_at:timestamptz", "v:string"]);
  });
});

describe("postgresSource full reads", () => {
  it("round-trips the types table with exact values", async () => {
    const { rows } = await readStream(source, "public.types");
    expect(rows.length).toBe(pgTypes.rows.length);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const fixtureRow of pgTypes.rows) {
      const row = byId.get(fixtureRow[0]![1])!;
      pgTypes.columns.forEach((c, i) => {
        const expected = fixtureRow[i]![1];
        if (!sameValue(row[c.name], expected)) throw new Error(`row ${row.id} column ${c.name}: got ${String(row[c.name])}, expected ${String(expected)}`);
      });
    }
  });

  it("reads every DBT-3 table with the row counts and column checksums the database computes", async () => {
    for (const table of DBT3) {
      const info = (await source.streams()).find((s) => s.name === `dbt3.${table}`)!;
      const columns = info.columns!.map((c) => c.name);
      const { rows, batches } = await readStream(source, `dbt3.${table}`, { batchSize: 1000 });
      const [{ n }] = await sql.unsafe(`SELECT count(*)::int AS n FROM dbt3.${table}`);
      expect(rows.length).toBe(n);
      expect(batches.every((b) => b.numRows <= 1000)).toBe(true);
      const mine = checksums(rows, columns);
      const sums = columns.map((c) => `count(${c})::int8 AS "${c}_n", coalesce(sum(('x' || substr(md5(format('%s', ${c})), 1, 8))::bit(32)::int8), 0)::text AS "${c}_s"`);
      const [db] = await sql.unsafe(`SELECT ${sums.join(", ")} FROM dbt3.${table}`);
      for (const c of columns) {
        expect({ table, c, count: mine[c]!.count, sum: mine[c]!.sum.toString() }).toEqual({ table, c, count: Number(db![`${c}_n`]), sum: db![`${c}_s`] });
      }
    }
  });

  it("stops a COPY that the consumer abandons and keeps its connections usable", async () => {
    const first = await readStream(source, "dbt3.lineitem", { batchSize: 100 }, 1);
    expect(first.rows.length).toBe(100);
    const again = await readStream(source, "dbt3.region");
    expect(again.rows.length).toBe(5);
  });
});

describe("postgresSource incremental reads", () => {
  it("resumes after a stopped run inside a group of equal timestamps with no gap and no duplicate", async () => {
    const first = await readStream(source, "public.src_events", { batchSize: 4 }, 2);
    expect(first.rows.length).toBe(8);
    // Rows come three per timestamp, so the second batch ends inside a group.
    const cursor = first.batches.at(-1)!.cursor!;
    expect(cursor).toEqual({ column: "updated_at", value: "2024-01-01T00:02:00.000000Z", key: { id: 8 } });
    const rest = await readStream(source, "public.src_events", { batchSize: 4, cursor });
    const ids = [...first.rows, ...rest.rows].map((r) => r.id);
    expect(ids).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it("picks up inserted and updated rows exactly once, including rows at the stored timestamp", async () => {
    const all = await readStream(source, "public.src_events", { batchSize: 7 });
    const cursor = all.batches.at(-1)!.cursor!;
    await sql.unsafe(`
      UPDATE public.src_events SET updated_at = timestamptz '2024-01-02 00:00:00+00', v = 'updated' WHERE id = 5;
      INSERT INTO public.src_events (updated_at, v) VALUES ('${(cursor.value as string).replace("T", " ")}', 'same-ts'), ('2024-01-03 00:00:00+00', 'new');
    `);
    try {
      const next = await readStream(source, "public.src_events", { cursor });
      expect(next.rows.map((r) => r.v)).toEqual(["same-ts", "updated", "new"]);
      const after = await readStream(source, "public.src_events", { cursor: next.batches.at(-1)!.cursor });
      expect(after.rows).toEqual([]);
    } finally {
      await sql.unsafe(`DELETE FROM public.src_events WHERE id > 30; UPDATE public.src_events SET updated_at = timestamptz '2024-01-01 00:01:00+00', v = 'v4' WHERE id = 5`);
    }
  });

  it("keeps rows with equal cursor values in one batch when the stream has no key", async () => {
    const first = await readStream(source, "events_nokey", { batchSize: 4 }, 1);
    // Four rows requested, but the fourth starts a group of three: the batch holds the whole group.
    expect(first.rows.length).toBe(6);
    expect(first.batches[0]!.cursor).toEqual({ column: "updated_at", value: "2024-01-01T00:01:00.000000Z" });
    const rest = await readStream(source, "events_nokey", { batchSize: 4, cursor: first.batches[0]!.cursor });
    expect(first.rows.length + rest.rows.length).toBe(30);
    expect(new Set([...first.rows, ...rest.rows].map((r) => r.v)).size).toBe(30);
  });

  it("limits a first read to the lookback window", async () => {
    const src = postgresSource({ sql, tables: [{ name: "public.src_events", cursorField: "updated_at" }], lookbackDays: 1, now: () => Date.parse("2024-01-02T00:05:00Z") });
    const { rows } = await readStream(src, "public.src_events");
    const minutes = [5, 6, 7, 8, 9].flatMap((m) => [m, m, m]);
    expect(rows.map((r) => r.updated_at)).toEqual(minutes.map((m) => `2024-01-01T00:0${m}:00.000000Z`));
  });
});

describe("postgresSource parallel ranges", () => {
  it("reads lineitem in four ranges concurrently, every row exactly once, and marks all ranges done", async () => {
    const src = postgresSource({ sql, tables: [{ name: "dbt3.lineitem", ranges: 4, rangeColumn: "l_orderkey" }] });
    const { rows, batches } = await readStream(src, "dbt3.lineitem", { batchSize: 500 });
    const keys = new Set(rows.map((r) => `${r.l_orderkey}/${r.l_linenumber}`));
    expect(rows.length).toBe(6005);
    expect(keys.size).toBe(6005);
    const last = batches.at(-1)!.cursor as { ranges: Array<{ done?: boolean }> };
    expect(last.ranges.length).toBe(4);
    expect(last.ranges.every((r) => r.done)).toBe(true);
  });

  it("resumes each range from a stopped parallel run with no gap and no duplicate", async () => {
    const src = postgresSource({ sql, tables: [{ name: "dbt3.lineitem", ranges: 3, rangeColumn: "l_orderkey" }] });
    const first = await readStream(src, "dbt3.lineitem", { batchSize: 300 }, 5);
    const rest = await readStream(src, "dbt3.lineitem", { batchSize: 300, cursor: first.batches.at(-1)!.cursor });
    const keys = [...first.rows, ...rest.rows].map((r) => `${r.l_orderkey}/${r.l_linenumber}`);
    expect(keys.length).toBe(6005);
    expect(new Set(keys).size).toBe(6005);
  });

  it("ends a parallel incremental read with a plain cursor at the newest row", async () => {
    const src = postgresSource({ sql, tables: [{ name: "public.src_events", cursorField: "updated_at", ranges: 3 }] });
    const { rows, batches } = await readStream(src, "public.src_events", { batchSize: 2 });
    expect(rows.length).toBe(30);
    expect(batches.at(-1)!.cursor).toEqual({ column: "updated_at", value: "2024-01-01T00:09:00.000000Z", key: { id: 30 } });
  });
});

describe("postgresSource errors", () => {
  it("reports a login the server refuses as source.auth without the password", async () => {
    await sql.unsafe("DROP ROLE IF EXISTS dativo_nologin; CREATE ROLE dativo_nologin NOLOGIN");
    const src = postgresSource({ sql: { ...pgConnection(), user: "dativo_nologin", password: "hunter2-secret" }, tables: ["dbt3.region"] });
    const e = await readError(src.streams());
    await src.close?.();
    expect(e.code).toBe("source.auth");
    expect(e.message).toContain("dativo_nologin");
    expect(e.message).not.toContain("hunter2-secret");
  });

  it("reports a closed port as source.unreachable naming host:port", async () => {
    for (const connectSocket of [undefined, coalescingSocket]) {
      const src = postgresSource({ sql: { ...pgConnection(), port: 1, password: "hunter2-secret" }, tables: ["dbt3.region"], connectSocket });
      const e = await readError(readStream(src, "dbt3.region"));
      await src.close?.();
      expect(e.code).toBe("source.unreachable");
      expect(e.message).toContain("127.0.0.1:1");
      expect(e.message).not.toContain("hunter2-secret");
    }
  });

  it("gives up after connectTimeoutSeconds on a server that never answers, as source.unreachable", async () => {
    // It takes the connection and says nothing; the test's own time limit fails a source that waits on.
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    // Both through the driver's own socket and through the Bun root's.
    for (const connectSocket of [undefined, coalescingSocket]) {
      const src = postgresSource({ sql: { ...pgConnection(), port, connectTimeoutSeconds: 1 }, tables: ["dbt3.region"], connectSocket });
      try {
        const e = await readError(readStream(src, "dbt3.region"));
        expect(e.code).toBe("source.unreachable");
        expect(e.message).toContain(`127.0.0.1:${port}`);
      } finally {
        await src.close?.();
      }
    }
    server.close();
  });

  it("reports a missing table and a missing cursor column as source.not_found", async () => {
    const src = postgresSource({ sql, tables: ["dbt3.no_such_table", { name: "dbt3.region", cursorField: "no_such_column" }] });
    const table = await readError(readStream(src, "dbt3.no_such_table"));
    expect(table.code).toBe("source.not_found");
    expect(table.message).toContain("no_such_table");
    const column = await readError(readStream(src, "dbt3.region"));
    expect(column.code).toBe("source.not_found");
    expect(column.message).toContain("`no_such_column`");
    expect(column.message).toContain("`r_regionkey`");
  });

  it("refuses a cursor column with nulls as source.malformed, saying how many and what to do", async () => {
    const src = postgresSource({ sql, tables: [{ name: "public.src_nulls", cursorField: "ts" }] });
    const e = await readError(readStream(src, "public.src_nulls"));
    expect(e.code).toBe("source.malformed");
    expect(e.message).toContain("2 row(s)");
    expect(e.message).toContain("full_refresh");
  });

  it("reports a query that fails mid-stream as source.query_failed after the rows before it", async () => {
    let rows = 0;
    const e = await readError(
      (async () => {
        for await (const b of source.read("fails_midway", { batchSize: 1000 })) rows += b.numRows;
      })(),
    );
    expect(e.code).toBe("source.query_failed");
    expect(e.message).toContain("division by zero");
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(50000);
    expect((await readStream(source, "dbt3.region")).rows.length).toBe(5);
  });
});
