/**
 * The MySQL source against the real MariaDB on loopback (scripts/services/mariadb.sh start), with the
 * DBT-3 / World / types fixtures (scripts/fixtures/load-sample-databases.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import type mysql from "mysql2/promise";
import { mysqlSource } from "../../../adapters/sources/mysql-source.ts";
import type { Source } from "../../../runtime/source.ts";
import { loadMysql } from "../../../scripts/fixtures/load-sample-databases.ts";
import { mysqlTypes } from "../../../scripts/fixtures/types-table.ts";
import { checksums, mysqlConnection, readError, readStream, requireMysql, sameValue } from "./sql-test-helpers.ts";

let db: mysql.Connection;
let source: Source;
const DBT3 = ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"];

beforeAll(async () => {
  db = await requireMysql();
  await loadMysql();
  await db.query(`
    DROP TABLE IF EXISTS dativo.src_events, dativo.src_nulls;
    CREATE TABLE dativo.src_events (id int AUTO_INCREMENT PRIMARY KEY, updated_at datetime(6) NOT NULL, v varchar(20));
    INSERT INTO dativo.src_events (updated_at, v)
      WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 29)
      SELECT TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i DIV 3) MINUTE, CONCAT('v', i) FROM s ORDER BY i;
    CREATE TABLE dativo.src_nulls (id int PRIMARY KEY, ts datetime NULL);
    INSERT INTO dativo.src_nulls VALUES (1, NOW()), (2, NULL), (3, NULL);
    DROP FUNCTION IF EXISTS dativo.fail_after;
    CREATE FUNCTION dativo.fail_after(n int, lim int) RETURNS int DETERMINISTIC
      BEGIN IF n > lim THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'row limit reached'; END IF; RETURN n; END;
  `);
  source = mysqlSource({
    pool: mysqlConnection(),
    tables: [...DBT3.map((t) => `dbt3.${t}`), "world.City", "dativo.types", { name: "dativo.src_events", cursorField: "updated_at" }],
    query: [
      { name: "events_nokey", sql: "SELECT updated_at, v FROM dativo.src_events", cursorField: "updated_at" },
      { name: "fails_midway", sql: "SELECT l_orderkey, dativo.fail_after(l_orderkey, 3000) AS x, l_comment FROM dbt3.lineitem" },
    ],
  });
});

afterAll(async () => {
  await source?.close?.();
  await db?.end();
});

describe("mysqlSource discovery", () => {
  it("maps every column of the types table to its documented contract type", async () => {
    const info = (await source.streams()).find((s) => s.name === "dativo.types")!;
    expect(info.columns!.map((c) => [c.name, c.type])).toEqual(mysqlTypes.columns.map((c) => [c.name, c.type]));
  });

  it("discovers the columns of a custom query", async () => {
    const info = (await source.streams()).find((s) => s.name === "events_nokey")!;
    expect(info.columns!.map((c) => `${c.name}:${c.type}`)).toEqual(["updated_at:timestamp", "v:string"]);
  });
});

describe("mysqlSource full reads", () => {
  it("round-trips the types table with exact values", async () => {
    const { rows } = await readStream(source, "dativo.types");
    expect(rows.length).toBe(mysqlTypes.rows.length);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const fixtureRow of mysqlTypes.rows) {
      const row = byId.get(fixtureRow[0]![1])!;
      mysqlTypes.columns.forEach((c, i) => {
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
      const [[{ n }]] = (await db.query(`SELECT count(*) AS n FROM dbt3.${table}`)) as unknown as [[{ n: number }]];
      expect(rows.length).toBe(Number(n));
      expect(batches.every((b) => b.numRows <= 1000)).toBe(true);
      const mine = checksums(rows, columns);
      const sums = columns.map((c) => `count(${c}) AS \`${c}_n\`, CAST(coalesce(sum(conv(substr(md5(CAST(${c} AS CHAR)), 1, 8), 16, 10)), 0) AS CHAR) AS \`${c}_s\``);
      const [[dbRow]] = (await db.query(`SELECT ${sums.join(", ")} FROM dbt3.${table}`)) as unknown as [[Record<string, unknown>]];
      for (const c of columns) {
        expect({ table, c, count: mine[c]!.count, sum: mine[c]!.sum.toString() }).toEqual({ table, c, count: Number(dbRow[`${c}_n`]), sum: String(dbRow[`${c}_s`]) });
      }
    }
  });

  it("drops the connection of a read the consumer abandons and keeps the pool usable", async () => {
    const first = await readStream(source, "dbt3.lineitem", { batchSize: 100 }, 1);
    expect(first.rows.length).toBe(100);
    expect((await readStream(source, "dbt3.region")).rows.length).toBe(5);
  });
});

describe("mysqlSource incremental reads", () => {
  it("resumes after a stopped run inside a group of equal timestamps with no gap and no duplicate", async () => {
    const first = await readStream(source, "dativo.src_events", { batchSize: 4 }, 2);
    expect(first.rows.length).toBe(8);
    const cursor = first.batches.at(-1)!.cursor!;
    expect(cursor).toEqual({ column: "updated_at", value: "2024-01-01T00:02:00.000000", key: { id: 8 } });
    const rest = await readStream(source, "dativo.src_events", { batchSize: 4, cursor });
    expect([...first.rows, ...rest.rows].map((r) => r.id)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it("picks up inserted and updated rows exactly once, including rows at the stored timestamp", async () => {
    const all = await readStream(source, "dativo.src_events", { batchSize: 7 });
    const cursor = all.batches.at(-1)!.cursor!;
    await db.query(`
      UPDATE dativo.src_events SET updated_at = '2024-01-02 00:00:00', v = 'updated' WHERE id = 5;
      INSERT INTO dativo.src_events (updated_at, v) VALUES ('${(cursor.value as string).replace("T", " ")}', 'same-ts'), ('2024-01-03 00:00:00', 'new');
    `);
    try {
      const next = await readStream(source, "dativo.src_events", { cursor });
      expect(next.rows.map((r) => r.v)).toEqual(["same-ts", "updated", "new"]);
      expect((await readStream(source, "dativo.src_events", { cursor: next.batches.at(-1)!.cursor })).rows).toEqual([]);
    } finally {
      await db.query("DELETE FROM dativo.src_events WHERE id > 30; UPDATE dativo.src_events SET updated_at = '2024-01-01 00:01:00', v = 'v4' WHERE id = 5");
    }
  });

  it("keeps rows with equal cursor values in one batch when the stream has no key", async () => {
    const first = await readStream(source, "events_nokey", { batchSize: 4 }, 1);
    expect(first.rows.length).toBe(6);
    expect(first.batches[0]!.cursor).toEqual({ column: "updated_at", value: "2024-01-01T00:01:00.000000" });
    const rest = await readStream(source, "events_nokey", { batchSize: 4, cursor: first.batches[0]!.cursor });
    expect(new Set([...first.rows, ...rest.rows].map((r) => r.v)).size).toBe(30);
    expect(first.rows.length + rest.rows.length).toBe(30);
  });
});

describe("mysqlSource parallel ranges", () => {
  it("reads lineitem in four ranges concurrently, every row exactly once, and marks all ranges done", async () => {
    const src = mysqlSource({ pool: mysqlConnection(), tables: [{ name: "dbt3.lineitem", ranges: 4, rangeColumn: "l_orderkey" }] });
    const { rows, batches } = await readStream(src, "dbt3.lineitem", { batchSize: 500 });
    await src.close?.();
    expect(rows.length).toBe(6005);
    expect(new Set(rows.map((r) => `${r.l_orderkey}/${r.l_linenumber}`)).size).toBe(6005);
    const last = batches.at(-1)!.cursor as { ranges: Array<{ done?: boolean }> };
    expect(last.ranges.every((r) => r.done)).toBe(true);
  });

  it("resumes each range from a stopped parallel run with no gap and no duplicate", async () => {
    const src = mysqlSource({ pool: mysqlConnection(), tables: [{ name: "dbt3.lineitem", ranges: 3, rangeColumn: "l_orderkey" }] });
    const first = await readStream(src, "dbt3.lineitem", { batchSize: 300 }, 5);
    const rest = await readStream(src, "dbt3.lineitem", { batchSize: 300, cursor: first.batches.at(-1)!.cursor });
    await src.close?.();
    const keys = [...first.rows, ...rest.rows].map((r) => `${r.l_orderkey}/${r.l_linenumber}`);
    expect(keys.length).toBe(6005);
    expect(new Set(keys).size).toBe(6005);
  });
});

describe("mysqlSource errors", () => {
  it("reports a wrong password as source.auth without the password", async () => {
    const src = mysqlSource({ pool: { ...mysqlConnection(), password: "hunter2-secret" }, tables: ["dbt3.region"] });
    const e = await readError(src.streams());
    await src.close?.();
    expect(e.code).toBe("source.auth");
    expect(e.message).toContain("`dativo`");
    expect(e.message).not.toContain("hunter2-secret");
  });

  it("reports a closed port as source.unreachable naming host:port", async () => {
    const src = mysqlSource({ pool: { ...mysqlConnection(), port: 1 }, tables: ["dbt3.region"] });
    const e = await readError(readStream(src, "dbt3.region"));
    await src.close?.();
    expect(e.code).toBe("source.unreachable");
    expect(e.message).toContain("127.0.0.1:1");
    expect(e.message).not.toContain("dativo@");
  });

  it("reports a missing table and a missing cursor column as source.not_found", async () => {
    const src = mysqlSource({ pool: mysqlConnection(), tables: ["dbt3.no_such_table", { name: "dbt3.region", cursorField: "no_such_column" }] });
    const table = await readError(readStream(src, "dbt3.no_such_table"));
    const column = await readError(readStream(src, "dbt3.region"));
    await src.close?.();
    expect(table.code).toBe("source.not_found");
    expect(table.message).toContain("no_such_table");
    expect(column.code).toBe("source.not_found");
    expect(column.message).toContain("`no_such_column`");
  });

  it("refuses a cursor column with nulls as source.malformed, saying how many and what to do", async () => {
    const src = mysqlSource({ pool: mysqlConnection(), tables: [{ name: "dativo.src_nulls", cursorField: "ts" }] });
    const e = await readError(readStream(src, "dativo.src_nulls"));
    await src.close?.();
    expect(e.code).toBe("source.malformed");
    expect(e.message).toContain("2 row(s)");
  });

  it("reports a query that fails mid-stream as source.query_failed after the rows before it", async () => {
    let rows = 0;
    const e = await readError(
      (async () => {
        for await (const b of source.read("fails_midway", { batchSize: 100 })) rows += b.numRows;
      })(),
    );
    expect(e.code).toBe("source.query_failed");
    expect(e.message).toContain("row limit reached");
    expect(rows).toBeGreaterThan(0);
    expect((await readStream(source, "dbt3.region")).rows.length).toBe(5);
  });
});
