/**
 * Several `dativo run` processes append to one table in one local warehouse at the same time.
 * Each commit is a conditional pointer swap; losers reload, rebase and retry, so every append
 * lands exactly once — the promise the embedded catalog makes across processes, not just threads.
 */
import { describe, expect, it } from "bun:test";
import { cliPath } from "../helpers/cli.ts";
import { createWorkspace, csvJob } from "../helpers/workspace.ts";
import { tableState, warehouseOf } from "../helpers/table-state.ts";
import { generateOrdersCsv } from "../../scripts/fixtures/generate-orders-csv.ts";

const WRITERS = 6;
const ROWS = 2_000;

describe("concurrent runs into one table", () => {
  it("lose no append when six processes commit at once", async () => {
    const ws = createWorkspace("dativo-concurrent-");
    const jobs: string[] = [];
    for (let w = 0; w < WRITERS; w++) {
      await generateOrdersCsv(ws.path(`data/w${w}.csv`), ROWS, 7 + w, 1 + w * ROWS);
      jobs.push(csvJob(ws, { name: "orders", files: [`data/w${w}.csv`], incremental: false }).replace(/orders\.yaml$/, "orders.yaml"));
      // Each writer gets its own job file pointing at its own CSV, all at table e2e.orders.
      const text = await Bun.file(jobs[w]!).text();
      jobs[w] = ws.write(`jobs/writer-${w}.yaml`, text);
    }
    const procs = jobs.map((job) => Bun.spawn([process.execPath, cliPath, "run", "--config", job, "--json"], { cwd: ws.dir, stdout: "pipe", stderr: "pipe" }));
    const codes = await Promise.all(procs.map((p) => p.exited));
    const errors = await Promise.all(procs.map((p) => new Response(p.stderr).text()));
    expect(codes.map((c, i) => (c === 0 ? 0 : `${c}: ${errors[i]}`))).toEqual(Array(WRITERS).fill(0));
    const state = await tableState(warehouseOf(ws.dir), "e2e", "orders");
    expect(state.snapshots).toBe(WRITERS);
    expect(state.rows).toBe(WRITERS * ROWS);
    expect(state.distinctIds).toBe(WRITERS * ROWS);
  }, 120_000);

  it("load the rows once when the same incremental job runs four times at once", async () => {
    const ws = createWorkspace("dativo-same-job-");
    await generateOrdersCsv(ws.path("data/orders.csv"), 20_000);
    const job = csvJob(ws, { files: ["data/orders.csv"] });
    const procs = Array.from({ length: 4 }, () => Bun.spawn([process.execPath, cliPath, "run", "--config", job, "--json"], { cwd: ws.dir, stdout: "pipe", stderr: "pipe" }));
    const codes = await Promise.all(procs.map((p) => p.exited));
    const errors = await Promise.all(procs.map((p) => new Response(p.stderr).text()));
    // Each run either committed, found nothing new, or stopped because another run moved the cursor.
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] !== 0) expect(errors[i]).toContain("another run of this stream committed");
    }
    expect(codes).toContain(0);
    const state = await tableState(warehouseOf(ws.dir), "e2e", "orders");
    expect(state.rows).toBe(20_000);
    expect(state.distinctIds).toBe(20_000);
  }, 120_000);
});
