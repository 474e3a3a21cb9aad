/**
 * The ObjectStore suite over the fs store under Deno (its node:fs compatibility layer), bundled
 * with `bun:test` mapped to the same shim the browser run uses.
 */
import { expect, it } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

type Result = { name: string; ok: boolean; error?: string };

async function runInDeno(): Promise<Result[]> {
  const dir = mkdtempSync(join(tmpdir(), "dativo-fs-deno-bundle-"));
  const shim = join(import.meta.dir, "browser-test-shim.ts");
  const built = await Bun.build({
    entrypoints: [join(import.meta.dir, "fs-deno-entry.ts")],
    outdir: dir,
    target: "node",
    format: "esm",
    naming: "[name].js",
    plugins: [
      {
        name: "bun-test-shim",
        setup: (b) => {
          b.onResolve({ filter: /^bun:test$/ }, () => ({ path: shim }));
        },
      },
    ],
  });
  if (!built.success) throw new Error(`bundling the fs suite for Deno failed:\n${built.logs.join("\n")}`);
  const deno = join(import.meta.dir, "../../../node_modules/.bin/deno");
  const child = Bun.spawn([deno, "run", "--allow-all", join(dir, "fs-deno-entry.js")], { stdout: "pipe", stderr: "pipe", cwd: dir });
  const [out, err] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text()]);
  const code = await child.exited;
  const line = out.trim().split("\n").pop() ?? "";
  if (code !== 0 || !line.startsWith("[")) return [{ name: "running Deno", ok: false, error: `exit ${code}: ${err.slice(-2000)}` }];
  return JSON.parse(line) as Result[];
}

const results = await runInDeno().catch((e): Result[] => [{ name: "bundling for Deno", ok: false, error: String(e?.stack ?? e) }]);

for (const r of results) {
  it(r.name, () => {
    expect(r.error ?? "").toBe("");
    expect(r.ok).toBe(true);
  });
}

it("ran the whole ObjectStore suite in Deno", () => {
  expect(results.filter((r) => r.name.startsWith("ObjectStore: fs (Deno)")).length).toBeGreaterThan(15);
});
