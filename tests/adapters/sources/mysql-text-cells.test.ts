/**
 * Full MySQL / MariaDB reads through the kernels, from the row packets' bytes
 * (mysql-text-cells.ts, mysql-row-tap.ts), against the real server: after normalize, every
 * table gives exactly the Arrow data and the findings of the JS-value path, whose values the
 * database's own checksums vouch for (mysql-source.test.ts). Run with the WebAssembly kernels
 * and with their TypeScript twins.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import mysql from "mysql2";
import type mysqlPromise from "mysql2/promise";
import { type MysqlConnection, mysqlSource } from "../../../adapters/sources/mysql-source.ts";
import type { RowTapField } from "../../../adapters/sources/mysql-row-tap.ts";
import { mysqlTextCellsReader } from "../../../adapters/sources/mysql-text-cells.ts";
import type { ColumnType } from "../../../runtime/contract.ts";
import { cellKindsOf, TextCells, TypedCells } from "../../../runtime/normalize/column-cells.ts";
import type { Source } from "../../../runtime/source.ts";
import { loadMysql } from "../../../scripts/fixtures/load-sample-databases.ts";
import { kernels as loadKernels, type Kernels } from "../../../wasm/index.ts";
import { contractOf, expectSameRows, mysqlConnection, normalized, requireMysql } from "./sql-test-helpers.ts";

let db: mysqlPromise.Connection;
const kernelSets: Record<string, Kernels> = {};
const TABLES = ["dativo.types", "dativo.text_edges", "dativo.geo", "dbt3.lineitem", "dbt3.orders", "dbt3.customer", "dbt3.part", "dbt3.nation", "world.City", "world.Country", "world.CountryLanguage"];
/** Tables read from the row packets (the others must keep the driver's rows). */
const KERNEL_TABLES = ["dativo.types", "dativo.text_edges", "dbt3.lineitem", "dbt3.orders", "dbt3.customer", "dbt3.part", "dbt3.nation", "world.City", "world.Country", "world.CountryLanguage"];

beforeAll(async () => {
  db = await requireMysql();
  await loadMysql();
  // Values whose bytes the row packets must carry exactly: NULL next to '', lengths on each
  // side of the one- and three-byte length prefixes, text the CSV and COPY readers treat
  // specially, the zero dates, fractions of seconds, and floats at their extremes.
  await db.query(`
    SET SESSION sql_mode = '';
    DROP TABLE IF EXISTS dativo.text_edges;
    CREATE TABLE dativo.text_edges (
      id int, s varchar(300), t mediumtext, c char(3), e enum('a','bé','c'), x decimal(30,10), y decimal(12,2),
      d date, dt datetime(6), ts timestamp(3) NULL DEFAULT NULL, f float, g double, big bigint unsigned, yr year
    ) CHARACTER SET utf8mb4;
    INSERT INTO dativo.text_edges VALUES
      (1, '', '', '', 'a', 0, 0, '1970-01-01', '1970-01-01 00:00:00', '1970-01-01 00:00:01', 0, 0, 0, 1901),
      (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
      (3, REPEAT('x', 250), REPEAT('y', 251), 'abc', 'bé', 12345678901234567890.0123456789, -9999999999.99, '0000-00-00', '0000-00-00 00:00:00', NULL, 3.4028235e38, 1.7976931348623157e308, 18446744073709551615, 2155),
      (4, REPEAT('é', 251), REPEAT('z', 65535), 'ü', 'c', -0.0000000001, 0.01, '2024-02-29', '2024-02-29 23:59:59.999999', '2038-01-19 03:14:07.999', -1.17549435e-38, 5e-324, 9223372036854775808, 2000),
      (5, 'tab\\there, \\\\N, a\\nnewline, "quotes", \\'single\\'', REPEAT('w', 65536), 'N', 'a', 1, 2.5, '9999-12-31', '9999-12-31 23:59:59.5', '2000-01-01 00:00:00.5', 1.5, -0.0, 1, 1999),
      (6, '\\\\N', 'NULL', '""', 'a', -1, -1, '1000-01-01', '1000-01-01 00:00:00', '1999-12-31 23:59:59', -1.5, 1e-300, 2, 1901),
      (7, 'ünïcödé ✓ 𝄞', REPEAT('𝄞', 20000), 'ÿ', 'bé', 99999999999999999999.9999999999, 9999999999.99, '2000-00-00', '2000-01-00 00:00:00', NULL, 0.1, 0.1, 3, 2001);
    DROP TABLE IF EXISTS dativo.geo;
    CREATE TABLE dativo.geo (id int, name varchar(20), flag bit(1), at time(3), p point);
    INSERT INTO dativo.geo VALUES (1, 'origin', b'1', '12:34:56.5', POINT(0, 0)), (2, NULL, NULL, NULL, NULL);
    DROP FUNCTION IF EXISTS dativo.text_fail_after;
    CREATE FUNCTION dativo.text_fail_after(n int, lim int) RETURNS int DETERMINISTIC
      BEGIN IF n > lim THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'row limit reached'; END IF; RETURN n; END;
  `);
  const wasm = readFileSync(join(import.meta.dir, "../../../wasm/dativo_kernels.wasm"));
  kernelSets.wasm = await loadKernels({ prefer: "wasm", source: wasm });
  kernelSets.ts = await loadKernels({ prefer: "ts" });
});

