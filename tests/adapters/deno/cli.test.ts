/** The Deno CLI (the real `deno` binary from npm) runs a CSV job into a local warehouse. */
import { describe, expect, it } from "bun:test";
import { join } from "node:path";
import { repoRoot } from "../../helpers/cli.ts";
import { createWorkspace, csvJob } from "../../helpers/workspace.ts";
import { tableState, warehouseOf } from "../../helpers/table-state.ts";

const deno = join(repoRoot, "node_modules/.bin/deno");
const cli = join(repoRoot, "adapters/deno/cli.ts");

async function denoRun(cwd: string, args: string[]) {
  const proc = Bun.spawn([deno, "run", "-A", cli, ...args], { cwd, stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1" } });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

const header = "order_id,customer,email,amount,placed_at,country,is_gift,note\n";
const rows = [
  "1,Zoë,z@example.com,12.50,2024-06-01 10:00:00,FR,true,",
  '2,"Li, Lei",,7,2024-06-02 00:00:01,CN,false,"multi\nline"',
  "3,Ann,a@example.com,3.25,2024-06-03 12:30:00,,,",
];

describe("deno cli", () => {
  it("runs a CSV job and commits its rows to an Iceberg table", async () => {
    const ws = createWorkspace("dativo-deno-");
    ws.write("data/orders.csv", header + rows.join("\n") + "\n");
    const job = csvJob(ws, { files: ["data/orders.csv"] });
    const r = await denoRun(ws.dir, ["run", "--config", job, "--json"]);
    expect(r.stderr).not.toContain("dativo:");
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split("\n").pop()!);
    expect(summary.status).toBe("committed");
    expect(summary.rowsWritten).toBe(3);
    expect(summary.kernels).toBe("wasm");
    const state = await tableState(warehouseOf(ws.dir), "e2e", "orders");
    expect(state).toMatchObject({ exists: true, snapshots: 1, rows: 3, distinctIds: 3 });
  }, 60_000);

  it("runs with the TypeScript kernels when asked, and refuses an unknown choice", async () => {
    const ws = createWorkspace("dativo-deno-");
    ws.write("data/orders.csv", header + rows.join("\n") + "\n");
    const job = csvJob(ws, { files: ["data/orders.csv"] });
    const ts = await denoRun(ws.dir, ["run", "--config", job, "--json", "--kernels", "ts"]);
    expect(ts.code).toBe(0);
    expect(JSON.parse(ts.stdout.trim().split("\n").pop()!).kernels).toBe("ts");
    const bad = await denoRun(ws.dir, ["run", "--config", job, "--kernels", "gpu"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("kernels `gpu` is unknown");
  }, 60_000);

  it("shows the job's config warnings, as the Bun CLI does", async () => {
    const ws = createWorkspace("dativo-deno-");
    ws.write("data/orders.csv", header + rows.join("\n") + "\n");
    const schema = ["order_id: integer", "customer: string", "email: string", "amount: double", "placed_at: timestamp", "country: string", "is_gift: boolean", "note: geometry"]
      .map((c) => `  - {name: ${c.split(": ")[0]}, type: ${c.split(": ")[1]}}`)
      .join("\n");
    const job = csvJob(ws, { files: ["data/orders.csv"], schema });
    const r = await denoRun(ws.dir, ["run", "--config", job, "--json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("unknown type `geometry` is read as string");
  }, 60_000);

  it("commits nothing and exits 2 when a strict job meets a bad row", async () => {
    const ws = createWorkspace("dativo-deno-");
    ws.write("data/orders.csv", header + rows[0] + "\nnot-a-number,Bob,,1,2024-06-01 00:00:00,,,\n");
    const job = csvJob(ws, { files: ["data/orders.csv"] });
    const r = await denoRun(ws.dir, ["run", "--config", job]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("order_id");
    const state = await tableState(warehouseOf(ws.dir), "e2e", "orders");
    expect(state.rows).toBe(0);
    expect(state.snapshots).toBe(0);
  }, 60_000);

  it("explains a missing job file", async () => {
    const ws = createWorkspace("dativo-deno-");
    const r = await denoRun(ws.dir, ["run", "--config", "jobs/nope.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("jobs/nope.yaml");
  }, 60_000);
});
