import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { decodeBound, encodeBound, truncateLowerBound, truncateUpperBound } from "../../../runtime/iceberg/bounds.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("encodeBound", () => {
  it("matches the bytes Spark wrote in the rename_column golden manifest", () => {
    expect(hex(encodeBound("int", 1))).toBe("01000000");
    expect(hex(encodeBound("string", "Flopsy 🐇"))).toBe("466c6f70737920f09f9087");
    expect(hex(encodeBound("date", 18993))).toBe("314a0000");
    expect(hex(encodeBound("decimal(10, 2)", -500n))).toBe("fe0c");
    expect(hex(encodeBound("decimal(10, 2)", 999))).toBe("03e7");
    expect(hex(encodeBound("decimal(10, 2)", 9999999999n))).toBe("02540be3ff");
    expect(hex(encodeBound("boolean", false))).toBe("00");
    expect(hex(encodeBound("boolean", true))).toBe("01");
  });

  it("writes decimals in the fewest two's-complement bytes", () => {
    expect(hex(encodeBound("decimal(38, 0)", 0n))).toBe("00");
    expect(hex(encodeBound("decimal(38, 0)", 127n))).toBe("7f");
    expect(hex(encodeBound("decimal(38, 0)", 128n))).toBe("0080");
    expect(hex(encodeBound("decimal(38, 0)", -128n))).toBe("80");
    expect(hex(encodeBound("decimal(38, 0)", -129n))).toBe("ff7f");
    expect(hex(encodeBound("decimal(38, 0)", 10n ** 38n - 1n))).toBe("4b3b4ca85a86c47a098a223fffffffff");
  });

  it("writes ints and dates in 4 bytes and longs and timestamps in 8", () => {
    expect(encodeBound("int", -1).length).toBe(4);
    expect(encodeBound("date", 0).length).toBe(4);
    for (const t of ["long", "time", "timestamp", "timestamptz", "timestamp_ns", "timestamptz_ns"]) expect(encodeBound(t, 1).length).toBe(8);
    expect(hex(encodeBound("long", 9158179788527662767n))).toBe("af765adcfe63187f");
    expect(hex(encodeBound("timestamp", -1))).toBe("ffffffffffffffff");
  });

  it("writes floats little-endian and keeps the sign of -0.0", () => {
    expect(hex(encodeBound("float", 1))).toBe("0000803f");
    expect(hex(encodeBound("double", -0))).toBe("0000000000000080");
    expect(() => encodeBound("double", NaN)).toThrow("NaN is never a bound");
  });

  it("writes UUIDs as 16 big-endian bytes and binary/fixed raw", () => {
    expect(hex(encodeBound("uuid", "f79c3e09-677c-4bbd-a479-3f349cb785e7"))).toBe("f79c3e09677c4bbda4793f349cb785e7");
    expect(hex(encodeBound("binary", new Uint8Array([0, 1, 2])))).toBe("000102");
    expect(hex(encodeBound("fixed[2]", new Uint8Array([9, 8])))).toBe("0908");
    expect(() => encodeBound("fixed[3]", new Uint8Array([9, 8]))).toThrow("is not 3 bytes");
  });

  it("never writes trailing bytes of a subarray's backing buffer", () => {
    const backing = new Uint8Array([1, 2, 3, 4, 5, 6]);
    expect(encodeBound("binary", backing.subarray(1, 3)).buffer.byteLength).toBe(2);
  });

  it("refuses values of the wrong kind", () => {
    expect(() => encodeBound("int", 2 ** 31)).toThrow("32-bit");
    expect(() => encodeBound("long", 1.5)).toThrow("not an integer");
    expect(() => encodeBound("string", 1)).toThrow("not a string");
    expect(() => encodeBound("struct<>", 1)).toThrow("not a known primitive type");
  });
});

describe("decodeBound", () => {
  const samples: [string, unknown][] = [
    ["boolean", true], ["int", -7], ["date", 18993], ["long", 9158179788527662767n], ["long", -42], ["time", 81068000000],
    ["timestamp", 1510871468000000], ["timestamptz_ns", 1510871468000001001n], ["float", 1.5], ["double", -0],
    ["string", "Mopsy–Naïve"], ["uuid", "f79c3e09-677c-4bbd-a479-3f349cb785e7"], ["binary", new Uint8Array([0, 255])],
    ["fixed[3]", new Uint8Array([1, 2, 3])], ["decimal(10, 2)", -500n], ["decimal(38, 10)", 10n ** 37n],
  ];
  for (const [type, value] of samples) {
    it(`round-trips a ${type} value`, () => {
      expect(decodeBound(type, encodeBound(type, value))).toEqual(value);
    });
  }

  it("rejects an int bound that was written in 8 bytes", () => {
    expect(() => decodeBound("int", new Uint8Array(8))).toThrow("expected 4");
  });

  it("round-trips any long and any decimal", () => {
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (v) => {
      expect(BigInt(decodeBound("long", encodeBound("long", v)) as bigint)).toBe(v);
      expect(decodeBound("decimal(38, 2)", encodeBound("decimal(38, 2)", v))).toBe(v);
    }));
  });
});

describe("truncation to 16", () => {
  it("keeps short values whole", () => {
    expect(truncateLowerBound("abc")).toBe("abc");
    expect(truncateUpperBound("abc")).toBe("abc");
    expect(truncateUpperBound(new Uint8Array([1, 2]))).toEqual(new Uint8Array([1, 2]));
  });

  it("cuts the lower bound at a code point, never inside a surrogate pair", () => {
    const s = "🐇".repeat(20);
    expect(truncateLowerBound(s)).toBe("🐇".repeat(16));
    expect(truncateLowerBound("abcdefghijklmnopqrstuvwxyz", 4)).toBe("abcd");
  });

  it("increments the last code point of the upper bound's prefix", () => {
    expect(truncateUpperBound("abcdefghijklmnopqrstuvwxyz")).toBe("abcdefghijklmnoq");
    expect(truncateUpperBound("aaaa🐇🐇🐇🐇🐇🐇🐇🐇🐇🐇🐇🐇🐇", 5)).toBe("aaaa🐈");
  });

  it("skips code points that can't be incremented and the surrogate range", () => {
    expect(truncateUpperBound("a\u{10FFFF}\u{10FFFF}zz", 3)).toBe("b");
    expect(truncateUpperBound("a\uD7FFzz", 2)).toBe("a\uE000");
    expect(truncateUpperBound("\u{10FFFF}".repeat(3), 2)).toBeNull();
  });

  it("increments binary upper bounds by byte and omits them when every byte is 0xff", () => {
    expect(truncateUpperBound(new Uint8Array([1, 2, 0xff, 9]), 3)).toEqual(new Uint8Array([1, 3]));
    expect(truncateUpperBound(new Uint8Array([0xff, 0xff, 0xff]), 2)).toBeNull();
    expect(truncateLowerBound(new Uint8Array([1, 2, 3]), 2)).toEqual(new Uint8Array([1, 2]));
  });

  it("gives bounds that enclose the original strings in UTF-8 byte order", () => {
    const utf8 = (s: string) => new TextEncoder().encode(s);
    const cmp = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b));
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (s) => {
      expect(cmp(utf8(truncateLowerBound(s, 5)), utf8(s))).toBeLessThanOrEqual(0);
      const upper = truncateUpperBound(s, 5);
      if (upper !== null) expect(cmp(utf8(upper), utf8(s))).toBeGreaterThanOrEqual(0);
    }));
  });
});
