/** Helpers to reach the golden Iceberg tables written by Spark, Java and Athena (copied into golden-tables/ from shared/specs/iceberg/golden; see its README). */
import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

export const goldenRoot = resolve(import.meta.dir, "golden-tables");

export function goldenFiles(suffix: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(suffix)) out.push(path);
    }
  };
  walk(goldenRoot);
  return out;
}

export function goldenName(path: string): string {
  return relative(goldenRoot, path);
}

/** Table folders: `<engine>/<table>`. */
export function goldenTables(): string[] {
  const out: string[] = [];
  for (const engine of readdirSync(goldenRoot).sort()) {
    if (!statSync(join(goldenRoot, engine)).isDirectory()) continue;
    for (const table of readdirSync(join(goldenRoot, engine)).sort()) out.push(join(goldenRoot, engine, table));
  }
  return out;
}
