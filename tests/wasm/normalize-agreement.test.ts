import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { parseDate, parseTimestamp, parsed } from "../../runtime/normalize/parse-temporal.ts";
import { parseBoolean, parseFloatText, parseInteger } from "../../runtime/normalize/parse-number.ts";
import { twinKernels } from "../../wasm/index.ts";
import { parseDecimal } from "../../runtime/normalize/parse-decimal.ts";
import { anyFieldText, decimalText } from "../suites/kernels.suite.ts";

// The kernels must coerce text exactly as runtime/normalize does, so that the pipeline can parse
// a column with either and get the same values and the same rejects. (The kernels trim only
// spaces and tabs; normalize also trims other white space, which CSV fields rarely carry.)
const k = twinKernels();
const encoder = new TextEncoder();

function viaKernel(text: string, kind: "int64" | "float64" | "bool" | "date" | "timestamp") {
  const data = encoder.encode(text);
  const r = k.parseColumn(data, Int32Array.of(0), Int32Array.of(data.length), kind);
  if (r.status[0] !== 1) return r.status[0] === 0 ? "null" : "invalid";
  const v = r.values[0]!;
  return typeof v === "bigint" ? v : Number(v);
}

function viaNormalize(text: string, kind: "int64" | "float64" | "bool" | "date" | "timestamp"): string | number | bigint {
  if (text.trim() === "") return "null";
  let v: unknown;
  if (kind === "int64") v = parseInteger(text);
  else if (kind === "float64") v = parseFloatText(text);
  else if (kind === "bool") v = parseBoolean(text);
  else if (kind === "date") v = parseDate(text);
  else v = parseTimestamp(text) ? BigInt(parsed.sec) * 1000000n + BigInt(parsed.us) : undefined;
  if (v === undefined) return "invalid";
  if (typeof v === "boolean") return v ? 1 : 0;
  return typeof v === "number" && kind === "int64" ? BigInt(v) : (v as number | bigint);
}

/** The kernel's decimal (unscaled, or its status) against normalize's exact decimal parser. */
function decimalAgreement(text: string, precision: number, scale: number) {
  const data = encoder.encode(text);
  const r = k.parseColumn(data, Int32Array.of(0), Int32Array.of(data.length), `decimal(${precision},${scale})`);
  // The kernel may leave a value to normalize (status invalid); what it accepts, normalize must
  // accept with the same unscaled value.
  if (r.status[0] !== 1) return true;
  const n = parseDecimal(text.trim(), precision, scale);
  return n !== undefined && BigInt(n) === r.values[0];
}

describe("the parse kernel and runtime/normalize", () => {
  it("agree on every decimal the kernel accepts, for any precision and scale", () => {
    fc.assert(
      fc.property(fc.oneof(decimalText, anyFieldText), fc.integer({ min: 1, max: 18 }), fc.nat(18), (text, precision, s) => {
        const scale = s % (precision + 1);
        expect({ text, precision, scale, agree: decimalAgreement(text, precision, scale) }).toEqual({ text, precision, scale, agree: true });
      }),
      { numRuns: 3000 },
    );
    // And it does accept the plain forms, or the fast path would never be taken.
    for (const [text, p, s, unscaled] of [["12.5", 5, 2, 1250n], ["-0.07", 3, 2, -7n], ["123456789012345678", 18, 0, 123456789012345678n]] as const) {
      const data = encoder.encode(text);
      const r = k.parseColumn(data, Int32Array.of(0), Int32Array.of(data.length), `decimal(${p},${s})`);
      expect([r.status[0], r.values[0]]).toEqual([1, unscaled]);
    }
  });


  it("accept and reject the same texts and give the same values", () => {
    const noOtherSpace = anyFieldText.filter((t) => !/[\n\r\v\f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/.test(t));
    fc.assert(
      fc.property(noOtherSpace, (text) => {
        for (const kind of ["int64", "float64", "bool", "date", "timestamp"] as const) {
          const a = viaKernel(text, kind);
          const b = viaNormalize(text, kind);
          expect({ text, kind, value: Object.is(a, -0) ? 0 : a }).toEqual({ text, kind, value: Object.is(b, -0) ? 0 : b });
        }
      }),
      { numRuns: 2000 },
    );
  });
});
