/**
 * `ifMatch` on the fs store across processes: four processes increment one counter object with
 * read → compare-and-swap. A lost update (two processes both winning one round) would leave the
 * counter short; the lock file makes every swap exclusive, so the count is exact.
 */
import { describe, expect, it } from "bun:test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

describe("fs store ifMatch across processes", () => {
  it("loses no update when four processes compare-and-swap one key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dativo-fs-cas-"));
    writeFileSync(join(dir, "counter"), "0");
    const procs = Array.from({ length: 4 }, () =>
      Bun.spawn([process.execPath, join(import.meta.dir, "fs-store-counter.ts"), dir, "60"], { stdout: "inherit", stderr: "inherit" }),
    );
    expect(await Promise.all(procs.map((p) => p.exited))).toEqual([0, 0, 0, 0]);
    expect(readFileSync(join(dir, "counter"), "utf8")).toBe("240");
  }, 120_000);
});
