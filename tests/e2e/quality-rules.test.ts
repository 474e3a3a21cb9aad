/**
 * The contract's quality rules in a run: a failed rule fails a strict run before anything is
 * committed and makes a warn run partial (with its findings recorded in the snapshot summary); a
 * rule marked as a warning only informs; SQL rules run in DuckDB-WASM.
 */
import { beforeAll, describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { runCli } from "../helpers/cli.ts";
import { createWorkspace, csvJob, type Workspace } from "../helpers/workspace.ts";
import { tableState, warehouseOf } from "../helpers/table-state.ts";
import { pathOf } from "../helpers/iceberg-files.ts";

const header = "order_id,customer,email,amount,placed_at,country,is_gift,note\n";
const rows = "1,Ann,,10,2024-06-01 10:00:00,PT,false,\n2,Bo,bo@example.com,-5,2024-06-01 11:00:00,PT,true,\n3,Cy,,7,2024-06-02 10:00:00,DE,false,\n";
let ws: Workspace;

function schema(emailRule: string, extra = "") {
  return `  - {name: order_id, type: integer, required: true}
  - {name: customer, type: string, required: true}
  - name: email
    type: string
    quality:
      - ${emailRule}
  - {name: amount, type: double, required: true}
  - {name: placed_at, type: timestamp, required: true}
  - {name: country, type: string}
  - {name: is_gift, type: boolean}
  - {name: note, type: string}
${extra}`;
}

beforeAll(() => {
  ws = createWorkspace("dativo-quality-");
  ws.write("data/orders.csv", header + rows);
});

describe("quality rules in a run", () => {
  it("fail a strict run before any commit, naming the rule, the measured value and the expectation", async () => {
    const job = csvJob(ws, { name: "strictq", files: ["data/orders.csv"], schema: schema("{metric: nullValues, mustBe: 0, description: emails are always present}") });
    const r = await runCli(["run", "--config", job], { cwd: ws.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("emails are always present");
    expect(r.stderr).toContain("2 of 3 rows");
    expect((await tableState(warehouseOf(ws.dir), "e2e", "strictq")).snapshots).toBe(0);
  });

  it("make a warn run partial and record the findings with the snapshot", async () => {
    const job = csvJob(ws, { name: "warnq", mode: "warn", files: ["data/orders.csv"], schema: schema("{metric: nullValues, mustBe: 0}") });
    const r = await runCli(["run", "--config", job, "--json"], { cwd: ws.dir });
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.stdout.trim().split("\n").pop()!);
    expect(summary.rowsWritten).toBe(3);
    const meta = readFileSync(pathOf(summary.metadataLocation), "utf8");
    expect(meta).toContain('"dativo.findings"');
    expect(meta).toContain("quality:email");
  });

  it("only inform when the rule is marked as a warning", async () => {
    const job = csvJob(ws, { name: "softq", files: ["data/orders.csv"], schema: schema("{metric: nullValues, mustBe: 0, severity: warning}") });
    const r = await runCli(["run", "--config", job, "--json"], { cwd: ws.dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.trim().split("\n").pop()!).issueCounts["quality:email"]).toBe(1);
  });

  it("run SQL rules in DuckDB-WASM", async () => {
    const sqlRule = `quality:\n  - {type: sql, description: amounts are never negative, query: "SELECT count(*) FROM {object} WHERE amount < 0", mustBe: 0}\n`;
    const job = csvJob(ws, { name: "sqlq", files: ["data/orders.csv"], schema: schema("{metric: nullValues, mustBeLessThan: 5}") });
    await Bun.write(ws.path("assets/sqlq.yaml"), (await Bun.file(ws.path("assets/sqlq.yaml")).text()) + sqlRule);
    const r = await runCli(["run", "--config", job], { cwd: ws.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("amounts are never negative");
  }, 60_000);
});
