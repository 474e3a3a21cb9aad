/**
 * The profiling console in headless Chromium (Debian's build), driven by playwright-core: a file
 * set on the input is profiled in the page, the numbers shown are checked, and the table is
 * written to OPFS. A screenshot lands in the temp folder (DATIVO_SCREENSHOT overrides the path).
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { chromium, type Browser, type Page } from "playwright-core";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildWeb, serveWeb } from "../../scripts/serve-web.ts";

let browser: Browser | undefined;
let server: ReturnType<typeof serveWeb> | undefined;
let page: Page;
const errors: string[] = [];

const csv = [
  "order_id,customer,email,amount,placed_on,is_gift",
  "1,Zoë,zoe@example.com,12.50,2024-06-01,true",
  '2,"Li, Lei",,7,2024-06-03,false',
  "3,Ann,ann@example.org,3.25,2024-05-30,",
  "4,Bob,bob@example.com,x,2024-06-02,true",
  "4,Eve,,100,2024-06-02,false",
].join("\n") + "\n";

beforeAll(async () => {
  server = serveWeb(await buildWeb(), { port: 0 });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") errors.push(m.text());
  });
  await page.goto(`http://127.0.0.1:${server.port}/`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.stop(true);
});

const stat = (column: string, name: string) => page.locator(`#columns tr[data-column="${column}"] td[data-stat="${name}"]`).textContent();

async function pick(text: string, name: string) {
  await page.setInputFiles("#file", { name, mimeType: "text/csv", buffer: Buffer.from(text) });
  await page.waitForFunction(() => document.body.dataset.state === "profiled" || document.body.dataset.state === "error", undefined, { timeout: 30_000 });
}

describe("profiling console", () => {
  it("profiles a picked CSV against an inferred contract with the WASM kernels", async () => {
    await pick(csv, "orders.csv");
    expect(await page.locator("#status").textContent()).toContain("Profiled orders.csv: 5 rows");
    expect(await page.textContent("#kernels")).toBe("WebAssembly");
    expect(await page.textContent("#rows")).toBe("5");
    // `amount` has an "x", so it is inferred as text: every row is valid.
    expect(await page.textContent("#rejected")).toBe("0");
    expect(await stat("order_id", "type")).toBe("integer");
    expect(await stat("order_id", "distinct")).toBe("4");
    expect(await stat("order_id", "max")).toBe("4");
    expect(await stat("email", "nulls")).toBe("2");
    expect(await stat("email", "pii")).toBe("email ×3");
    expect(await stat("placed_on", "min")).toBe("2024-05-30");
    expect(await stat("placed_on", "max")).toBe("2024-06-03");
    expect(await stat("is_gift", "nulls")).toBe("1");
    expect(await stat("amount", "type")).toBe("string");
    expect(await page.inputValue("#contract")).toContain("- {name: order_id, type: integer}");
    expect(errors).toEqual([]);
  }, 60_000);

  it("shows type findings when the edited contract says the column is a number", async () => {
    const edited = (await page.inputValue("#contract")).replace(/{name: amount, type: string}/, "{name: amount, type: double}");
    expect(edited).toContain("type: double");
    await page.fill("#contract", edited);
    await page.evaluate(() => delete document.body.dataset.state);
    await page.click("#profile");
    await page.waitForFunction(() => document.body.dataset.state === "profiled", undefined, { timeout: 30_000 });
    expect(await page.textContent("#rejected")).toBe("1");
    expect(await stat("amount", "type")).toBe("double");
    expect(await stat("amount", "min")).toBe("3.25");
    expect(await stat("amount", "max")).toBe("100");
    const finding = page.locator('#findings li[data-column="amount"]');
    expect(await finding.getAttribute("data-kind")).toBe("type_mismatch");
    expect(await finding.textContent()).toContain("×1");
    await page.screenshot({ path: process.env.DATIVO_SCREENSHOT ?? join(tmpdir(), "dativo-console.png"), fullPage: true });
  }, 60_000);

  it("writes the valid rows to an Iceberg table in OPFS", async () => {
    await page.fill("#table", "orders");
    await page.click("#write-table");
    await page.waitForFunction(() => document.getElementById("write-result")?.dataset.status !== undefined, undefined, { timeout: 30_000 });
    const result = await page.textContent("#write-result");
    expect(result).toContain("partial: 4 rows in 1 file(s) to console.orders");
    const files = await page.evaluate(async () => {
      const walk = async (dir: FileSystemDirectoryHandle, prefix: string): Promise<string[]> => {
        const out: string[] = [];
        for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
          if (handle.kind === "directory") out.push(...(await walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`)));
          else out.push(`${prefix}${name}`);
        }
        return out;
      };
      return walk(await navigator.storage.getDirectory(), "");
    });
    expect(files.filter((f) => f.startsWith("warehouse/console/orders/data/") && f.endsWith(".parquet")).length).toBe(1);
    expect(files).toContain("warehouse/_catalog/tables/console/orders.json");
  }, 60_000);
});