afterAll(async () => {
  await db?.end();
});


describe.each(["wasm", "ts"])("MySQL full reads through the %s kernels", (which) => {
  it("give the JS-value path's Arrow data and findings for every table, in batches of any size", async () => {
    const plain = mysqlSource({ connection: mysqlConnection(), tables: TABLES });
    try {
      for (const table of TABLES) {
        const contract = await contractOf(plain, table);
        const fast = mysqlSource({ connection: mysqlConnection(), tables: TABLES, types: cellKindsOf(contract), kernels: kernelSets[which]! });
        try {
          for (const batchSize of [5000, 7, 1]) {
            if (batchSize === 1 && table === "dbt3.lineitem") continue;
            const want = await normalized(plain, table, contract, batchSize);
            const got = await normalized(fast, table, contract, batchSize);
            expectSameRows(`${table} in batches of ${batchSize}`, got, want);
            // A table the kernels can read arrives as their cells, text as UTF-8 bytes; any other
            // keeps the JS-value path, which hands strings out as JS values.
            for (const c of contract.columns) {
              const cells = got.batches[0]!.columns[c.name];
              const kernelCells = cells instanceof TextCells || cells instanceof TypedCells;
              if (KERNEL_TABLES.includes(table)) {
                // Strings as UTF-8 bytes show the packets were read here; the kinds the JS-value
                // path owns (bytes, time, booleans, json) arrive as its values.
                const owned = ["binary", "time", "boolean", "json"].includes(c.type.kind);
                expect({ table, column: c.name, kernelCells: kernelCells !== owned, text: c.type.kind !== "string" || cells instanceof TextCells }).toEqual({ table, column: c.name, kernelCells: true, text: true });
              } else expect({ table, column: c.name, text: cells instanceof TextCells }).toEqual({ table, column: c.name, text: false });
            }
          }
        } finally {
          await fast.close?.();
        }
      }
    } finally {
      await plain.close?.();
    }
  });
});

/** A source the kernels read with, typed as the contracts of lineitem, region and a failing query. */
async function fastSource(kernels: Kernels, connection: MysqlConnection = mysqlConnection()): Promise<Source> {
  const spec = {
    tables: ["dbt3.lineitem", "dbt3.region"],
    query: [{ name: "fails_midway", sql: "SELECT l_orderkey, dativo.text_fail_after(l_orderkey, 3000) AS x, l_comment FROM dbt3.lineitem" }],
  };
  const probe = mysqlSource({ connection: mysqlConnection(), ...spec });
  const types: Record<string, string> = {};
  try {
    for (const stream of ["dbt3.lineitem", "dbt3.region", "fails_midway"]) Object.assign(types, cellKindsOf(await contractOf(probe, stream)));
  } finally {
    await probe.close?.();
  }
  return mysqlSource({ connection, ...spec, types, kernels });
}

