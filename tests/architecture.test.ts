/**
 * The dependency rule of DESIGN.md, enforced: nothing outside the platform roots
 * (adapters/{bun,deno,workers,browser}), tests and scripts touches Bun, Deno, process, node:* or
 * cloudflare:*, and each folder imports only what its row of the table allows.
 */
import { describe, expect, it } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = join(import.meta.dir, "..");
const platformRoots = ["adapters/bun/", "adapters/deno/", "adapters/workers/", "adapters/browser/"];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (name === "node_modules" || name === "target") continue;
    if (statSync(join(root, path)).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|js|mjs)$/.test(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

function imports(text: string): string[] {
  const found: string[] = [];
  const re = /(?:import|export)\s[^"'`;]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|import\s*["']([^"']+)["']/g;
  for (const m of text.matchAll(re)) found.push(m[1] ?? m[2] ?? m[3]!);
  return found;
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

const hostGlobal = /(?<![\w.$'"`])(Bun|Deno|process)\s*[.[]/;

const allowedPackages: Record<string, RegExp> = {
  runtime: /^(zod|apache-arrow|parquet-wasm(\/esm)?|hyparquet|hyparquet-compressors|yaml)$/,
  wasm: /^$/,
  server: /^(hono(\/.*)?|zod)$/,
  web: /^(apache-arrow|@duckdb\/duckdb-wasm|parquet-wasm(\/esm)?|hyparquet|yaml|zod)$/,
  adapters: /^(postgres|mysql2(\/promise)?|stripe|@hubspot\/api-client|@aws-sdk\/client-s3|@duckdb\/duckdb-wasm(\/.*)?|apache-arrow|zod|hono(\/.*)?)$/,
};

const layered = ["runtime", "wasm", "server", "web", "adapters"];

describe("the dependency rule", () => {
  const files = layered.flatMap((d) => {
    try {
      return sourceFiles(d);
    } catch {
      return [];
    }
  });

  it("finds the portable code to check", () => {
    expect(files.some((f) => f.startsWith("runtime/"))).toBe(true);
  });

  for (const file of files) {
    if (platformRoots.some((p) => file.startsWith(p))) continue;
    const folder = file.split("/")[0]!;
    it(`${file} touches no host global and imports only what ${folder}/ may`, () => {
      const text = readFileSync(join(root, file), "utf8");
      const code = stripComments(text);
      const bad: string[] = [];
      const g = hostGlobal.exec(code);
      if (g) bad.push(`uses host global ${g[1]}`);
      for (const spec of imports(code)) {
        if (spec.startsWith("node:") || spec.startsWith("cloudflare:") || spec === "bun" || spec.startsWith("bun:")) {
          bad.push(`imports ${spec}`);
          continue;
        }
        if (spec.startsWith(".")) {
          const target = relative(root, join(root, file, "..", spec));
          const targetFolder = target.split("/")[0]!;
          // The console is the browser root's page: web/ may use adapters/browser/ (DESIGN.md).
          const allowedRoot = folder === "web" && target.startsWith("adapters/browser/");
          if (platformRoots.some((p) => target.startsWith(p)) && !allowedRoot) bad.push(`imports platform root ${target}`);
          if (folder === "runtime" && !["runtime", "wasm"].includes(targetFolder)) bad.push(`imports ${target}`);
          if (folder === "wasm" && targetFolder !== "wasm") bad.push(`imports ${target}`);
          if (folder === "server" && !["runtime", "server"].includes(targetFolder)) bad.push(`imports ${target}`);
          if (folder === "web" && !["runtime", "web", "adapters", "wasm"].includes(targetFolder)) bad.push(`imports ${target}`);
          continue;
        }
        if (!allowedPackages[folder]!.test(spec)) bad.push(`imports package ${spec}`);
      }
      expect(bad).toEqual([]);
    });
  }
});
