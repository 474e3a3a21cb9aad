/**
 * The ODCS standard's examples that carry quality rules, and one contract built from the
 * standard's snippets for the rule arguments no example uses, each with data that passes and data
 * that fails, and the exact findings expected from the streaming engine and from the SQL engine.
 */
import type * as arrow from "apache-arrow";
import type { Contract } from "../../../runtime/contract.ts";
import { batchOf, contractFromYaml, loadExample, type Brief } from "./quality-data.ts";

type Finding = Brief;

export interface ExampleCase {
  file: string;
  /** The contract, when it is not one of the standard's example files. */
  contract?: () => Contract;
  pass: (c: Contract) => arrow.RecordBatch[];
  fail: (c: Contract) => arrow.RecordBatch[];
  /** Findings on the passing data: [streaming, sql]. */
  passFindings: [Finding[], Finding[]];
  failFindings: [Finding[], Finding[]];
}

/** The contract a case checks: its own, or the standard's example file. */
export function caseContract(c: ExampleCase): Contract {
  return c.contract ? c.contract() : loadExample(c.file);
}

const fix = "fix the source or relax the rule";
const sqlQuery = "select count(*) from Air_Quality where DataValue <= 0 or DataValue >= 500";
// A rule is named by its ODCS `description` when it has one, else by its kind and property.
const needsSql: Finding = {
  outcome: "not_evaluated",
  column: "DataValue",
  measured: undefined,
  value: undefined,
  message: "quality rule `This column should contain positive values under 500` was not evaluated: a sql rule needs the SQL engine (DuckDB), which this run does not have; run where DuckDB is available",
};
const custom = (label: string): Finding => ({
  outcome: "not_evaluated",
  column: "UniqueID",
  measured: undefined,
  value: undefined,
  message: `quality rule \`${label}\` was not evaluated: custom rules run in their own engine (\`engine:\` in the rule); express it as a library metric or a sql rule to have Dativo check it`,
});
/** The custom example's two rules: the first has a description, the second none. */
const customs = [custom("This column should not contain values under 100000"), custom("custom on UniqueID")];
const both = (f: Finding[]): [Finding[], Finding[]] => [f, f];

/** 10 batches of 100 001 rows: just over the full example's `rowCount mustBeGreaterThan 1000000`. */
function manyRows(c: Contract): arrow.RecordBatch[] {
  const n = 100_001;
  const b = batchOf(c, { transaction_reference_date: new Array(n).fill(new Date(Date.UTC(2024, 0, 2))), rcvr_id: Array.from({ length: n }, (_, i) => `r${i}`), rcvr_cntry_code: new Array(n).fill("US") });
  return new Array(10).fill(b);
}

