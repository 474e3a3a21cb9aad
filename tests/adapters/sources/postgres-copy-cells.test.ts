/**
 * Full reads through the kernels (COPY's text format read as CSV, sql-copy-cells.ts) against the real server:
 * after normalize, every table gives exactly the Arrow data and the findings of the COPY text
 * path, whose values the database's own checksums vouch for (postgres-source.test.ts). Run with
 * the WebAssembly kernels and with their TypeScript twins.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { coalescingSocket } from "../../../adapters/bun/coalescing-socket.ts";
import { postgresSource } from "../../../adapters/sources/postgres-source.ts";
import type { ColumnType } from "../../../runtime/contract.ts";
import { cellKindsOf, TextCells, TypedCells } from "../../../runtime/normalize/column-cells.ts";
import type { Source } from "../../../runtime/source.ts";
import { loadPostgres } from "../../../scripts/fixtures/load-sample-databases.ts";
import { kernels as loadKernels, type Kernels } from "../../../wasm/index.ts";
import { contractOf, expectSameRows, normalized, PG_URL, pgConnection, requirePostgres } from "./sql-test-helpers.ts";

let sql: postgres.Sql;
const kernelSets: Record<string, Kernels> = {};
const TABLES = ["public.types", "public.csv_edges", "dbt3.lineitem", "dbt3.orders", "dbt3.customer", "dbt3.part", "world.city", "world.country"];

beforeAll(async () => {
  sql = await requirePostgres();
  await loadPostgres();
  // Values that CSV quoting, null rules and the kernels' parsers must all get right.
  await sql.unsafe(`
    DROP TABLE IF EXISTS public.csv_edges, public.csv_infinity;
    CREATE TABLE public.csv_infinity (id int, d date);
    INSERT INTO public.csv_infinity SELECT i, '2000-01-01'::date + i FROM generate_series(1, 100) i;
    INSERT INTO public.csv_infinity VALUES (101, 'infinity');
    CREATE TABLE public.csv_edges (s text, n int, d date, ts timestamp, tz timestamptz, f float8, x numeric(12,3), b bool, big int8);
    INSERT INTO public.csv_edges VALUES
      (E'\\uFEFFstarts with a byte-order mark', 1, '2024-02-29', '2024-02-29 23:59:59.999999', '1970-01-01 00:00:00+00', 1.5, 123456789.123, true, 9223372036854775807),
      ('', 0, '0001-01-01', '0001-01-01 00:00:00', '2038-01-19 03:14:08+00', 'NaN', -0.001, false, -9223372036854775808),
      (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
      ('a,b "quoted" and a' || chr(10) || 'newline and a' || chr(13) || chr(10) || 'CRLF', -2147483648, '2000-01-04', '2000-01-04 00:00:00', '2000-01-04 00:00:00+00', 'Infinity', 0, NULL, 0),
      (E'back\\\\slash \\\\N and \\\\x41', 2147483647, '1999-12-31', '1999-12-31 12:00:00.5', '1999-12-31 23:00:00-05', '-Infinity', 999999999.999, true, 1),
      ('""', 7, '2000-01-01', '2000-01-01 00:00:00', '2000-01-01 00:00:00+00', -0.0, -999999999.999, false, 2),
      ('ünïcödé ✓ 𝄞', 8, '2000-01-02', '2000-01-02 00:00:00', '2000-01-02 00:00:00+00', 1e300, 1.5, true, 3),
      ('NULL', 9, '2000-01-03', '2000-01-03 00:00:00', '2000-01-03 00:00:00+00', 5e-324, 2, false, 4),
      (E'tab\there, \\\\N, \b\f\v, \\\\t and a trailing backslash \\\\', 10, '2000-01-05', '2000-01-05 00:00:00', '2000-01-05 00:00:00+00', 0.1, 3, true, 5),
      (E'\\\\N', 11, '2000-01-06', '2000-01-06 00:00:00', '2000-01-06 00:00:00+00', 0.2, 4, false, 6),
      (E'ÿ \\\\ÿ', 12, '2000-01-07', '2000-01-07 00:00:00', '2000-01-07 00:00:00+00', 0.3, 5, true, 7);
    -- The same texts again in a column that is not the first.
    ALTER TABLE public.csv_edges ADD COLUMN t text;
    UPDATE public.csv_edges SET t = s;
  `);
  const wasm = readFileSync(join(import.meta.dir, "../../../wasm/dativo_kernels.wasm"));
  kernelSets.wasm = await loadKernels({ prefer: "wasm", source: wasm });
  kernelSets.ts = await loadKernels({ prefer: "ts" });
});

afterAll(async () => {
  await sql?.end();
});

describe.each(["wasm", "ts"])("PostgreSQL full reads through the %s kernels", (which) => {
  it("give the text path's Arrow data and findings for every table, with typed and text cells", async () => {
    const plain = postgresSource({ sql, tables: TABLES });
    try {
      for (const table of TABLES) {
        const contract = await contractOf(plain, table);
        const types = cellKindsOf(contract);
        const fast = postgresSource({ sql, tables: TABLES, kernels: kernelSets[which]!, types });
        const want = await normalized(plain, table, contract);
        const got = await normalized(fast, table, contract);
        expectSameRows(table, got, want);
        // The kernels did the reading: no column of a full read arrives as one JS value per cell
        // unless its type is one the text path's parser owns.
        const first = got.batches[0]!;
        for (const c of contract.columns) {
          const cells = first.columns[c.name];
          const owned = ["binary", "time", "list", "boolean"].includes(c.type.kind);
          expect({ table, column: c.name, cells: owned || cells instanceof TextCells || cells instanceof TypedCells }).toEqual({ table, column: c.name, cells: true });
          // Decimals within 18 digits are parsed by the kernels too.
          if (c.type.kind === "decimal" && c.type.precision <= 18) expect({ table, column: c.name, typed: cells instanceof TypedCells }).toEqual({ table, column: c.name, typed: true });
        }
      }
    } finally {
      await plain.close?.();
    }
  });

  it("reads every table the same through a connection the source owns, whose COPY rows come merged per socket read", async () => {
    const plain = postgresSource({ sql, tables: TABLES });
    try {
      for (const table of TABLES) {
        const contract = await contractOf(plain, table);
        const types = cellKindsOf(contract);
        const want = await normalized(plain, table, contract);
        // The kernel path, and the text path (no kernels) that ordered reads take.
        for (const kernels of [kernelSets[which]!, undefined]) {
          const owned = postgresSource({ sql: pgConnection(), tables: TABLES, kernels, types, connectSocket: coalescingSocket });
          try {
            expectSameRows(`${table} (${kernels ? "kernels" : "text path"})`, await normalized(owned, table, contract), want);
          } finally {
            await owned.close?.();
          }
        }
      }
    } finally {
      await plain.close?.();
    }
  });

  it("keeps JS values where the contract types a column differently from the database", async () => {
    const plain = postgresSource({ sql, tables: ["public.csv_edges"] });
    const retype: Record<string, ColumnType> = { n: { kind: "long" }, big: { kind: "string" }, d: { kind: "string" }, ts: { kind: "string" }, f: { kind: "string" } };
    const contract = await contractOf(plain, "public.csv_edges", retype);
    const types = cellKindsOf(contract);
    const fast = postgresSource({ sql, tables: ["public.csv_edges"], kernels: kernelSets[which]!, types });
    try {
      const want = await normalized(plain, "public.csv_edges", contract);
      const got = await normalized(fast, "public.csv_edges", contract);
      expect(got.rows).toEqual(want.rows);
      expect(got.issues).toEqual(want.issues);
      expect(got.rows.some((r) => r.includes('"ts":"2024-02-29T23:59:59.999999"'))).toBe(true);
    } finally {
      await plain.close?.();
      await fast.close?.();
    }
  });

  it("keeps a U+FEFF that begins the first value of the output, in its bytes and its text", async () => {
    const plain = postgresSource({ sql, tables: ["public.csv_edges"] });
    const fast = postgresSource({ sql, tables: ["public.csv_edges"], kernels: kernelSets[which]!, types: { s: "string", t: "string" } });
    try {
      const firstOf = async (source: Source) => {
        for await (const b of source.read("public.csv_edges")) return b;
        throw new Error("no batch");
      };
      const cells = (await firstOf(fast)).columns.s as TextCells;
      expect(cells instanceof TextCells).toBe(true);
      expect(Array.from(cells.data.subarray(cells.offsets[0]!, cells.offsets[0]! + 4))).toEqual([0xef, 0xbb, 0xbf, 0x73]);
      expect(cells.get(0)).toBe("\uFEFFstarts with a byte-order mark");
      expect(((await firstOf(plain)).columns.s as string[])[0]).toBe("\uFEFFstarts with a byte-order mark");
    } finally {
      await plain.close?.();
      await fast.close?.();
    }
  });

  it("gets valid UTF-8 only, even from a SQL_ASCII database, so COPY output needs no check", async () => {
    // SQL_ASCII stores bytes unconverted (here 0xe9 and 0xff, which are no UTF-8); to a UTF8
    // client (postgres.js sets client_encoding) the server refuses to send them.
    await sql.unsafe("DROP DATABASE IF EXISTS dativo_sql_ascii");
    await sql.unsafe("CREATE DATABASE dativo_sql_ascii ENCODING 'SQL_ASCII' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'");
    const url = new URL(PG_URL);
    url.pathname = "/dativo_sql_ascii";
    const ascii = postgres(url.toString(), { max: 2, onnotice: () => {} });
    try {
      await ascii.unsafe("CREATE TABLE bytes (id int, s text); INSERT INTO bytes VALUES (1, 'plain'), (2, E'caf\\xe9 \\xff')");
      const failure = async (source: Source) => {
        try {
          for await (const _ of source.read("public.bytes")) void _;
        } catch (e) {
          return [(e as { code?: string }).code, (e as Error).message.includes("22021")];
        }
        return "read";
      };
      const plain = postgresSource({ sql: ascii, tables: ["public.bytes"] });
      const fast = postgresSource({ sql: ascii, tables: ["public.bytes"], kernels: kernelSets[which]!, types: { id: "int", s: "string" } });
      expect(await failure(fast)).toEqual(["source.query_failed", true]);
      expect(await failure(plain)).toEqual(["source.query_failed", true]);
    } finally {
      await ascii.end();
      await sql.unsafe("DROP DATABASE IF EXISTS dativo_sql_ascii");
    }
  });

  it("rejects a value the contract type cannot hold with the text path's error", async () => {
    const plain = postgresSource({ sql, tables: ["public.csv_infinity"] });
    const fast = postgresSource({ sql, tables: ["public.csv_infinity"], kernels: kernelSets[which]!, types: { id: "int", d: "date" } });
    const failure = async (source: Source) => {
      try {
        for await (const _ of source.read("public.csv_infinity")) void _;
      } catch (e) {
        return `${(e as { code?: string }).code}: ${(e as Error).message}`;
      }
      return "no error";
    };
    try {
      const want = await failure(plain);
      expect(want).toContain("source.malformed");
      expect(want).toContain("infinity");
      expect(await failure(fast)).toBe(want);
    } finally {
      await plain.close?.();
      await fast.close?.();
    }
  });

  it("reports a query that fails mid-stream, and stops an abandoned COPY leaving the connection usable", async () => {
    // On the shared connection, and on one the source owns (a single one, on the Bun root's socket).
    for (const connection of [sql, { ...pgConnection(), max: 1 }]) {
      const fast = postgresSource({
        sql: connection,
        connectSocket: coalescingSocket,
        tables: ["dbt3.lineitem", "dbt3.region"],
        query: { name: "fails_midway", sql: "SELECT i, 1 / (i - 50000) AS x FROM generate_series(1, 200000) i" },
        kernels: kernelSets[which]!,
        types: { i: "int", x: "int" },
      });
      try {
        let rows = 0;
        let code = "no error";
        try {
          for await (const b of fast.read("fails_midway", { batchSize: 1000 })) rows += b.numRows;
        } catch (e) {
          code = `${(e as { code?: string }).code}: ${(e as Error).message}`;
        }
        expect(code).toContain("source.query_failed");
        expect(code).toContain("division by zero");
        expect(rows).toBeGreaterThan(0);
        expect(rows).toBeLessThan(50000);
        for await (const b of fast.read("dbt3.lineitem", { batchSize: 100 })) {
          expect(b.numRows).toBe(100);
          break;
        }
        let regions = 0;
        for await (const b of fast.read("dbt3.region")) regions += b.numRows;
        expect(regions).toBe(5);
      } finally {
        await fast.close?.();
      }
    }
  });

  it("reads a table in parallel ranges with every row once (ranges take the text path)", async () => {
    const fast = postgresSource({ sql, tables: [{ name: "dbt3.orders", ranges: 3, rangeColumn: "o_orderkey" }], kernels: kernelSets[which]!, types: { o_orderkey: "int", o_totalprice: "double" } });
    try {
      const keys: unknown[] = [];
      for await (const b of fast.read("dbt3.orders", { batchSize: 500 })) keys.push(...(b.columns.o_orderkey as unknown[]));
      const [{ n, d }] = await sql.unsafe(`SELECT count(*)::int AS n, count(DISTINCT o_orderkey)::int AS d FROM dbt3.orders`);
      expect(keys.length).toBe(n);
      expect(new Set(keys).size).toBe(d);
    } finally {
      await fast.close?.();
    }
  });

  it("reads a value longer than a CSV file's record limit (PostgreSQL values reach 1 GB)", async () => {
    const fast = postgresSource({ sql, query: { name: "big", sql: "SELECT 1 AS id, repeat('xy', 9000000) AS doc" }, kernels: kernelSets[which]!, types: { id: "int", doc: "string" } });
    try {
      const docs: (string | null)[] = [];
      for await (const b of fast.read("big")) docs.push(...(b.columns.doc as TextCells).strings());
      expect(docs.length).toBe(1);
      expect(docs[0]!.length).toBe(18_000_000);
    } finally {
      await fast.close?.();
    }
  });

  it("splits batches at the batch size and reads a table of one column through the text path", async () => {
    const fast = postgresSource({ sql, tables: ["dbt3.lineitem", "dbt3.region"], query: { name: "one_column", sql: "SELECT CASE WHEN i % 2 = 0 THEN NULL ELSE i END AS v FROM generate_series(1, 10) i" }, kernels: kernelSets[which]! });
    try {
      const sizes: number[] = [];
      for await (const b of fast.read("dbt3.lineitem", { batchSize: 777 })) sizes.push(b.numRows);
      const [{ n }] = await sql.unsafe(`SELECT count(*)::int AS n FROM dbt3.lineitem`);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
      expect(sizes.slice(0, -1).every((s) => s === 777)).toBe(true);
      const values: unknown[] = [];
      for await (const b of fast.read("one_column")) values.push(...(b.columns.v as unknown[]));
      expect(values).toEqual([1, null, 3, null, 5, null, 7, null, 9, null]);
    } finally {
      await fast.close?.();
    }
  });
});
