import { beforeAll, describe, expect, it } from "bun:test";
import fc from "fast-check";
import type { DuckDBConnection } from "@duckdb/duckdb-wasm/blocking";
import { duckdbWasmQuality } from "../../../adapters/engines/duckdb-wasm-quality.ts";
import type { QualityRule } from "../../../runtime/contract.ts";
import { streamingQuality } from "../../../runtime/quality/streaming-quality.ts";
import { argumentsCase, caseContract, exampleCases } from "../../runtime/quality/odcs-example-cases.ts";
import { batchOf, brief, contractOf, evaluate } from "../../runtime/quality/quality-data.ts";
import { duckdbWasm } from "./duckdb-wasm-db.ts";

let connect: () => DuckDBConnection;
beforeAll(async () => {
  connect = (await duckdbWasm()).connect;
});
const engine = (maxRows?: number) => duckdbWasmQuality({ connect, maxRows });
const fix = "fix the source or relax the rule";

describe("the ODCS examples", () => {
  for (const c of [...exampleCases, argumentsCase]) {
    it(`passes the passing data of ${c.file}`, async () => {
      const contract = caseContract(c);
      expect(brief(await evaluate(engine(), contract, c.pass(contract)))).toEqual(c.passFindings[1]);
    });
    it(`reports the failing data of ${c.file}`, async () => {
      const contract = caseContract(c);
      expect(brief(await evaluate(engine(), contract, c.fail(contract)))).toEqual(c.failFindings[1]);
    });
  }
});

const cols = [
  { name: "email", type: { kind: "string" as const }, required: false },
  { name: "n", type: { kind: "int" as const }, required: false },
  { name: "big", type: { kind: "long" as const }, required: false },
  { name: "ok", type: { kind: "boolean" as const }, required: false },
];

describe("sql rules", () => {
  const data = { email: ["a", null, "b"], n: [1, 5, 9] };
  async function sql(query: string, comparison: Record<string, unknown> = { mustBe: 0 }, column?: string, table = "orders") {
    const contract = contractOf(cols, [{ rule: "sql", query, comparison, column }]);
    return brief(await evaluate(engine(), contract, [batchOf(contract, data)], table));
  }

  it("fills {object}, ${object} and {property}", async () => {
    expect((await sql("SELECT count(*) FROM {object} WHERE {property} IS NULL", { mustBe: 1 }, "email")).length).toBe(0);
    expect((await sql("SELECT count(*) FROM ${object} WHERE ${property} > 4;", { mustBe: 2 }, "n")).length).toBe(0);
    expect((await sql("SELECT max(n) FROM ${table}", { mustBeLessThan: 9 }))[0]!.message).toBe(`quality rule \`sql\`: query \`SELECT max(n) FROM \${table}\` returned 9; the contract says mustBeLessThan 9 — ${fix}`);
  });

  it("reaches the table by the run's name and the contract's name", async () => {
    expect(await sql('select count(*) from "Odd Name" where n > 100', { mustBe: 0 }, undefined, "Odd Name")).toEqual([]);
    expect(await sql("select count(*) from t where n > 100")).toEqual([]);
  });

  it("compares a boolean result as 1 or 0", async () => {
    expect(await sql("select count(*) = 3 from {object}", { mustBe: true })).toEqual([]);
    expect((await sql("select count(*) = 4 from {object}", { mustBe: true })).length).toBe(1);
  });

  it("reports a failing query as not evaluated, with DuckDB's reason", async () => {
    const [r] = await sql("select count(*) from nowhere");
    expect(r!.outcome).toBe("not_evaluated");
    expect(r!.message).toStartWith("quality rule `sql` was not evaluated: its query failed in DuckDB (Catalog Error: Table with name nowhere does not exist!); fix the query");
  });

  it("reports a query that returns nothing as not evaluated", async () => {
    const [r] = await sql("select n from {object} where n > 100");
    expect(r!.message).toBe("quality rule `sql` was not evaluated: its query returned no value; make it return one number or boolean, such as `select count(*) from {object} where …`");
  });
});