export const exampleCases: ExampleCase[] = [
  {
    file: "quality--column-completeness.odcs.yaml",
    pass: (c) => [batchOf(c, { UniqueID: [1, 2, 3] })],
    fail: (c) => [batchOf(c, { UniqueID: [1, null] }), batchOf(c, { UniqueID: [null] })],
    passFindings: both([]),
    failFindings: both([
      { outcome: "failed", column: "UniqueID", measured: 2, value: "2", message: `quality rule \`This column should not contain null values\`: 2 of 3 rows of \`UniqueID\` are null (66.6667%); the contract says mustBe 0 — ${fix}` },
    ]),
  },
  {
    file: "quality--column-validity.odcs.yaml",
    // validValues ["", null, "n/a"], mustBeLessOrEqualTo 5 percent: 1 of 20 is exactly 5%.
    pass: (c) => [batchOf(c, { air_quality_status: ["good", ...new Array(10).fill(""), ...new Array(5).fill("n/a"), null, null, null, null] })],
    fail: (c) => [batchOf(c, { air_quality_status: ["good", "bad", ...new Array(18).fill("n/a")] })],
    passFindings: both([]),
    failFindings: both([
      {
        outcome: "failed",
        column: "air_quality_status",
        measured: 10,
        value: "10%",
        message: `quality rule \`This column should be filled in 95% of the time\`: 2 of 20 rows of \`air_quality_status\` are not valid (not one of '', null, 'n/a') (10%); the contract says mustBeLessOrEqualTo 5% — ${fix}`,
      },
    ]),
  },
  {
    file: "quality--column-accuracy.odcs.yaml",
    pass: (c) => [batchOf(c, { DataValue: [1.5, 250, 499.99] })],
    fail: (c) => [batchOf(c, { DataValue: [0, 12, 600, null] })],
    passFindings: [[needsSql], []],
    failFindings: [
      [needsSql],
      [{ outcome: "failed", column: "DataValue", measured: 2, value: "2", message: `quality rule \`This column should contain positive values under 500\`: query \`${sqlQuery}\` returned 2; the contract says mustBe 0 — ${fix}` }],
    ],
  },
  {
    file: "quality--column-custom.odcs.yaml",
    pass: (c) => [batchOf(c, { UniqueID: [100001, 100002] })],
    fail: (c) => [batchOf(c, { UniqueID: [1, 1] })],
    passFindings: both(customs),
    failFindings: both(customs),
  },
  {
    file: "all--full-example.odcs.yaml",
    pass: manyRows,
    fail: (c) => [batchOf(c, { rcvr_id: ["a", "b", "c"], rcvr_cntry_code: ["US", null, "FR"] })],
    passFindings: both([]),
    failFindings: both([
      { outcome: "failed", column: "rcvr_cntry_code", measured: 1, value: "1", message: `quality rule \`column should not contain null values\`: 1 of 3 rows of \`rcvr_cntry_code\` are null (33.3333%); the contract says mustBe 0 — ${fix}` },
      { outcome: "failed", column: undefined, measured: 3, value: "3", message: `quality rule \`Ensure row count is within expected volume range\`: the table has 3 rows; the contract says mustBeGreaterThan 1000000 — ${fix}` },
    ]),
  },
];

/**
 * The rule arguments no example file carries, written as the standard's own snippets (ODCS v3.1.0
 * "Data Quality" → Library → Missing Values; Duplicate Values at schema level): the rules must
 * reach the engines through the contract loader with their `arguments` and `description`.
 */
export const argumentsCase: ExampleCase = {
  file: "orders (missingValues and a schema-level duplicateValues)",
  contract: () =>
    contractFromYaml(`
apiVersion: v3.1.0
kind: DataContract
id: orders
version: 1.0.0
status: active
name: orders
schema:
  - name: orders
    physicalType: table
    properties:
      - name: tenant_id
        logicalType: string
      - name: order_id
        logicalType: integer
      - name: email_address
        logicalType: string
        quality:
          - metric: missingValues
            arguments:
              missingValues: [null, '', 'N/A', 'n/a']
            mustBeLessThan: 2
            unit: rows
            description: Fewer than 2 orders lack an email address
    quality:
      - metric: duplicateValues
        arguments:
          properties: [tenant_id, order_id]
        mustBe: 0
        description: An order id is unique within its tenant
`),
  // One missing email ('N/A'); order 1 repeats across tenants, never within one.
  pass: (c) => [batchOf(c, { tenant_id: ["a", "a", "b"], order_id: [1n, 2n, 1n], email_address: ["x@y", "N/A", "z@y"] })],
  // Three missing ('n/a', '', null; 'none' is not listed); (b, 1) repeats.
  fail: (c) => [batchOf(c, { tenant_id: ["a", "b"], order_id: [1n, 1n], email_address: ["n/a", ""] }), batchOf(c, { tenant_id: ["b", "b"], order_id: [1n, 2n], email_address: [null, "none"] })],
  passFindings: both([]),
  failFindings: both([
    {
      outcome: "failed",
      column: "email_address",
      measured: 3,
      value: "3",
      message: `quality rule \`Fewer than 2 orders lack an email address\`: 3 of 4 rows of \`email_address\` are missing (one of null, '', 'N/A', 'n/a') (75%); the contract says mustBeLessThan 2 — ${fix}`,
    },
    {
      outcome: "failed",
      column: undefined,
      measured: 1,
      value: "1",
      message: `quality rule \`An order id is unique within its tenant\`: 1 of 4 rows of (\`tenant_id\`, \`order_id\`) repeat a value of an earlier row (25%); the contract says mustBe 0 — ${fix}`,
    },
  ]),
};
