import { afterAll, describe, expect, it } from "bun:test";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isIngestError } from "../../../runtime/errors.ts";
import { fsStore } from "../../../adapters/stores/fs-store.ts";
import { nodeFsApi } from "../../../adapters/bun/node-fs-api.ts";
import { objectStoreSuite } from "../../suites/object-store.suite.ts";

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dativo-fs-store-"));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

objectStoreSuite("fs", async () => fsStore(await freshDir(), nodeFsApi()));

describe("fsStore", () => {
  it("uses a file URI of its directory as root", async () => {
    const dir = await freshDir();
    expect(fsStore(dir + "/", nodeFsApi()).root).toBe(`file://${dir}`);
  });

  it("refuses a relative directory", () => {
    expect(() => fsStore("relative/dir", nodeFsApi())).toThrow(/not absolute/);
  });

  it("writes plain files at the key's path and leaves no temp files behind", async () => {
    const dir = await freshDir();
    const store = fsStore(dir, nodeFsApi());
    await store.put("a/b.txt", new TextEncoder().encode("hi"));
    await store.put("a/b.txt", new TextEncoder().encode("again"), { ifMatch: (await store.head("a/b.txt"))!.etag });
    await store.put("c", new TextEncoder().encode("x"), { ifNoneMatch: "*" });
    await store.put("c", new TextEncoder().encode("y"), { ifNoneMatch: "*" }).catch(() => {});
    expect(await readFile(join(dir, "a/b.txt"), "utf8")).toBe("again");
    expect(await readdir(join(dir, ".dativo-tmp"))).toEqual([]);
  });

  it("sees files written by others and never lists its temp folder", async () => {
    const dir = await freshDir();
    const store = fsStore(dir, nodeFsApi());
    await store.put("x", new Uint8Array([1]));
    await writeFile(join(dir, "outside.txt"), "o");
    const keys: string[] = [];
    for await (const info of store.list("")) keys.push(info.key);
    expect(keys).toEqual(["outside.txt", "x"]);
  });

  it("lets exactly one of 8 processes win an ifNoneMatch * put of one key", async () => {
    const dir = await freshDir();
    const start = Date.now() + 1500;
    const script = (i: number) => `
      import { fsStore } from ${JSON.stringify(join(import.meta.dir, "../../../adapters/stores/fs-store.ts"))};
      import { nodeFsApi } from ${JSON.stringify(join(import.meta.dir, "../../../adapters/bun/node-fs-api.ts"))};
      const store = fsStore(${JSON.stringify(dir)}, nodeFsApi());
      while (Date.now() < ${start}) await new Promise((r) => setTimeout(r, 1));
      try {
        await store.put("commit/v1.json", new TextEncoder().encode("writer ${i}".repeat(50000)), { ifNoneMatch: "*" });
        console.log("won");
      } catch (e) {
        console.log("lost " + e.code);
      }`;
    const outputs = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const child = Bun.spawn([process.execPath, "-e", script(i)], { stdout: "pipe", stderr: "pipe" });
        const [out, err] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text()]);
        await child.exited;
        return { i, out: out.trim(), err };
      }),
    );
    const winners = outputs.filter((o) => o.out === "won");
    expect(winners.length).toBe(1);
    for (const o of outputs.filter((x) => x.out !== "won")) expect(o.out).toBe("lost store.precondition_failed");
    expect(await readFile(join(dir, "commit/v1.json"), "utf8")).toBe(`writer ${winners[0]!.i}`.repeat(50000));
  });

  it("reserves its temp folder name", async () => {
    const store = fsStore(await freshDir(), nodeFsApi());
    const e = await store.put(".dativo-tmp/x", new Uint8Array([1])).catch((err) => err);
    expect(isIngestError(e, "store.io")).toBe(true);
  });

  it("reports a key that collides with a directory as store.io naming the key", async () => {
    const store = fsStore(await freshDir(), nodeFsApi());
    await store.put("a/b", new Uint8Array([1]));
    const e = await store.put("a", new Uint8Array([1])).catch((err) => err);
    expect(isIngestError(e, "store.io")).toBe(true);
    expect((e as Error).message).toContain('"a"');
  });
});
