import { describe, expect, it } from "bun:test";
import { holds, parseComparison } from "../../../runtime/quality/comparison.ts";

describe("parseComparison", () => {
  it("reads every ODCS operator, several at once", () => {
    expect(parseComparison({ mustBeGreaterThan: 1, mustBeLessOrEqualTo: "5", mustNotBeBetween: [2, 3] })).toEqual({
      checks: [
        { op: "mustBeGreaterThan", value: 1 },
        { op: "mustBeLessOrEqualTo", value: 5 },
        { op: "mustNotBeBetween", value: [2, 3] },
      ],
    });
  });

  it("reads booleans as 1 and 0, for queries that return one", () => {
    expect(parseComparison({ mustBe: true })).toEqual({ checks: [{ op: "mustBe", value: 1 }] });
  });

  it("names the operator and the fix when a value is not a number", () => {
    expect(parseComparison({ mustBe: "zero" })).toEqual({ problem: '`mustBe: "zero"` is not a number; write a number such as `mustBe: 0`' });
    expect(parseComparison({ mustBeBetween: [1] })).toEqual({ problem: "`mustBeBetween: [1]` is not two numbers, smallest first; write `mustBeBetween: [10, 20]`" });
  });
});

describe("holds", () => {
  it("treats both ends of a range as inside, like SQL BETWEEN", () => {
    expect(holds({ op: "mustBeBetween", value: [1, 3] }, 1)).toBe(true);
    expect(holds({ op: "mustBeBetween", value: [1, 3] }, 3)).toBe(true);
    expect(holds({ op: "mustNotBeBetween", value: [1, 3] }, 3)).toBe(false);
    expect(holds({ op: "mustNotBeBetween", value: [1, 3] }, 3.5)).toBe(true);
  });
});
