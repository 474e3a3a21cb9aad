/**
 * Builds the profiling console (web/) with Bun.build and serves it: the page, its bundle and the
 * two WASM files it fetches (parquet-wasm, the kernels). Nothing else is served: the page does
 * all its work in the browser.
 *
 *   bun scripts/serve-web.ts [--port 8080] [--host 127.0.0.1]
 */
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import { parseArgs } from "node:util";

const root = join(import.meta.dir, "..");
const types: Record<string, string> = { html: "text/html; charset=utf-8", js: "text/javascript", css: "text/css", wasm: "application/wasm", map: "application/json" };

/** Builds the page into `outdir` (a new temp folder by default) and returns the folder. */
export async function buildWeb(outdir = mkdtempSync(join(tmpdir(), "dativo-web-"))): Promise<string> {
  const result = await Bun.build({
    entrypoints: [join(root, "adapters/browser/console.ts")],
    outdir,
    target: "browser",
    format: "esm",
    external: ["*.wasm"],
    naming: "[name].js",
    minify: true,
    sourcemap: "linked",
  });
  if (!result.success) throw new Error(`building the console failed:\n${result.logs.join("\n")}`);
  copyFileSync(join(root, "web/index.html"), join(outdir, "index.html"));
  copyFileSync(join(root, "web/console.css"), join(outdir, "console.css"));
  copyFileSync(join(root, "node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm"), join(outdir, "parquet_wasm_bg.wasm"));
  copyFileSync(join(root, "wasm/dativo_kernels.wasm"), join(outdir, "dativo_kernels.wasm"));
  return outdir;
}

export function serveWeb(dir: string, o: { port?: number; hostname?: string } = {}) {
  return Bun.serve({
    port: o.port ?? 8080,
    hostname: o.hostname ?? "127.0.0.1",
    fetch(req) {
      const path = new URL(req.url).pathname;
      const rel = normalize(path === "/" ? "index.html" : path.slice(1));
      if (rel.startsWith("..")) return new Response("not found", { status: 404 });
      try {
        const body = readFileSync(join(dir, rel));
        return new Response(body, { headers: { "content-type": types[rel.split(".").pop()!] ?? "application/octet-stream" } });
      } catch {
        return new Response(`${path} not found`, { status: 404 });
      }
    },
  });
}

if (import.meta.main) {
  const { values } = parseArgs({ args: Bun.argv.slice(2), options: { port: { type: "string" }, host: { type: "string" } } });
  const dir = await buildWeb();
  const server = serveWeb(dir, { port: values.port ? Number(values.port) : 8080, hostname: values.host });
  console.log(`profiling console: http://${server.hostname}:${server.port}/`);
}