async function codeOf(read: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await read;
  } catch (e) {
    return { code: (e as { code?: string }).code, message: (e as Error).message };
  }
  return { message: "no error" };
}

describe("MySQL full reads from the row packets", () => {
  it("report a query that fails mid-stream as source.query_failed after the rows before it, and keep the pool usable", async () => {
    const source = await fastSource(kernelSets.wasm!);
    try {
      let rows = 0;
      let text = false;
      const e = await codeOf(
        (async () => {
          for await (const b of source.read("fails_midway", { batchSize: 100 })) {
            rows += b.numRows;
            text ||= b.columns.l_comment instanceof TextCells;
          }
        })(),
      );
      expect(e.code).toBe("source.query_failed");
      expect(e.message).toContain("row limit reached");
      expect(rows).toBeGreaterThan(0);
      expect(text).toBe(true);
      expect((await normalized(source, "dbt3.region", await contractOf(source, "dbt3.region"))).rows.length).toBe(5);
    } finally {
      await source.close?.();
    }
  });

  it("drop the connection of a read the consumer abandons, and the next read is whole", async () => {
    const source = await fastSource(kernelSets.wasm!, { ...mysqlConnection(), connectionLimit: 1 });
    try {
      for await (const b of source.read("dbt3.lineitem", { batchSize: 100 })) {
        expect(b.columns.l_comment instanceof TextCells).toBe(true);
        break;
      }
      const [{ n }] = (await db.query("SELECT count(*) AS n FROM dbt3.lineitem"))[0] as [{ n: number }];
      let rows = 0;
      for await (const b of source.read("dbt3.lineitem", { batchSize: 5000 })) rows += b.numRows;
      expect(rows).toBe(Number(n));
    } finally {
      await source.close?.();
    }
  });

  it("leave the rows to the driver where its settings decide the values: a pool the caller gives, text not in UTF-8", async () => {
    const contract = await (async () => {
      const probe = mysqlSource({ connection: mysqlConnection(), tables: ["dativo.text_edges"] });
      try {
        return await contractOf(probe, "dativo.text_edges");
      } finally {
        await probe.close?.();
      }
    })();
    const pool = mysql.createPool({ ...mysqlConnection(), charset: "utf8mb4", dateStrings: true });
    const given = mysqlSource({ pool, tables: ["dativo.text_edges"], types: cellKindsOf(contract), kernels: kernelSets.wasm! });
    const latin1 = mysqlSource({ connection: { ...mysqlConnection(), charset: "latin1" }, tables: ["dativo.text_edges"], types: cellKindsOf(contract), kernels: kernelSets.wasm! });
    const latin1Plain = mysqlSource({ connection: { ...mysqlConnection(), charset: "latin1" }, tables: ["dativo.text_edges"] });
    const plain = mysqlSource({ connection: mysqlConnection(), tables: ["dativo.text_edges"] });
    try {
      const viaPool = await normalized(given, "dativo.text_edges", contract);
      expectSameRows("a pool the caller gives", viaPool, await normalized(plain, "dativo.text_edges", contract));
      expect(viaPool.batches[0]!.columns.s instanceof TextCells).toBe(false);
      const viaLatin1 = await normalized(latin1, "dativo.text_edges", contract);
      expectSameRows("a latin1 connection", viaLatin1, await normalized(latin1Plain, "dativo.text_edges", contract));
      expect(viaLatin1.batches[0]!.columns.s instanceof TextCells).toBe(false);
      // The kernels still read it where the text is UTF-8.
      expect((await normalized(mysqlSource({ connection: mysqlConnection(), tables: ["dativo.text_edges"], types: cellKindsOf(contract), kernels: kernelSets.wasm! }), "dativo.text_edges", contract)).batches[0]!.columns.s instanceof TextCells).toBe(true);
    } finally {
      await new Promise<void>((resolve) => pool.end(() => resolve()));
      await Promise.all([latin1.close?.(), latin1Plain.close?.(), plain.close?.()]);
    }
  });
});