describe("limits and lifecycle", () => {
  it("falls back to streaming results past maxRows and reports sql rules as not evaluated", async () => {
    const contract = contractOf(cols, [
      { rule: "nullValues", column: "email", comparison: { mustBe: 0 } },
      { rule: "sql", query: "select count(*) from {object}", comparison: { mustBe: 0 } },
    ]);
    const b = batchOf(contract, { email: ["a", null, "c", null] });
    expect(brief(await evaluate(engine(6), contract, [b, b]))).toEqual([
      { outcome: "failed", column: "email", measured: 4, value: "4", message: `quality rule \`nullValues on email\`: 4 of 8 rows of \`email\` are null (50%); the contract says mustBe 0 — ${fix}` },
      {
        outcome: "not_evaluated",
        column: undefined,
        measured: undefined,
        value: undefined,
        message: "quality rule `sql` was not evaluated: the run has 8 rows, more than the 6 (maxRows) the SQL engine loads; raise maxRows or check a smaller extract",
      },
    ]);
  });

  it("evaluates a run with no batches as an empty table", async () => {
    const contract = contractOf(cols, [
      { rule: "rowCount", comparison: { mustBeGreaterThan: 0 } },
      { rule: "sql", query: "select count(*) from {object} where n is null", comparison: { mustBe: 0 } },
    ]);
    expect(brief(await evaluate(engine(), contract, []))).toEqual([
      { outcome: "failed", column: undefined, measured: 0, value: "0", message: `quality rule \`rowCount\`: the table has 0 rows; the contract says mustBeGreaterThan 0 — ${fix}` },
    ]);
  });

  it("keeps concurrent runs of the same table apart and leaves no table behind", async () => {
    const contract = contractOf(cols, [{ rule: "sql", query: "select count(*) from {object}", comparison: { mustBe: 2 } }]);
    const a = await engine().open(contract, { table: "same" });
    const b = await engine().open(contract, { table: "same" });
    await a.add(batchOf(contract, { n: [1, 2] }));
    await b.add(batchOf(contract, { n: [1, 2, 3] }));
    expect((await a.finish()).length).toBe(0);
    expect(brief(await b.finish())[0]!.measured).toBe(3);
    await a.close();
    await b.close();
    await b.close();
    const conn = connect();
    const left = conn.query("select count(*)::INT AS n from duckdb_tables() where table_name like 'dativo_quality_%'").toArray()[0]!.toJSON();
    conn.close();
    expect(left.n).toBe(0);
  });
});

