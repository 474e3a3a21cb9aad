/**
 * Full MySQL / MariaDB reads into typed cells (mysql-cells.ts) against the real server: after
 * normalize, every table gives exactly the Arrow data and the findings of the JS-value path, whose
 * values the database's own checksums vouch for (mysql-source.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import type mysql from "mysql2/promise";
import { MysqlCells } from "../../../adapters/sources/mysql-cells.ts";
import { mysqlSource } from "../../../adapters/sources/mysql-source.ts";
import type { ColumnType } from "../../../runtime/contract.ts";
import { cellKindsOf, TypedCells } from "../../../runtime/normalize/column-cells.ts";
import { loadMysql } from "../../../scripts/fixtures/load-sample-databases.ts";
import { contractOf, expectSameRows, mysqlConnection, normalized, requireMysql } from "./sql-test-helpers.ts";

let db: mysql.Connection;
const TABLES = ["dativo.types", "dativo.cell_edges", "dbt3.lineitem", "dbt3.orders", "dbt3.customer", "dbt3.part", "world.City", "world.Country"];

beforeAll(async () => {
  db = await requireMysql();
  await loadMysql();
  // Values at the edges of each typed form: extremes, signs, more than 15 digits, the zero date.
  await db.query(`
    SET SESSION sql_mode = '';
    DROP TABLE IF EXISTS dativo.cell_edges;
    CREATE TABLE dativo.cell_edges (n int, big bigint, ubig int unsigned, d date, x decimal(15,3), y decimal(18,4), z decimal(5,0), w decimal(15,15), t varchar(20));
    INSERT INTO dativo.cell_edges VALUES
      (-2147483648, -9223372036854775808, 4294967295, '0000-00-00', -999999999999.999, -99999999999999.9999, -99999, -0.999999999999999, 'a'),
      (2147483647, 9223372036854775807, 0, '9999-12-31', 999999999999.999, 99999999999999.9999, 99999, 0.999999999999999, NULL),
      (0, 999999999999999, 1, '1000-01-01', 0, 0, 0, 0, ''),
      (-1, -999999999999999, 2, '2024-02-29', -0.001, 1234567890123.4567, -1, -0.000000000000001, 'ünï'),
      (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
      (7, 1000000000000000, 3, '2000-00-00', 1.5, -0.0001, 7, 0.5, '7');
  `);
});

afterAll(async () => {
  await db?.end();
});


describe("MySQL full reads into typed cells", () => {
  it("give the JS-value path's Arrow data and findings for every table", async () => {
    const plain = mysqlSource({ connection: mysqlConnection(), tables: TABLES });
    try {
      for (const table of TABLES) {
        const contract = await contractOf(plain, table);
        const fast = mysqlSource({ connection: mysqlConnection(), tables: TABLES, types: cellKindsOf(contract) });
        try {
          for (const batchSize of [5000, 7]) {
            const want = await normalized(plain, table, contract, batchSize);
            const got = await normalized(fast, table, contract, batchSize);
            expectSameRows(`${table} in batches of ${batchSize}`, got, want);
            // Ints, longs, dates and decimals of up to 15 digits arrive typed.
            for (const c of contract.columns) {
              const typed = ["int", "long", "date"].includes(c.type.kind) || (c.type.kind === "decimal" && c.type.precision <= 15);
              const cells = got.batches[0]!.columns[c.name];
              expect({ table, column: c.name, typed: cells instanceof TypedCells }).toEqual({ table, column: c.name, typed });
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

  it("keeps JS values where the contract types a column differently from the database", async () => {
    const plain = mysqlSource({ connection: mysqlConnection(), tables: ["dativo.cell_edges"] });
    const retype: Record<string, ColumnType> = { n: { kind: "long" }, big: { kind: "string" }, d: { kind: "string" }, x: { kind: "decimal", precision: 18, scale: 4 } };
    const contract = await contractOf(plain, "dativo.cell_edges", retype);
    const fast = mysqlSource({ connection: mysqlConnection(), tables: ["dativo.cell_edges"], types: cellKindsOf(contract) });
    try {
      const want = await normalized(plain, "dativo.cell_edges", contract);
      const got = await normalized(fast, "dativo.cell_edges", contract);
      expect(got.rows).toEqual(want.rows);
      expect(got.issues).toEqual(want.issues);
      for (const name of Object.keys(retype)) expect({ name, typed: got.batches[0]!.columns[name] instanceof TypedCells }).toEqual({ name, typed: false });
    } finally {
      await plain.close?.();
      await fast.close?.();
    }
  });

  it("takes the plain forms the server prints without the JS-value path, and only those", () => {
    const columns = [
      { name: "d", columnType: { kind: "date" } as ColumnType },
      { name: "x", columnType: { kind: "decimal", precision: 15, scale: 2 } as ColumnType },
      { name: "l", columnType: { kind: "long" } as ColumnType },
      { name: "i", columnType: { kind: "int" } as ColumnType },
    ];
    const cells = new MysqlCells(columns, { d: "date", x: "decimal(15,2)", l: "long", i: "int" }, 8, "t");
    const rows = [
      ["1996-09-28", "1234567890123.45", "-999999999999999", -2147483648],
      ["2024-02-29", "-0.05", "123", 2147483647],
      ["0000-00-00", "1.5", "9223372036854775807", 1.5],
      ["2023-02-29", "12345678901234.56", "-0", null],
      // A pool of the caller's own may give numbers: a long is taken, a decimal is not (its scale is unknown).
      ["1970-01-01", 12, 7, 0],
    ];
    for (const r of rows) cells.push(r);
    const batch = cells.take();
    const col = (name: string) => batch.columns[name] as TypedCells;
    const view = (name: string) => ({ valid: Array.from(col(name).valid), texts: [...(col(name).texts ?? new Map())], values: Array.from(col(name).values, String) });
    // Typed where the form is plain; the rest as the JS-value path leaves it (null, or text).
    expect(view("d")).toEqual({ valid: [1, 1, 0, 0, 1], texts: [[3, "2023-02-29"]], values: ["9767", "19782", "0", "0", "0"] });
    expect(view("x")).toEqual({ valid: [1, 1, 0, 0, 0], texts: [[2, "1.5"], [3, "12345678901234.56"], [4, "12"]], values: ["123456789012345", "-5", "0", "0", "0"] });
    expect(view("l")).toEqual({ valid: [1, 1, 0, 1, 1], texts: [[2, "9223372036854775807"]], values: ["-999999999999999", "123", "0", "0", "7"] });
    expect(view("i")).toEqual({ valid: [1, 1, 0, 0, 1], texts: [[2, "1.5"]], values: ["-2147483648", "2147483647", "0", "0", "0"] });
  });
});
