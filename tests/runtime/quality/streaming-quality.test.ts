import { describe, expect, it } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { QualityRule } from "../../../runtime/contract.ts";
import { streamingQuality } from "../../../runtime/quality/streaming-quality.ts";
import { argumentsCase, caseContract, exampleCases } from "./odcs-example-cases.ts";
import { batchOf, brief, contractOf, evaluate, examplesDir, loadExample } from "./quality-data.ts";

const engine = streamingQuality();
const fix = "fix the source or relax the rule";

describe("the ODCS examples", () => {
  it("covers every example that has quality rules", () => {
    const withRules = readdirSync(examplesDir).filter((f) => f.endsWith(".yaml") && loadExample(f).quality.length > 0);
    expect(withRules.sort()).toEqual(exampleCases.map((c) => c.file).sort());
    // The raw files agree: a `quality:` block appears exactly in these.
    expect(readdirSync(examplesDir).filter((f) => readFileSync(join(examplesDir, f), "utf8").includes("quality:")).sort()).toEqual(withRules.sort());
  });
  for (const c of [...exampleCases, argumentsCase]) {
    it(`passes the passing data of ${c.file}`, async () => {
      const contract = caseContract(c);
      expect(brief(await evaluate(engine, contract, c.pass(contract)))).toEqual(c.passFindings[0]);
    });
    it(`reports the failing data of ${c.file}`, async () => {
      const contract = caseContract(c);
      expect(brief(await evaluate(engine, contract, c.fail(contract)))).toEqual(c.failFindings[0]);
    });
  }
});

const cols = [
  { name: "email", type: { kind: "string" as const }, required: false },
  { name: "n", type: { kind: "int" as const }, required: false },
  { name: "big", type: { kind: "long" as const }, required: false },
];
const data = { email: ["a@x", null, "", "b@x", "a@x", null, "N/A", "c@y"], n: [1, 2, 2, 3, null, 3, 3, 9], big: [1n, 2n, 3n, 4n, 5n, 6n, 7n, 100n] };

async function run(rule: QualityRule, opts = {}) {
  const contract = contractOf(cols, [rule]);
  return brief(await evaluate(streamingQuality(opts), contract, [batchOf(contract, data)]));
}
const nulls = (comparison: Record<string, unknown>, unit?: "rows" | "percent"): QualityRule => ({ rule: "nullValues", column: "email", comparison, unit });

describe("comparisons", () => {
  // 2 of 8 rows of `email` are null: 2 rows, 25%.
  const table: [Record<string, unknown>, "rows" | "percent" | undefined, boolean][] = [
    [{ mustBe: 2 }, undefined, true],
    [{ mustBe: 0 }, "rows", false],
    [{ mustNotBe: 2 }, undefined, false],
    [{ mustNotBe: 0 }, undefined, true],
    [{ mustBeGreaterThan: 1 }, undefined, true],
    [{ mustBeGreaterThan: 2 }, undefined, false],
    [{ mustBeGreaterOrEqualTo: 2 }, undefined, true],
    [{ mustBeGreaterOrEqualTo: 3 }, undefined, false],
    [{ mustBeLessThan: 3 }, undefined, true],
    [{ mustBeLessThan: 2 }, undefined, false],
    [{ mustBeLessOrEqualTo: 2 }, undefined, true],
    [{ mustBeLessOrEqualTo: 1 }, undefined, false],
    [{ mustBeBetween: [2, 5] }, undefined, true],
    [{ mustBeBetween: [3, 5] }, undefined, false],
    [{ mustNotBeBetween: [3, 5] }, undefined, true],
    [{ mustNotBeBetween: [0, 2] }, undefined, false],
    [{ mustBe: 25 }, "percent", true],
    [{ mustBeLessThan: 25 }, "percent", false],
    [{ mustBeBetween: [20, 30] }, "percent", true],
    [{ mustNotBeBetween: [20, 30] }, "percent", false],
    [{ mustBeGreaterThan: 0, mustBeLessThan: 2 }, undefined, false],
    [{ mustBeGreaterThan: 0, mustBeLessThan: 3 }, undefined, true],
  ];
  for (const [comparison, unit, passes] of table) {
    it(`${passes ? "passes" : "fails"} ${JSON.stringify(comparison)} in ${unit ?? "rows"} on 2 nulls of 8`, async () => {
      expect((await run(nulls(comparison, unit))).length).toBe(passes ? 0 : 1);
    });
  }

  it("says which checks failed, with the percentage", async () => {
    expect(await run(nulls({ mustBeGreaterThan: 0, mustBeLessThan: 10 }, "percent"))).toEqual([
      { outcome: "failed", column: "email", measured: 25, value: "25%", message: `quality rule \`nullValues on email\`: 2 of 8 rows of \`email\` are null (25%); the contract says mustBeLessThan 10% — ${fix}` },
    ]);
  });
});

