/** The portable suite under Deno (the real `deno` binary from npm), reported case by case. */
import { beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { allCaseNames } from "./all-cases.ts";

const root = join(import.meta.dir, "../..");
let results: { name: string; ok: boolean; error?: string }[] = [];
let failure = "";

beforeAll(async () => {
  const proc = Bun.spawn([join(root, "node_modules/.bin/deno"), "run", "--allow-read", "--allow-env", "tests/portable/deno-entry.ts"], {
    cwd: root,
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, NO_COLOR: "1" },
  });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) failure = `deno exited ${code}:\n${err}`;
  else results = JSON.parse(out.trim().split("\n").pop()!);
}, 120_000);

describe("portable core in Deno", () => {
  for (const name of allCaseNames) {
    it(name, () => {
      expect(failure).toBe("");
      const r = results.find((x) => x.name === name || x.name === "kernels");
      expect(r?.error ?? "").toBe("");
      expect(r?.ok).toBe(true);
    });
  }
});
