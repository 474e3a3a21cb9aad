import { describe, expect, it } from "bun:test";

// The committed module must be what a clean build of wasm/src gives (scripts/build-wasm.sh
// --check), and the crate's native unit tests must pass. Both need Debian's Rust toolchain,
// which the script installs when it is missing; a busy machine needs minutes, not seconds.
const script = new URL("../../scripts/build-wasm.sh", import.meta.url).pathname;

async function run(...args: string[]) {
  const p = Bun.spawn(["bash", script, ...args], { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, text: out + err };
}

describe("scripts/build-wasm.sh", () => {
  it("rebuilds wasm/dativo_kernels.wasm byte for byte from the crate", async () => {
    const r = await run("--check");
    expect(r.text).toContain("matches a clean build");
    expect(r.code).toBe(0);
  }, 180_000);

  it("passes the crate's native unit tests", async () => {
    const r = await run("--test");
    expect(r.text).toMatch(/test result: ok\. [1-9]\d* passed/);
    expect(r.code).toBe(0);
  }, 180_000);
});
