import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { parseDate, parseTimestamp, parsed } from "../../runtime/normalize/parse-temporal.ts";
import { parseBoolean, parseFloatText, parseInteger } from "../../runtime/normalize/parse-number.ts";
import { twinKernels } from "../../wasm/index.ts";
import { anyFieldText } from "../suites/kernels.suite.ts";

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

describe("the parse kernel and runtime/normalize", () => {
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
