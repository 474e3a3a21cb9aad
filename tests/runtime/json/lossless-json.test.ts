import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { parseJson, stringifyJson } from "../../../runtime/json/lossless-json.ts";

function hasUnsafeInteger(v: unknown): boolean {
  if (typeof v === "number") return Number.isInteger(v) && !Number.isSafeInteger(v);
  if (v !== null && typeof v === "object") return Object.values(v).some(hasUnsafeInteger);
  return false;
}

describe("parseJson", () => {
  it("returns integers beyond 2^53 as exact bigints", () => {
    const parsed = parseJson('{"snapshot-id": 9158179788527662767, "neg": -9223372036854775808}') as Record<string, unknown>;
    expect(parsed["snapshot-id"]).toBe(9158179788527662767n);
    expect(parsed.neg).toBe(-9223372036854775808n);
  });

  it("keeps safe integers, fractions and exponents as numbers", () => {
    const parsed = parseJson(
      '[9007199254740991, -9007199254740991, 1.12345678901234567, 12345678901234567890.5, 1e12345678901234567, 12345678901234567e2, 0]',
    );
    expect(parsed).toEqual([9007199254740991, -9007199254740991, 1.12345678901234567, 12345678901234567890.5, Infinity, 12345678901234567e2, 0]);
    for (const v of parsed as unknown[]) expect(typeof v).toBe("number");
  });

  it("turns the first unsafe integer 2^53 + 1 into a bigint", () => {
    expect(parseJson("9007199254740993")).toBe(9007199254740993n);
  });

  it("leaves digits inside strings alone, including escaped quotes before them", () => {
    const text = '{"a": "9158179788527662767", "b": "x\\" 9158179788527662767 \\"", "c": [1, "\\\\", 9158179788527662767]}';
    expect(parseJson(text)).toEqual({ a: "9158179788527662767", b: 'x" 9158179788527662767 "', c: [1, "\\", 9158179788527662767n] });
  });

  it("keeps strings that contain NUL characters untouched", () => {
    const text = '{"a": "\\u0000bigint-x:1", "b": 12345678901234567890}';
    expect(parseJson(text)).toEqual({ a: "\u0000bigint-x:1", b: 12345678901234567890n });
  });

  it("throws SyntaxError on invalid JSON like JSON.parse", () => {
    expect(() => parseJson("{12345678901234567890}")).toThrow(SyntaxError);
    expect(() => parseJson("[1,")).toThrow(SyntaxError);
  });

  it("agrees with JSON.parse on any JSON without unsafe integers", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        fc.pre(!hasUnsafeInteger(JSON.parse(text)));
        expect(parseJson(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe("stringifyJson", () => {
  it("prints bigints as plain digits", () => {
    expect(stringifyJson({ id: 9158179788527662767n, n: [-1n, 2] })).toBe('{"id":9158179788527662767,"n":[-1,2]}');
  });

  it("indents like JSON.stringify when given a space", () => {
    const value = { a: [1, { b: 2n }], c: "x" };
    expect(stringifyJson(value, 2)).toBe(JSON.stringify({ a: [1, { b: 2 }], c: "x" }, null, 2));
  });

  it("round-trips any structure with 64-bit integers through parseJson", () => {
    const big = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((b) => (b >= -(2n ** 53n) + 1n && b <= 2n ** 53n - 1n ? Number(b) : b));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, big, fc.string(), fc.boolean(), fc.constant(null), fc.array(tie("node")), fc.dictionary(fc.string(), tie("node"))),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(parseJson(stringifyJson(v))).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });
});
