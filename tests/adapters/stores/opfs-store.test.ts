/**
 * Runs the ObjectStore suite over OPFS in headless Chromium (playwright-core, Debian's chromium):
 * the suite is bundled for the page with `bun:test` mapped to a small shim, and each case's
 * outcome is reported here as a test of its own.
 */
import { expect, it } from "bun:test";
import { chromium } from "playwright-core";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { opfsStore } from "../../../adapters/stores/opfs-store.ts";

type Result = { name: string; ok: boolean; error?: string };

async function runInChromium(): Promise<Result[]> {
  const dir = mkdtempSync(join(tmpdir(), "dativo-opfs-"));
  const shim = join(import.meta.dir, "browser-test-shim.ts");
  const built = await Bun.build({
    entrypoints: [join(import.meta.dir, "opfs-entry.ts")],
    outdir: dir,
    target: "browser",
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
  if (!built.success) throw new Error(`bundling the OPFS suite failed:\n${built.logs.join("\n")}`);
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(req) {
      const path = new URL(req.url).pathname;
      if (path === "/") return new Response(`<!doctype html><meta charset="utf-8"><script type="module" src="/opfs-entry.js"></script>`, { headers: { "content-type": "text/html" } });
      return new Response(readFileSync(join(dir, "opfs-entry.js")), { headers: { "content-type": "text/javascript" } });
    },
  });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await page.waitForFunction(() => (globalThis as { storeResults?: unknown }).storeResults !== undefined, undefined, { timeout: 50_000 }).catch(() => {});
    const results = (await page.evaluate(() => (globalThis as { storeResults?: unknown }).storeResults)) as Result[] | undefined;
    return results ?? [{ name: "loading the page", ok: false, error: `no results; page errors: ${errors.join("; ")}` }];
  } finally {
    await browser.close();
    server.stop(true);
  }
}

const results = await runInChromium().catch((e): Result[] => [{ name: "starting Chromium", ok: false, error: String(e?.stack ?? e) }]);

for (const r of results) {
  it(r.name, () => {
    expect(r.error ?? "").toBe("");
    expect(r.ok).toBe(true);
  });
}

it("ran the whole ObjectStore suite in the page", () => {
  expect(results.filter((r) => r.name.startsWith("ObjectStore: opfs")).length).toBeGreaterThan(15);
});

it("names its root after the store", () => {
  expect(opfsStore({} as FileSystemDirectoryHandle, "lake").root).toBe("opfs://lake");
});
