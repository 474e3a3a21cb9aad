/**
 * Bad input, as a user meets it: each case gets a clear message naming the thing, the value and
 * the fix, exit code 2, and no new snapshot on the table.
 */
import { beforeAll, describe, expect, it } from "bun:test";
import { writeFileSync } from "node:fs";
import { runCli } from "../helpers/cli.ts";
import { createWorkspace, csvJob, type Workspace } from "../helpers/workspace.ts";
import { tableState, warehouseOf } from "../helpers/table-state.ts";

const header = "order_id,customer,email,amount,placed_at,country,is_gift,note\n";
const good = "1,Ann,ann@example.com,10.5,2024-06-01 10:00:00,PT,false,\n2,Bo,,3,2024-06-02 11:00:00,DE,true,hi\n";
let ws: Workspace;
let snapshotsBefore = 0;

async function expectFailure(job: string, pattern: RegExp) {
  const r = await runCli(["run", "--config", job], { cwd: ws.dir });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(pattern);
  const state = await tableState(warehouseOf(ws.dir), "e2e", "orders");
  expect(state.snapshots).toBe(snapshotsBefore);
  return r;
}

beforeAll(async () => {
  ws = createWorkspace("dativo-bad-");
  ws.write("data/good.csv", header + good);
  const r = await runCli(["run", "--config", csvJob(ws, { files: ["data/good.csv"], incremental: false })], { cwd: ws.dir });
  expect(r.code).toBe(0);
  snapshotsBefore = (await tableState(warehouseOf(ws.dir), "e2e", "orders")).snapshots;
  expect(snapshotsBefore).toBe(1);
});

describe("dativo run on bad input", () => {
  it("fails on a malformed CSV line in strict mode, naming the file and line", async () => {
    ws.write("data/malformed.csv", header + good + '3,"unterminated,x,1,2024-06-01 10:00:00,PT,false,\n');
    const r = await expectFailure(csvJob(ws, { files: ["data/malformed.csv"], incremental: false }), /malformed\.csv/);
    expect(r.stderr).toMatch(/line|row/i);
  });

  it("fails on a wrong type in strict mode, naming the column, the row and the value", async () => {
    ws.write("data/types.csv", header + good + "3,Cy,,twelve,2024-06-01 10:00:00,PT,false,\n");
    const r = await expectFailure(csvJob(ws, { files: ["data/types.csv"], incremental: false }), /amount/);
    expect(r.stderr).toMatch(/twelve/);
    expect(r.stderr).toMatch(/row 3/);
  });

  it("fails when a required value is missing in strict mode", async () => {
    ws.write("data/missing.csv", header + good + "3,,,1,2024-06-01 10:00:00,PT,false,\n");
    await expectFailure(csvJob(ws, { files: ["data/missing.csv"], incremental: false }), /customer/);
  });

  it("fails on a missing source file, naming the path", async () => {
    await expectFailure(csvJob(ws, { files: ["data/nope.csv"], incremental: false }), /data\/nope\.csv/);
  });

  it("fails on an unwritable warehouse, naming it", async () => {
    writeFileSync(ws.path("not-a-dir"), "x");
    const job = csvJob(ws, { name: "orders", files: ["data/good.csv"], incremental: false, target: "  warehouse: ./not-a-dir/wh\n  catalog: files" });
    await expectFailure(job, /not-a-dir/);
  });

  it("fails before any I/O on a config error, naming the file, the key and the fix", async () => {
    const job = ws.write("jobs/bad.yaml", "tenant_id: e2e\nsource_connector_path: connectors/csv.yaml\ntarget_connector_path: connectors/iceberg.yaml\nasset_path: assets/orders.yaml\nschema_validation_mode: sometimes\n");
    const r = await expectFailure(job, /schema_validation_mode/);
    expect(r.stderr).toMatch(/bad\.yaml/);
    expect(r.stderr).toMatch(/sometimes/);
  });

  it("fails on a YAML syntax error, naming the file", async () => {
    const job = ws.write("jobs/broken.yaml", "tenant_id: [e2e\n");
    await expectFailure(job, /broken\.yaml/);
  });
});
