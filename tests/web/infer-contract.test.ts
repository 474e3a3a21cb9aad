/** The console's first contract: inferred types, written as YAML that reads back as the same contract. */
import { describe, expect, it } from "bun:test";
import { twinKernels, CanParse } from "../../wasm/index.ts";
import { assetYaml, inferContract, typeFromBits } from "../../web/infer-contract.ts";
import { contractFromText } from "../../web/contract-text.ts";

describe("inferContract", () => {
  it("picks the narrowest type every sample cell parses as", () => {
    const c = inferContract("t", ["a", "b", "c", "d", "e", "f"], [
      ["1", "22", null],
      ["1.5", "2", ""],
      ["true", "false", null],
      ["2024-01-01", "2024-02-29", null],
      ["2024-01-01 10:00:00", "2024-01-01T11:00:00Z", null],
      ["x", "1", null],
    ], twinKernels());
    expect(c.columns.map((x) => x.type.kind)).toEqual(["long", "double", "boolean", "date", "timestamp", "string"]);
    expect(c.columns.every((x) => !x.required)).toBe(true);
  });

  it("reads a column of 0 and 1 as integers, not booleans", () => {
    expect(inferContract("t", ["a"], [["0", "1", "1"]], twinKernels()).columns[0]!.type).toEqual({ kind: "long" });
  });

  it("calls a column with no values text", () => {
    expect(typeFromBits(CanParse.int64 | CanParse.int32)).toEqual({ kind: "string" });
    expect(inferContract("t", ["a"], [[null, null]], twinKernels()).columns[0]!.type).toEqual({ kind: "string" });
  });

  it("writes YAML that loads back as the same columns, odd names included", () => {
    const c = inferContract("my table", ["id", "first name", "a:b"], [["1"], ["x"], ["2024-01-01"]], twinKernels());
    const back = contractFromText(assetYaml(c));
    expect(back.name).toBe("my table");
    expect(back.columns.map((x) => [x.name, x.type.kind])).toEqual([["id", "long"], ["first name", "string"], ["a:b", "date"]]);
  });

  it("names the problem in a pasted contract", () => {
    expect(() => contractFromText("name: x\nschema: [")).toThrow(/YAML syntax error/);
    expect(() => contractFromText("name: x\nversion: '1'")).toThrow(/schema: lists no columns/);
  });
});