describe("mysqlTextCellsReader", () => {
  const columns = [
    { name: "id", columnType: { kind: "int" } as ColumnType },
    { name: "s", columnType: { kind: "string" } as ColumnType },
    { name: "x", columnType: { kind: "decimal", precision: 12, scale: 2 } as ColumnType },
  ];
  const types = { id: "int", s: "string", x: "decimal(12,2)" };
  /** The column definitions mysql2 gives for INT, VARCHAR in utf8mb4 and DECIMAL. */
  const fields: RowTapField[] = [
    { name: "id", columnType: 3, characterSet: 63, encoding: "binary" },
    { name: "s", columnType: 253, characterSet: 224, encoding: "utf8" },
    { name: "x", columnType: 246, characterSet: 63, encoding: "binary" },
  ];
  const utf8 = new TextEncoder();
  /** A text-protocol row: each value length-encoded with the prefix `wide` asks for, null as 0xFB. */
  function packet(values: (string | Uint8Array | null)[], wide: "1" | "fc" | "fd" | "fe" = "1"): Uint8Array {
    const parts: number[] = [];
    for (const v of values) {
      if (v === null) {
        parts.push(0xfb);
        continue;
      }
      const b = typeof v === "string" ? utf8.encode(v) : v;
      const n = b.length;
      if (wide === "1") parts.push(n);
      else if (wide === "fc") parts.push(0xfc, n & 255, n >> 8);
      else if (wide === "fd") parts.push(0xfd, n & 255, (n >> 8) & 255, n >> 16);
      else parts.push(0xfe, n & 255, (n >> 8) & 255, n >> 16, 0, 0, 0, 0, 0);
      parts.push(...b);
    }
    return Uint8Array.from(parts);
  }
  const rowsOf = (batches: { columns: Record<string, unknown>; numRows: number }[]) =>
    batches.flatMap((b) => Array.from({ length: b.numRows }, (_, r) => ["id", "s", "x"].map((n) => {
      const c = b.columns[n] as TextCells | TypedCells;
      return c instanceof TextCells ? c.get(r) : c.valid[r] ? String(c.values[r]) : c.texts?.get(r) ?? null;
    })));

  it.each(["wasm", "ts"])("reads every length prefix, NULL apart from '', and cuts batches where asked (%s)", (which) => {
    const reader = mysqlTextCellsReader({ columns, fields, kernels: kernelSets[which]!, types, origin: "t", batchSize: 2 })!;
    const batches = [];
    // A packet sits inside a larger buffer, as the driver's do.
    const rows: [(string | null)[], "1" | "fc" | "fd" | "fe"][] = [
      [["1", "", "0.00"], "1"],
      [["2", null, null], "1"],
      [[null, "é".repeat(200), "-12.5"], "fc"],
      [["4", "x".repeat(200_000), "1"], "fd"],
      [["5", "tab\there \\N \"q\"", "99"], "fe"],
    ];
    for (const [values, wide] of rows) {
      const p = packet(values, wide);
      const buffer = new Uint8Array(p.length + 7).fill(0xee);
      buffer.set(p, 3);
      const b = reader.push(buffer, 3, 3 + p.length);
      if (b) batches.push(b);
    }
    const last = reader.end();
    if (last) batches.push(last);
    expect(batches.map((b) => [b.numRows, b.firstRow])).toEqual([[2, 0], [2, 2], [1, 4]]);
    expect(rowsOf(batches)).toEqual([
      ["1", "", "0"],
      ["2", null, null],
      [null, "é".repeat(200), "-1250"],
      ["4", "x".repeat(200_000), "100"],
      ["5", "tab\there \\N \"q\"", "9900"],
    ]);
    expect(batches[0]!.columns.s instanceof TextCells && batches[0]!.columns.id instanceof TypedCells).toBe(true);
  });

  it("refuses a packet whose values do not match the result's columns, as source.query_failed", () => {
    const reader = () => mysqlTextCellsReader({ columns, fields, kernels: kernelSets.wasm!, types, origin: "mysql t", batchSize: 10 })!;
    const fail = (p: Uint8Array) => {
      try {
        reader().push(p, 0, p.length);
      } catch (e) {
        return `${(e as { code?: string }).code}: ${(e as Error).message}`;
      }
      return "read";
    };
    expect(fail(packet(["1", "a"]))).toContain("source.query_failed: mysql t: a row packet from the server has 2 values where the result has 3 columns");
    expect(fail(packet(["1", "a", "2", "3"]))).toContain("has more than the result's 3 values");
    expect(fail(packet(["1", "a", "2"]).subarray(0, 5))).toContain("ends inside its last value");
    expect(fail(Uint8Array.of(0xff, 0, 0))).toContain("holds the length prefix 0xff");
  });

  it("reads the other columns as the driver would give them, and leaves a result with a column it cannot read to the driver", () => {
    const more = [
      ...columns,
      { name: "flag", columnType: { kind: "boolean" } as ColumnType },
      { name: "at", columnType: { kind: "time" } as ColumnType },
      { name: "b", columnType: { kind: "binary" } as ColumnType },
      { name: "n", columnType: { kind: "int" } as ColumnType },
      { name: "f", columnType: { kind: "float" } as ColumnType },
      { name: "j", columnType: { kind: "json" } as ColumnType },
    ];
    // `n` and `f` are typed differently by the contract: they take the driver's values, then normalize.
    const moreTypes = { ...types, flag: "boolean", at: "time", b: "binary", n: "string", f: "double", j: "json" };
    const moreFields: RowTapField[] = [
      ...fields,
      { name: "flag", columnType: 16, characterSet: 63, encoding: "binary" },
      { name: "at", columnType: 11, characterSet: 63, encoding: "binary" },
      { name: "b", columnType: 252, characterSet: 63, encoding: "binary" },
      { name: "n", columnType: 3, characterSet: 63, encoding: "binary" },
      { name: "f", columnType: 4, characterSet: 63, encoding: "binary" },
      { name: "j", columnType: 245, characterSet: 63, encoding: "binary" },
    ];
    const reader = mysqlTextCellsReader({ columns: more, fields: moreFields, kernels: kernelSets.wasm!, types: moreTypes, origin: "t", batchSize: 10 })!;
    for (const p of [
      packet(["1", "a", "1.00", Uint8Array.of(1), "12:34:56.5", Uint8Array.of(0, 0xff), "-42", "0.1", '{"a": 1}']),
      // A value that begins with U+FEFF keeps it, as mysql2's decoding does.
      packet(["2", "b", "2.00", Uint8Array.of(0), "-838:59:59", Uint8Array.of(), "0", "-1.17549e-38", "\uFEFF[]"]),
    ]) {
      expect(reader.push(p, 0, p.length)).toBeUndefined();
    }
    const batch = reader.end()!;
    expect(batch.columns.flag).toEqual([true, false]);
    expect(batch.columns.at).toEqual(["12:34:56.500000", "-838:59:59.000000"]);
    expect(batch.columns.b).toEqual([Uint8Array.of(0, 0xff), new Uint8Array(0)]);
    expect(batch.columns.n).toEqual([-42, 0]);
    expect(batch.columns.f).toEqual([Math.fround(0.1), Math.fround(-1.17549e-38)]);
    expect(batch.columns.j).toEqual(['{"a": 1}', "\uFEFF[]"]);
    // GEOMETRY (mysql2 parses it into objects), a NULL-typed column, text in latin1, a column the
    // result names differently, or a column too many or too few: the driver reads the rows.
    const cannot: [string, RowTapField[]][] = [
      ["geometry", [fields[0]!, fields[1]!, { ...fields[2]!, columnType: 255 }]],
      ["null type", [fields[0]!, fields[1]!, { ...fields[2]!, columnType: 6 }]],
      ["latin1", [fields[0]!, { ...fields[1]!, characterSet: 8, encoding: "cp1252" }, fields[2]!]],
      ["renamed", [fields[0]!, { ...fields[1]!, name: "t" }, fields[2]!]],
      ["fewer", fields.slice(0, 2)],
    ];
    for (const [what, f] of cannot) {
      expect({ what, reader: mysqlTextCellsReader({ columns, fields: f, kernels: kernelSets.wasm!, types, origin: "t", batchSize: 10 }) }).toEqual({ what, reader: undefined });
    }
  });
});
