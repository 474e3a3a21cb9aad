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

  it("keeps them while its buffer grows towards a large limit", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 150_000 }), { maxLength: 12 }), fc.integer({ min: 100_000, max: 400_000 }), (sizes, limit) => {
        const tail = new OutputTail(limit);
        let next = 0;
        const all: number[] = [];
        for (const n of sizes) {
          const c = Uint8Array.from({ length: n }, () => next++ % 251);
          all.push(...c);
          tail.push(c);
        }
        const got = tail.bytes();
        const want = all.slice(Math.max(0, all.length - limit));
        expect(got.length).toBe(want.length);
        expect(Buffer.compare(Buffer.from(got), Buffer.from(want))).toBe(0);
      }),
      { numRuns: 30 },
    );
  });
});
