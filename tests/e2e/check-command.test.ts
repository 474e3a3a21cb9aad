/**
 * `dativo check`: validates a job and probes its infrastructure without moving data — the
 * original's `{source, target}` JSON shape, exit 0 when everything answers, 2 otherwise.
 */
import { beforeAll, describe, expect, it } from "bun:test";
import { writeFileSync } from "node:fs";
import { runCli } from "../helpers/cli.ts";
import { createWorkspace, csvJob, type Workspace } from "../helpers/workspace.ts";

let ws: Workspace;

beforeAll(() => {
  ws = createWorkspace("dativo-check-");
  ws.write("data/orders.csv", "order_id,customer,email,amount,placed_at,country,is_gift,note\n1,Ann,,1,2024-06-01 10:00:00,PT,false,\n");
});

describe("dativo check", () => {
  it("reports success for a good job and writes no table", async () => {
    const job = csvJob(ws, { files: ["data/orders.csv"] });
    const r = await runCli(["check", "--config", job, "--json"], { cwd: ws.dir });
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.config.status).toBe("success");
    expect(result.source.status).toBe("success");
    expect(result.target.status).toBe("success");
    expect(result.catalog.status).toBe("success");
    expect(await Bun.file(ws.path("warehouse/_catalog")).exists()).toBe(false);
  });

  it("fails with exit 2 when the warehouse cannot be written", async () => {
    writeFileSync(ws.path("blocker"), "x");
    const job = csvJob(ws, { name: "blocked", files: ["data/orders.csv"], target: "  warehouse: ./blocker/wh\n  catalog: files" });
    const r = await runCli(["check", "--config", job], { cwd: ws.dir });
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).toContain("blocker");
  });

  it("fails with exit 2 and names the file when the source file is missing", async () => {
    const job = csvJob(ws, { name: "missing", files: ["data/absent.csv"] });
    const r = await runCli(["check", "--config", job, "--json"], { cwd: ws.dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("data/absent.csv");
  });

  it("lists every config problem at once before touching anything", async () => {
    const job = ws.write("jobs/broken.yaml", "tenant_id: \"\"\nsource_connector_path: connectors/csv.yaml\ntarget_connector_path: connectors/iceberg.yaml\nasset_path: assets/none.yaml\n");
    const r = await runCli(["check", "--config", job], { cwd: ws.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("tenant_id");
    expect(r.stderr).toContain("assets/none.yaml");
  });
});
