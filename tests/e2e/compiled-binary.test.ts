/**
 * `npm run build` makes one executable that runs the demo job with no node_modules at all: it is
 * run from a folder outside the checkout, with the checkout's node_modules hidden behind an empty
 * bind mount (a private mount namespace), so any file it failed to embed would be missing.
 */
import { beforeAll, describe, expect, it } from "bun:test";
import { copyFileSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../helpers/cli.ts";
import { generateOrdersCsv } from "../../scripts/fixtures/generate-orders-csv.ts";

let dir: string;

beforeAll(async () => {
  const build = Bun.spawnSync([process.execPath, "scripts/build.ts"], { cwd: repoRoot, stdout: "pipe", stderr: "pipe" });
  if (build.exitCode !== 0) throw new Error(`npm run build failed:\n${build.stderr.toString()}`);
  dir = mkdtempSync(join(tmpdir(), "dativo-binary-"));
  copyFileSync(join(repoRoot, "dist/dativo"), join(dir, "dativo"));
  for (const rel of ["examples/jobs/demo/orders.yaml", "examples/assets/csv/v1.0/orders.yaml"]) {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    copyFileSync(join(repoRoot, rel), join(dir, rel));
  }
  await generateOrdersCsv(join(dir, "examples/data/orders.csv"), 5_000);
}, 120_000);

describe("the compiled executable", () => {
  it("runs the demo job with node_modules out of reach", () => {
    const empty = mkdtempSync(join(tmpdir(), "dativo-empty-"));
    const script = `mount --bind ${empty} ${join(repoRoot, "node_modules")} && ./dativo run --config examples/jobs/demo/orders.yaml --json --kernels wasm`;
    const run = Bun.spawnSync(["unshare", "--mount", "--", "sh", "-c", script], { cwd: dir, stdout: "pipe", stderr: "pipe" });
    expect(run.stderr.toString()).not.toContain("Cannot find");
    expect(run.exitCode).toBe(0);
    const summary = JSON.parse(run.stdout.toString().trim().split("\n").pop()!);
    expect(summary.rowsWritten).toBe(5_000);
    expect(summary.status).toBe("committed");
    // The kernels' WebAssembly is embedded too: --kernels wasm fails when it does not load.
    expect(summary.kernels).toBe("wasm");
  });

  it("answers --help and --version without a job", () => {
    const help = Bun.spawnSync([join(dir, "dativo"), "--help"], { cwd: dir });
    expect(help.exitCode).toBe(0);
    expect(help.stdout.toString()).toContain("dativo run --config");
    const none = Bun.spawnSync([join(dir, "dativo")], { cwd: dir });
    expect(none.exitCode).toBe(2);
  });
});
