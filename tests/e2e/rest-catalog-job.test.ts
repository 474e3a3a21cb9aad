/**
 * A job that commits through an Iceberg REST catalog instead of the embedded one: `dativo serve`
 * runs as its own process over a warehouse folder, the job names it with `catalog: {type: rest}`,
 * and its cursor travels in the same REST commit as the data, so a rerun finds nothing new.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { IcebergRestCatalog } from "iceberg-js";
import { cliPath, runCli } from "../helpers/cli.ts";
import { createWorkspace, csvJob, type Workspace } from "../helpers/workspace.ts";
import { generateOrdersCsv } from "../../scripts/fixtures/generate-orders-csv.ts";

let ws: Workspace;
let server: ReturnType<typeof Bun.spawn>;
let uri = "";

beforeAll(async () => {
  ws = createWorkspace("dativo-rest-job-");
  server = Bun.spawn([process.execPath, cliPath, "serve", "--port", "0", "--warehouse", ws.path("lake")], { cwd: ws.dir, stdout: "pipe", stderr: "pipe" });
  // The server logs the address it bound; port 0 lets the OS pick a free one.
  const reader = (server.stderr as ReadableStream<Uint8Array>).getReader();
  let text = "";
  const deadline = Date.now() + 20_000;
  while (!uri && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
    uri = /listening on (http:\/\/[\d.]+:\d+)/.exec(text)?.[1] ?? "";
  }
  reader.releaseLock();
  if (!uri) throw new Error(`dativo serve did not start:\n${text}`);
  await generateOrdersCsv(ws.path("data/orders.csv"), 3_000);
}, 30_000);

afterAll(() => server?.kill());

describe("a job committing through dativo serve", () => {
  it("creates the table, appends, stores the cursor, and finds nothing new on a rerun", async () => {
    const job = csvJob(ws, { files: ["data/orders.csv"], target: `  warehouse: ./lake\n  catalog:\n    type: rest\n    uri: ${uri}\n  compression: zstd` });
    const first = await runCli(["run", "--config", job, "--json"], { cwd: ws.dir });
    expect(first.stderr.includes('"level":"error"') ? first.stderr : "").toBe("");
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout.trim().split("\n").pop()!);
    expect(summary.rowsWritten).toBe(3_000);

    const client = new IcebergRestCatalog({ baseUrl: uri, auth: { type: "none" } });
    const table = await client.loadTable({ namespace: ["e2e"], name: "orders" });
    expect(table.snapshots?.length).toBe(1);
    expect(Object.keys(table.properties ?? {})).toContain("dativo.state.orders");

    const again = await runCli(["run", "--config", job, "--json"], { cwd: ws.dir });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout.trim().split("\n").pop()!).status).toBe("nothing-new");
  }, 60_000);
});