describe("library metrics", () => {
  it("counts null and empty values as missing by default", async () => {
    const r = await run({ rule: "missingValues", column: "email", comparison: { mustBe: 0 }, name: "email present" });
    expect(r[0]!.message).toBe(`quality rule \`email present\`: 3 of 8 rows of \`email\` are missing (one of null, '') (37.5%); the contract says mustBe 0 — ${fix}`);
  });

  it("takes the missing values from the rule's arguments", async () => {
    const rule: QualityRule = { rule: "missingValues", column: "email", comparison: { mustBe: 0 }, arguments: { missingValues: ["N/A", ""] } };
    expect((await run(rule))[0]!.measured).toBe(2);
  });

  it("counts values outside validValues on number columns, nulls aside", async () => {
    expect((await run({ rule: "invalidValues", column: "n", comparison: { mustBe: 0 }, validValues: [1, "2", 3] }))[0]!.measured).toBe(1);
    expect((await run({ rule: "invalidValues", column: "big", comparison: { mustBe: 0 }, validValues: [1, 2, 3, 4, 5, 6, 7] }))[0]!.measured).toBe(1);
  });

  it("counts values that do not match a pattern", async () => {
    const r = await run({ rule: "invalidValues", column: "email", comparison: { mustBe: 0 }, pattern: "^[a-z]+@[a-z]+$" });
    expect(r[0]!.message).toBe(`quality rule \`invalidValues on email\`: 2 of 8 rows of \`email\` are not valid (not matching /^[a-z]+@[a-z]+$/) (25%); the contract says mustBe 0 — ${fix}`);
  });

  it("counts rows that repeat an earlier value, on one column and on several", async () => {
    expect((await run({ rule: "duplicateValues", column: "n", comparison: { mustBe: 0 } }))[0]!.measured).toBe(3);
    expect((await run({ rule: "duplicateValues", column: "email", comparison: { mustBe: 0 } }))[0]!.measured).toBe(1);
    const schemaLevel: QualityRule = { rule: "duplicateValues", comparison: { mustBeGreaterThan: 0 }, arguments: { properties: ["email", "n"] } };
    expect((await run(schemaLevel))[0]!.message).toBe(`quality rule \`duplicateValues\`: 0 of 8 rows of (\`email\`, \`n\`) repeat a value of an earlier row (0%); the contract says mustBeGreaterThan 0 — ${fix}`);
  });

  it("treats a null in a compound key as a value like any other", async () => {
    const rule: QualityRule = { rule: "duplicateValues", comparison: { mustBe: 0 }, arguments: { properties: ["email", "n"] } };
    const contract = contractOf(cols, [rule]);
    const b = batchOf(contract, { email: ["x", "x", null, null, "x"], n: [1, 1, null, null, null] });
    expect(brief(await evaluate(engine, contract, [b]))[0]!.measured).toBe(2);
  });

  it("reports duplicateValues as not evaluated past maxDistinct", async () => {
    expect(await run({ rule: "duplicateValues", column: "big", comparison: { mustBe: 0 } }, { maxDistinct: 4 })).toEqual([
      {
        outcome: "not_evaluated",
        column: "big",
        measured: undefined,
        value: undefined,
        message: "quality rule `duplicateValues on big` was not evaluated: more than 4 distinct values, past what the streaming check keeps; raise maxDistinct or run the SQL engine",
      },
    ]);
  });

  it("counts rows across batches", async () => {
    const contract = contractOf(cols, [{ rule: "rowCount", comparison: { mustBeBetween: [100, 120] } }]);
    const b = batchOf(contract, data);
    expect(brief(await evaluate(engine, contract, [b, b, b]))[0]!.message).toBe(`quality rule \`rowCount\`: the table has 24 rows; the contract says mustBeBetween [100, 120] — ${fix}`);
    expect(await evaluate(engine, contract, new Array(13).fill(b))).toEqual([]);
  });
});

describe("rules it cannot evaluate", () => {
  const cases: [QualityRule, string][] = [
    [{ rule: "sql", query: "select 1", comparison: { mustBe: 1 } }, "a sql rule needs the SQL engine (DuckDB), which this run does not have; run where DuckDB is available"],
    [{ rule: "nullValues", column: "email" }, "it has no comparison; add one such as `mustBe: 0` or `mustBeLessThan: 5`"],
    [{ rule: "nullValues", column: "email", comparison: { mustBeAbout: 1 } }, "`mustBeAbout` is not an ODCS operator; use one of mustBe, mustNotBe, mustBeGreaterThan, mustBeGreaterOrEqualTo, mustBeLessThan, mustBeLessOrEqualTo, mustBeBetween, mustNotBeBetween"],
    [{ rule: "nullValues", column: "email", comparison: { mustBeBetween: [5, 1] } }, "`mustBeBetween: [5,1]` is not two numbers, smallest first; write `mustBeBetween: [10, 20]`"],
    [{ rule: "freshness", comparison: { mustBe: 1 } }, "`freshness` is not an ODCS library metric; use one of rowCount, nullValues, missingValues, invalidValues, duplicateValues"],
    [{ rule: "nullValues", column: "gone", comparison: { mustBe: 0 } }, "column `gone` is not in the contract; fix the rule's property"],
    [{ rule: "nullValues", comparison: { mustBe: 0 } }, "nullValues is a property-level metric; put the rule under a property's `quality:`"],
    [{ rule: "duplicateValues", comparison: { mustBe: 0 } }, "a schema-level duplicateValues needs `arguments.properties` (the key columns); list them"],
    [{ rule: "invalidValues", column: "email", comparison: { mustBe: 0 } }, "invalidValues needs `arguments.validValues` or `arguments.pattern`; add one"],
    [{ rule: "invalidValues", column: "email", comparison: { mustBe: 0 }, pattern: "(" }, "pattern `(` is not a valid regular expression; fix it"],
  ];
  for (const [rule, reason] of cases) {
    it(`says why it skips ${JSON.stringify(rule)}`, async () => {
      const r = await run(rule);
      expect(r.length).toBe(1);
      expect(r[0]!.outcome).toBe("not_evaluated");
      expect(r[0]!.message.endsWith(`was not evaluated: ${reason}`)).toBe(true);
    });
  }

  it("ignores text rules, which only describe", async () => {
    expect(await run({ rule: "text" })).toEqual([]);
  });
});
