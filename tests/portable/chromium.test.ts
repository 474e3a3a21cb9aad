/** The portable suite in headless Chromium (Debian's build), driven by playwright-core. */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { chromium, type Browser } from "playwright-core";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { allCaseNames } from "./all-cases.ts";
import { bundle } from "./bundle.ts";

let browser: Browser | undefined;
let server: ReturnType<typeof Bun.serve> | undefined;
let results: { name: string; ok: boolean; error?: string }[] = [];

beforeAll(async () => {
  const { dir } = await bundle("browser-entry.ts");
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(req) {
      const path = new URL(req.url).pathname;
      if (path === "/") return new Response(`<!doctype html><meta charset="utf-8"><script type="module" src="/browser-entry.js"></script>`, { headers: { "content-type": "text/html" } });
      const type = path.endsWith(".wasm") ? "application/wasm" : "text/javascript";
      try {
        return new Response(readFileSync(join(dir, path.slice(1))), { headers: { "content-type": type } });
      } catch {
        return new Response("not found", { status: 404 });
      }
    },
  });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`http://127.0.0.1:${server.port}/`);
  await page.waitForFunction(() => (globalThis as { portableResults?: unknown }).portableResults !== undefined || document.title === "error", undefined, { timeout: 90_000 }).catch(() => {});
  results = ((await page.evaluate(() => (globalThis as { portableResults?: unknown }).portableResults)) as typeof results) ?? [];
  if (results.length === 0) throw new Error(`the page produced no results; page errors: ${errors.join("; ")}`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.stop(true);
});

describe("portable core in Chromium", () => {
  for (const name of allCaseNames) {
    it(name, () => {
      const r = results.find((x) => x.name === name || x.name === "kernels");
      expect(r?.error ?? "").toBe("");
      expect(r?.ok).toBe(true);
    });
  }
});
