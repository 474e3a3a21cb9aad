import { describe, expect, it } from "bun:test";
import { readFile } from "node:fs/promises";
import { IngestError } from "../../runtime/errors.ts";
import { kernels, loadKernels, loadKernelsSync } from "../../wasm/index.ts";

const bytes = new Uint8Array(await readFile(new URL("../../wasm/dativo_kernels.wasm", import.meta.url)));

describe("kernels()", () => {
  it("loads the WebAssembly kernels from bytes, an ArrayBuffer or a compiled module", async () => {
    const module = await WebAssembly.compile(bytes);
    for (const source of [bytes, bytes.slice().buffer, module]) expect((await loadKernels(source)).kind).toBe("wasm");
    expect(loadKernelsSync(module).kind).toBe("wasm");
    expect((await kernels({ prefer: "auto", source: async () => bytes })).kind).toBe("wasm");
  });

  it("falls back to the twins under auto when the module does not load, and says why", async () => {
    const reasons: unknown[] = [];
    const k = await kernels({ prefer: "auto", source: new Uint8Array([0, 1, 2, 3]), onFallback: (e) => reasons.push(e) });
    expect(k.kind).toBe("ts");
    expect(reasons.length).toBe(1);
    expect((await kernels({ prefer: "auto" })).kind).toBe("ts");
  });

  it("fails under prefer wasm when the module does not load, naming what to pass", async () => {
    expect(kernels({ prefer: "wasm", source: new Uint8Array([0, 1, 2, 3]) })).rejects.toThrow();
    expect(kernels({ prefer: "wasm" })).rejects.toThrow(/dativo_kernels\.wasm/);
  });

  it("never loads the module under prefer ts", async () => {
    expect((await kernels({ prefer: "ts", source: bytes })).kind).toBe("ts");
  });

  it("refuses a non-positive truncate width instead of trapping", async () => {
    const k = await loadKernels(bytes);
    expect(() => k.truncateInt32(Int32Array.of(5), 0)).toThrow(/positive/);
    expect(() => k.truncateInt64(BigInt64Array.of(5n), 0n)).toThrow(/positive/);
    expect(IngestError).toBeDefined();
  });
});
