import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { setInt128, setInt64 } from "../../../runtime/normalize/int64-words.ts";

/** The two's-complement words of `v` as BigInt arithmetic computes them. */
function wordsOf(v: bigint, count: number): number[] {
  let x = BigInt.asUintN(32 * count, v);
  return Array.from({ length: count }, () => {
    const w = Number(x & 0xffffffffn);
    x >>= 32n;
    return w;
  });
}

describe("int64 words", () => {
  it("writes exact integers as Decimal128 and int64 words, small and large, negative and -0", () => {
    const exact = fc.oneof(fc.integer(), fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), fc.constantFrom(0, -0, -1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 32));
    fc.assert(
      fc.property(exact, (v) => {
        const w128 = new Uint32Array(8).fill(7);
        setInt128(w128, 1, v);
        expect(Array.from(w128.subarray(4))).toEqual(wordsOf(BigInt(v), 4));
        expect(Array.from(w128.subarray(0, 4))).toEqual([7, 7, 7, 7]);
        const w64 = new Uint32Array(2);
        setInt64(w64, 0, v);
        expect(Array.from(w64)).toEqual(wordsOf(BigInt(v), 2));
      }),
    );
    const big = new Uint32Array(4);
    setInt128(big, 0, -(10n ** 37n));
    expect(Array.from(big)).toEqual(wordsOf(-(10n ** 37n), 4));
  });
});
