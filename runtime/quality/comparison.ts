/**
 * ODCS comparison operators ("Valid Properties for Operator", ODCS v3.1.0 data-quality.md):
 * mustBe, mustNotBe, mustBeGreaterThan, mustBeGreaterOrEqualTo, mustBeLessThan,
 * mustBeLessOrEqualTo, mustBeBetween, mustNotBeBetween. A rule may carry several; the measured
 * value must satisfy all of them. Ranges are inclusive, like SQL `BETWEEN`.
 */

export type Operator =
  | "mustBe"
  | "mustNotBe"
  | "mustBeGreaterThan"
  | "mustBeGreaterOrEqualTo"
  | "mustBeLessThan"
  | "mustBeLessOrEqualTo"
  | "mustBeBetween"
  | "mustNotBeBetween";

export interface Check {
  op: Operator;
  /** A number, or `[low, high]` for the range operators. */
  value: number | [number, number];
}

const scalar = new Set<string>(["mustBe", "mustNotBe", "mustBeGreaterThan", "mustBeGreaterOrEqualTo", "mustBeLessThan", "mustBeLessOrEqualTo"]);
const ranges = new Set<string>(["mustBeBetween", "mustNotBeBetween"]);

/** The checks of a rule's comparison, or the reason they cannot be read. */
export function parseComparison(comparison: Record<string, unknown> | undefined): { checks: Check[] } | { problem: string } {
  const checks: Check[] = [];
  for (const [op, raw] of Object.entries(comparison ?? {})) {
    if (scalar.has(op)) {
      const v = asNumber(raw);
      if (v === undefined) return { problem: `\`${op}: ${JSON.stringify(raw)}\` is not a number; write a number such as \`${op}: 0\`` };
      checks.push({ op: op as Operator, value: v });
    } else if (ranges.has(op)) {
      const pair = Array.isArray(raw) && raw.length === 2 ? raw.map(asNumber) : [];
      if (pair.length !== 2 || pair[0] === undefined || pair[1] === undefined || pair[0] > pair[1]) {
        return { problem: `\`${op}: ${JSON.stringify(raw)}\` is not two numbers, smallest first; write \`${op}: [10, 20]\`` };
      }
      checks.push({ op: op as Operator, value: [pair[0], pair[1]] });
    } else {
      return { problem: `\`${op}\` is not an ODCS operator; use one of ${[...scalar, ...ranges].join(", ")}` };
    }
  }
  if (checks.length === 0) return { problem: "it has no comparison; add one such as `mustBe: 0` or `mustBeLessThan: 5`" };
  return { checks };
}

/** Booleans count as 1 / 0 so that `mustBe: true` works on a query returning a boolean. */
function asNumber(v: unknown): number | undefined {
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function holds(check: Check, measured: number): boolean {
  const v = check.value;
  switch (check.op) {
    case "mustBe":
      return measured === v;
    case "mustNotBe":
      return measured !== v;
    case "mustBeGreaterThan":
      return measured > (v as number);
    case "mustBeGreaterOrEqualTo":
      return measured >= (v as number);
    case "mustBeLessThan":
      return measured < (v as number);
    case "mustBeLessOrEqualTo":
      return measured <= (v as number);
    case "mustBeBetween": {
      const [lo, hi] = v as [number, number];
      return measured >= lo && measured <= hi;
    }
    case "mustNotBeBetween": {
      const [lo, hi] = v as [number, number];
      return measured < lo || measured > hi;
    }
  }
}

/** The checks a measured value breaks. */
export function broken(checks: Check[], measured: number): Check[] {
  return checks.filter((c) => !holds(c, measured));
}

/** `mustBe 0`, `mustBeBetween [100, 120]`, with the unit when it is a percentage. */
export function describeCheck(check: Check, percent: boolean): string {
  const pct = percent ? "%" : "";
  const v = Array.isArray(check.value) ? `[${check.value[0]}${pct}, ${check.value[1]}${pct}]` : `${check.value}${pct}`;
  return `${check.op} ${v}`;
}
