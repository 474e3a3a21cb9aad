/** The Deno module (`deno.json` exports): the public API runs a job and serves its table, in Deno. */
import { describe, expect, it } from "bun:test";
import { join } from "node:path";
import { repoRoot } from "../../helpers/cli.ts";

describe("deno module", () => {
  it("runs a job through the exported API and serves the table over the REST routes", async () => {
    const proc = Bun.spawn([join(repoRoot, "node_modules/.bin/deno"), "run", "--allow-read", "--allow-env", "tests/adapters/deno/mod-entry.ts"], {
      cwd: repoRoot,
      stdout: "pipe",
      stderr: "pipe",
      env: { ...process.env, NO_COLOR: "1" },
    });
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    expect(err).toBe("");
    expect(code).toBe(0);
    const seen = JSON.parse(out.trim().split("\n").pop()!);
    expect(seen).toEqual({ status: "committed", rows: 2, http: 200, files: 1, records: 2, cwd: join(repoRoot, "y") });
  }, 60_000);
});
