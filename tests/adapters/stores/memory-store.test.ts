import { describe, expect, it } from "bun:test";
import { memoryStore } from "../../../adapters/stores/memory-store.ts";
import { objectStoreSuite } from "../../suites/object-store.suite.ts";

objectStoreSuite("memory", async () => memoryStore("test"));

describe("memoryStore", () => {
  it("names its root after the store", () => {
    expect(memoryStore("lake").root).toBe("memory://lake");
    expect(memoryStore().root).toBe("memory://default");
  });

  it("keeps separate stores separate even under one name", async () => {
    const a = memoryStore("same");
    const b = memoryStore("same");
    await a.put("k", new Uint8Array([1]));
    expect(await b.get("k")).toBeNull();
  });
});
