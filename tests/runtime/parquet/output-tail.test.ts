import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { OutputTail } from "../../../runtime/parquet/output-tail.ts";

describe("OutputTail", () => {
  it("holds the last bytes of any sequence of chunks, unaffected by later changes to them", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 30 }), fc.integer({ min: 1, max: 64 }), (chunks, limit) => {
        const tail = new OutputTail(limit);
        for (const c of chunks) tail.push(c);
        const all = chunks.flatMap((c) => [...c]);
        const want = all.slice(Math.max(0, all.length - limit));
        for (const c of chunks) c.fill(255);
        expect([...tail.bytes()]).toEqual(want);
      }),
    );
  });
});
