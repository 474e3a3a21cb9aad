/**
 * `dativo run --job-dir`: every *.yaml then *.yml job under a folder, one after another, all of
 * one tenant; the run exits 0 only if every job did, and a partial job counts as a failure
 * (config-format.md §11.1–11.2).
 */
import { beforeAll, describe, expect, it } from "bun:test";
import { runCli } from "../helpers/cli.ts";
import { createWorkspace, csvJob, type Workspace } from "../helpers/workspace.ts";

const header = "order_id,customer,email,amount,placed_at,country,is_gift,note\n";
let ws: Workspace;

beforeAll(() => {
  ws = createWorkspace("dativo-jobdir-");
  ws.write("data/good.csv", header + "1,Ann,,1,2024-06-01 10:00:00,PT,false,\n");
  ws.write("data/bad.csv", header + "2,Bo,,notanumber,2024-06-01 10:00:00,PT,false,\n3,Cy,,3,2024-06-01 10:00:00,PT,false,\n");
});

async function jobIn(dir: string, name: string, o: Parameters<typeof csvJob>[1], tenant = "e2e") {
  const text = (await Bun.file(csvJob(ws, { ...o, name })).text()).replace("tenant_id: e2e", `tenant_id: ${tenant}`);
  ws.write(`${dir}/${name}.yaml`, text);
}

describe("dativo run --job-dir", () => {
  it("runs every job of the folder and exits 0 when all succeed", async () => {
    await jobIn("ok", "first", { files: ["data/good.csv"] });
    await jobIn("ok", "second", { files: ["data/good.csv"] });
    const r = await runCli(["run", "--job-dir", "ok", "--json"], { cwd: ws.dir });
    expect(r.code).toBe(0);
    const summaries = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(summaries.map((s) => s.table).sort()).toEqual(["e2e.first", "e2e.second"]);
  });

  it("counts a partial job as a failure", async () => {
    await jobIn("partial", "warned", { files: ["data/bad.csv"], mode: "warn" });
    const r = await runCli(["run", "--job-dir", "partial", "--json"], { cwd: ws.dir });
    expect(r.code).toBe(2);
  });

  it("refuses jobs of another tenant", async () => {
    await jobIn("mixed", "a", { files: ["data/good.csv"] });
    await jobIn("mixed", "b", { files: ["data/good.csv"] }, "other");
    const r = await runCli(["run", "--job-dir", "mixed"], { cwd: ws.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("must belong to one tenant");
  });

  it("names a missing folder and refuses --config with --job-dir", async () => {
    const missing = await runCli(["run", "--job-dir", "nowhere"], { cwd: ws.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nowhere");
    const both = await runCli(["run", "--job-dir", "ok", "--config", "x.yaml"], { cwd: ws.dir });
    expect(both.code).toBe(2);
  });
});