describe("agreement with the streaming engine", () => {
  const value = fc.oneof(fc.constantFrom<string | null>(null, "", "N/A", "a", "b"), fc.string({ maxLength: 3 }));
  const row = fc.record({ email: value, n: fc.option(fc.integer({ min: -3, max: 3 })), big: fc.option(fc.bigInt({ min: -3n, max: 3n })), ok: fc.option(fc.boolean()) });
  const column = fc.constantFrom("email", "n", "big", "ok");
  const comparison = fc.oneof(
    fc.record({ mustBe: fc.integer({ min: 0, max: 5 }) }),
    fc.record({ mustNotBe: fc.integer({ min: 0, max: 5 }) }),
    fc.record({ mustBeGreaterThan: fc.integer({ min: 0, max: 5 }) }),
    fc.record({ mustBeGreaterOrEqualTo: fc.integer({ min: 0, max: 50 }) }),
    fc.record({ mustBeLessThan: fc.integer({ min: 0, max: 50 }) }),
    fc.record({ mustBeLessOrEqualTo: fc.integer({ min: 0, max: 5 }) }),
    fc.record({ mustBeBetween: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 3, max: 60 })) }),
    fc.record({ mustNotBeBetween: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 3, max: 60 })) }),
  );
  const values = fc.array(fc.oneof(fc.constantFrom<unknown>(null, "", "N/A", "a", true, "true"), fc.integer({ min: -3, max: 3 })), { maxLength: 4 });
  const rule: fc.Arbitrary<QualityRule> = fc.oneof(
    fc.record({ rule: fc.constant("rowCount"), comparison }),
    fc.record({ rule: fc.constantFrom("nullValues", "duplicateValues"), column, comparison, unit: fc.constantFrom<"rows" | "percent">("rows", "percent") }),
    fc.record({ rule: fc.constant("missingValues"), column, comparison, unit: fc.constantFrom<"rows" | "percent">("rows", "percent"), arguments: fc.record({ missingValues: values }) }) as fc.Arbitrary<QualityRule>,
    fc.record({ rule: fc.constant("invalidValues"), column, comparison, unit: fc.constantFrom<"rows" | "percent">("rows", "percent"), validValues: values }),
    fc.record({ rule: fc.constant("invalidValues"), column, comparison, pattern: fc.constantFrom("^a", "b$", "^-?[0-2]$", "^(true|N/A)$", "^$") }),
    fc.record({ rule: fc.constant("duplicateValues"), comparison, arguments: fc.record({ properties: fc.subarray(["email", "n", "big", "ok"], { minLength: 2 }) }) }) as fc.Arbitrary<QualityRule>,
  );

  it("gives the same findings for the library metrics on the same data", async () => {
    const seen = { failed: 0, not_evaluated: 0, passed: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(row, { maxLength: 12 }), { minLength: 1, maxLength: 3 }), fc.array(rule, { minLength: 1, maxLength: 6 }), async (batches, rules) => {
        const contract = contractOf(cols, rules);
        const arrowBatches = batches.map((rows) => batchOf(contract, { email: rows.map((r) => r.email), n: rows.map((r) => r.n), big: rows.map((r) => r.big), ok: rows.map((r) => r.ok) }));
        const viaSql = await evaluate(engine(), contract, arrowBatches);
        const streamed = await evaluate(streamingQuality(), contract, arrowBatches);
        expect(brief(viaSql)).toEqual(brief(streamed));
        for (const i of viaSql) seen[i.outcome]++;
        seen.passed += rules.length - viaSql.length;
      }),
      { numRuns: 60 },
    );
    // The property compared real verdicts, not only skipped rules.
    expect(seen.failed).toBeGreaterThan(20);
    expect(seen.passed).toBeGreaterThan(20);
  });
});

describe("every column type", () => {
  const kinds = [
    { kind: "float" },
    { kind: "double" },
    { kind: "date" },
    { kind: "time" },
    { kind: "timestamp" },
    { kind: "timestamptz" },
    { kind: "decimal", precision: 10, scale: 2 },
    { kind: "binary" },
    { kind: "uuid" },
    { kind: "json" },
    { kind: "list", element: { kind: "string" } },
  ] as const;
  const columns = kinds.map((type, i) => ({ name: `c${i}`, type, required: false }));
  const day = (d: number) => new Date(Date.UTC(2024, 0, d));
  const uuid = (b: number) => new Uint8Array(16).fill(b);
  const values: unknown[][] = [
    [1.5, 1.5, null, 2.25],
    [0.1, 0.1, null, 0.2],
    [day(1), day(1), null, day(2)],
    [1000n, 1000n, null, 2000n],
    [day(1), day(1), null, day(2)],
    [day(1), day(1), null, day(3)],
    [new Uint32Array([150, 0, 0, 0]), new Uint32Array([150, 0, 0, 0]), null, new Uint32Array([7, 0, 0, 0])],
    [new Uint8Array([1, 2]), new Uint8Array([1, 2]), null, new Uint8Array([3])],
    [uuid(1), uuid(1), null, uuid(2)],
    ['{"a":1}', '{"a":1}', null, "[]"],
    [["x", "y"], ["x", "y"], null, ["x"]],
  ];

  it("loads every contract type into DuckDB and agrees on nulls and duplicates", async () => {
    const rules: QualityRule[] = columns.flatMap((c) => [
      { rule: "nullValues", column: c.name, comparison: { mustBe: 0 } },
      { rule: "duplicateValues", column: c.name, comparison: { mustBe: 0 }, unit: "percent" as const },
    ]);
    const contract = contractOf(columns, rules);
    const batch = batchOf(contract, Object.fromEntries(columns.map((c, i) => [c.name, values[i]!])));
    const viaSql = brief(await evaluate(engine(), contract, [batch]));
    expect(viaSql).toEqual(brief(await evaluate(streamingQuality(), contract, [batch])));
    expect(viaSql.map((f) => f.measured)).toEqual(columns.flatMap(() => [1, 25]));
  });
});
