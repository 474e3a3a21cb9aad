/** An in-memory `LocalFiles` for configuration tests: paths resolve against a fixed working directory. */
import type { LocalFiles } from "../../../runtime/platform.ts";

export function memoryFiles(tree: Record<string, string>, cwd = "/project"): LocalFiles & { reads: string[] } {
  const abs = (p: string) => normalize(p.startsWith("/") ? p : `${cwd}/${p}`);
  const files = new Map(Object.entries(tree).map(([p, t]) => [abs(p), t]));
  const reads: string[] = [];
  return {
    reads,
    resolve: abs,
    async exists(p) {
      const a = abs(p);
      return files.has(a) || [...files.keys()].some((k) => k.startsWith(a + "/"));
    },
    async readText(p) {
      reads.push(abs(p));
      const t = files.get(abs(p));
      if (t === undefined) throw new Error(`no such file ${p}`);
      return t;
    },
    async listDir(p) {
      const dir = abs(p).replace(/\/$/, "") + "/";
      return [...files.keys()].filter((k) => k.startsWith(dir) && !k.slice(dir.length).includes("/")).map((k) => k.slice(dir.length));
    },
  };
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}
