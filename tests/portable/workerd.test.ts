/** The portable suite in workerd, the Cloudflare Workers runtime, driven through Miniflare. */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { Miniflare } from "miniflare";
import { allCaseNames } from "./all-cases.ts";
import { bundle } from "./bundle.ts";

let mf: Miniflare | undefined;
let results: { name: string; ok: boolean; error?: string }[] = [];

beforeAll(async () => {
  const { dir, script } = await bundle("worker-entry.ts");
  mf = new Miniflare({
    modules: true,
    // Module paths are taken relative to this root; the bundle lives in a temp folder.
    modulesRoot: dir,
    scriptPath: script,
    cf: false,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-01-01",
  });
  const res = await mf.dispatchFetch("http://localhost/");
  const text = await res.text();
  results = JSON.parse(text);
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
});

describe("portable core in workerd", () => {
  for (const name of allCaseNames) {
    it(name, () => {
      const r = results.find((x) => x.name === name || x.name === "kernels");
      expect(r?.error ?? "").toBe("");
      expect(r?.ok).toBe(true);
    });
  }
});
