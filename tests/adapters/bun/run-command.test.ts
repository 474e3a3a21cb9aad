import { describe, expect, it } from "bun:test";
import { runCli } from "../../helpers/cli.ts";
import { createWorkspace, csvJob } from "../../helpers/workspace.ts";

const csv = [
  "order_id,customer,email,amount,placed_at,country,is_gift,note",
  '1,Ann,ann@example.com,12.5,2024-06-01 10:00:00,DE,true,"call +49 30 1234567 ""after 5"""',
  "2,Bob,,7,2024-06-01T11:00:00Z,,false,mail bob@example.org",
  "x,Cid,cid@example.net,3,2024-06-02 00:00:00,FR,,",
  "4,Dee,NULL,-1.25,2024-06-02 00:00:01,US,NULL,None",
].join("\n") + "\n";

async function run(args: string[], env: Record<string, string> = {}) {
  const ws = createWorkspace("dativo-kernels-");
  ws.write("data/orders.csv", csv);
  const job = csvJob(ws, { files: ["data/orders.csv"], mode: "warn", incremental: false });
  const r = await runCli(["run", "--config", job, "--json", ...args], { cwd: ws.dir, env });
  return { ...r, summary: r.code <= 1 ? JSON.parse(r.stdout.trim().split("\n").pop()!) : undefined };
}

describe("dativo run --kernels", () => {
  it("reports the kernels it ran, and both give the same rows and findings", async () => {
    const wasm = await run(["--kernels", "wasm"]);
    const ts = await run([], { DATIVO_KERNELS: "ts" });
    expect(wasm.summary.kernels).toBe("wasm");
    expect(ts.summary.kernels).toBe("ts");
    for (const key of ["rowsRead", "rowsWritten", "rowsRejected", "issues", "issueCounts", "exitCode"]) expect(wasm.summary[key]).toEqual(ts.summary[key]);
    expect(wasm.summary.rowsWritten).toBe(3);
  }, 30_000);

  it("uses the WebAssembly kernels by default when they load", async () => {
    expect((await run([])).summary.kernels).toBe("wasm");
  }, 30_000);

  it("reports personal data in columns the contract does not classify, without failing the run", async () => {
    const { summary } = await run(["--kernels", "wasm"]);
    const pii = summary.issues.filter((i: { kind: string }) => i.kind === "pii").map((i: { message: string }) => i.message);
    // Rows rejected by the contract (order `x`) are not loaded, so they are not scanned.
    expect(pii).toEqual([
      "column `email` holds 1 e-mail address but contract `orders` does not classify it; set its classification to pii if that is expected, or remove it from the source",
      "column `note` holds 1 e-mail address but contract `orders` does not classify it; set its classification to pii if that is expected, or remove it from the source",
      "column `note` holds 1 phone number but contract `orders` does not classify it; set its classification to pii if that is expected, or remove it from the source",
    ]);
    // Partial only because of the rejected row `x`, never because of the PII findings.
    expect(summary.issueCounts["type_mismatch:order_id"]).toBe(1);
    expect(summary.exitCode).toBe(1);
  }, 30_000);

  it("refuses an unknown kernels choice with the values it accepts", async () => {
    const r = await run(["--kernels", "gpu"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("kernels `gpu` is unknown; set --kernels or DATIVO_KERNELS to wasm, ts or auto");
  }, 30_000);
});

describe("dativo run with Parquet encoded on a worker thread", () => {
  const rows = (n: number, bad: boolean) => {
    const lines = ["order_id,customer,email,amount,placed_at,country,is_gift,note"];
    for (let i = 1; i <= n; i++) lines.push(`${i},c${i % 50},,${i / 4},2024-06-01 10:00:00,DE,false,`);
    if (bad) lines.push("not-a-number,Zed,,1,2024-06-01 10:00:00,DE,false,");
    return lines.join("\n") + "\n";
  };
  const runWith = async (env: Record<string, string>, bad: boolean) => {
    const ws = createWorkspace("dativo-pq-worker-");
    ws.write("data/orders.csv", rows(200_000, bad));
    const job = csvJob(ws, { files: ["data/orders.csv"], mode: "strict", incremental: false });
    const r = await runCli(["run", "--config", job, "--json"], { cwd: ws.dir, env });
    return { ...r, summary: JSON.parse(r.stdout.trim().split("\n").pop()!) };
  };

  it("writes the same rows and bytes with the worker as without it", async () => {
    const [worker, inThread] = await Promise.all([runWith({}, false), runWith({ DATIVO_PARQUET_WORKER: "0" }, false)]);
    expect(worker.code).toBe(0);
    expect(inThread.code).toBe(0);
    expect(worker.summary.rowsWritten).toBe(200_000);
    for (const key of ["rowsWritten", "files", "bytes"]) expect(worker.summary[key]).toEqual(inThread.summary[key]);
  }, 60_000);

  it("exits with a failure, and does not hang on the worker, when a strict run fails after writing", async () => {
    const { code, summary } = await runWith({}, true);
    expect(code).toBe(2);
    expect(summary.status).toBe("failed");
    expect(summary.message).toContain("not-a-number");
  }, 60_000);
});

describe("dativo run's config warnings", () => {
  it("are shown on stderr and do not fail the run", async () => {
    const ws = createWorkspace("dativo-warnings-");
    ws.write("data/orders.csv", csv);
    const schema = ["order_id: integer", "customer: string", "email: string", "amount: double", "placed_at: timestamp", "country: string", "is_gift: boolean", "note: geometry"]
      .map((c) => `  - {name: ${c.split(": ")[0]}, type: ${c.split(": ")[1]}}`)
      .join("\n");
    const job = csvJob(ws, { files: ["data/orders.csv"], mode: "warn", schema });
    const r = await runCli(["run", "--config", job, "--json"], { cwd: ws.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown type `geometry` is read as string");
  }, 30_000);
});
