/**
 * Crash safety: the CLI is killed with SIGKILL at many points of a multi-file run. After every
 * kill the table is readable (every referenced file is there and DuckDB reads it), and a final
 * run converges to exactly the source rows — none lost, none twice — because the cursor only
 * moves in the commit that adds the data.
 */
import { beforeAll, describe, expect, it } from "bun:test";
import { rmSync } from "node:fs";
import { cliPath } from "../helpers/cli.ts";
import { createWorkspace, csvJob, type Workspace } from "../helpers/workspace.ts";
import { tableState, warehouseOf } from "../helpers/table-state.ts";
import { runCli } from "../helpers/cli.ts";
import { generateOrdersCsv } from "../../scripts/fixtures/generate-orders-csv.ts";

const FILES = 5;
const ROWS_PER_FILE = 30_000;
let ws: Workspace;
let job: string;

beforeAll(async () => {
  ws = createWorkspace("dativo-crash-");
  const files: string[] = [];
  for (let f = 0; f < FILES; f++) {
    await generateOrdersCsv(ws.path(`data/part-${f}.csv`), ROWS_PER_FILE, 100 + f, 1 + f * ROWS_PER_FILE);
    files.push(`data/part-${f}.csv`);
  }
  job = csvJob(ws, { files, mode: "warn" });
});

async function runAndKill(afterMs: number): Promise<number | null> {
  const proc = Bun.spawn([process.execPath, cliPath, "run", "--config", job, "--quiet"], { cwd: ws.dir, stdout: "ignore", stderr: "ignore" });
  const timer = setTimeout(() => proc.kill("SIGKILL"), afterMs);
  const code = await proc.exited;
  clearTimeout(timer);
  return proc.signalCode ? null : code;
}

describe("a run killed with SIGKILL", () => {
  it("leaves a readable table at every kill point, and a rerun converges to exactly the source rows", async () => {
    const total = FILES * ROWS_PER_FILE;
    let killed = 0;
    // Kill points from start-up through reading, writing and committing. After each kill the
    // table must be whole (nothing, or every row once); a rerun must then load exactly the source
    // rows — none lost, none twice — and the warehouse is cleared for the next point.
    // The points are spread over the length of an uninterrupted run, however fast this machine
    // and the kernels make it.
    const started = performance.now();
    expect((await runCli(["run", "--config", job, "--json"], { cwd: ws.dir })).code).toBe(0);
    const full = performance.now() - started;
    rmSync(warehouseOf(ws.dir), { recursive: true, force: true });
    const points = Array.from({ length: 9 }, (_, i) => Math.round(100 + ((full - 100) * i) / 8));
    for (const ms of points) {
      const code = await runAndKill(ms);
      if (code === null) killed++;
      const state = await tableState(warehouseOf(ws.dir), "e2e", "orders");
      expect([0, total]).toContain(state.rows);
      expect(state.distinctIds).toBe(state.rows);
      const rerun = await runCli(["run", "--config", job, "--json"], { cwd: ws.dir });
      expect(rerun.code).toBe(0);
      const after = await tableState(warehouseOf(ws.dir), "e2e", "orders");
      expect(after.rows).toBe(total);
      expect(after.distinctIds).toBe(total);
      rmSync(warehouseOf(ws.dir), { recursive: true, force: true });
    }
    expect(killed).toBeGreaterThanOrEqual(5);
  }, 300_000);
});
