/**
 * Findings of quality rules, worded the same by every engine: the rule, what was measured, what
 * the contract expects, and what to do —
 *   quality rule `email not null`: 12 of 100 rows of `email` are null (12%); the contract says
 *   mustBe 0 — fix the source or relax the rule
 */
import type { QualityRule } from "../contract.ts";
import { showValue } from "../rule.ts";
import { broken, describeCheck, type Check } from "./comparison.ts";
import type { QualityIssue } from "./quality-engine.ts";
import type { Literal, MetricPlan, SkipPlan, SqlPlan } from "./rule-plan.ts";

/** What an engine measured for a library metric: matching rows, out of all rows. */
export interface Tally {
  count: number;
  rows: number;
}

const fix = "fix the source or relax the rule";

/** Up to 4 decimals, without trailing zeros: 12.5, 33.3333. */
function num(n: number): string {
  return String(Math.round(n * 10000) / 10000);
}

function expectation(checks: Check[], percent: boolean): string {
  return checks.map((c) => describeCheck(c, percent)).join(" and ");
}

function columnsText(plan: MetricPlan): string {
  return plan.columns.length === 1 ? `\`${plan.columns[0]!.name}\`` : `(${plan.columns.map((c) => `\`${c.name}\``).join(", ")})`;
}

function literalText(v: Literal): string {
  return v === null ? "null" : typeof v === "string" ? `'${v}'` : String(v);
}

function what(plan: MetricPlan): string {
  switch (plan.metric) {
    case "nullValues":
      return "are null";
    case "missingValues":
      return `are missing (one of ${plan.values!.map(literalText).join(", ")})`;
    case "invalidValues": {
      const parts: string[] = [];
      if (plan.values) parts.push(`not one of ${plan.values.map(literalText).join(", ") || "nothing"}`);
      if (plan.pattern !== undefined) parts.push(`not matching /${plan.pattern}/`);
      return `are not valid (${parts.join(" or ")})`;
    }
    case "duplicateValues":
      return "repeat a value of an earlier row";
    case "rowCount":
      return "";
  }
}

/** The measured value in the rule's unit. */
export function measure(plan: MetricPlan, tally: Tally): number {
  if (plan.metric === "rowCount") return tally.rows;
  if (!plan.percent) return tally.count;
  return tally.rows === 0 ? 0 : (tally.count / tally.rows) * 100;
}

/** The finding of a library metric, or nothing when the data complies. */
export function judgeMetric(plan: MetricPlan, tally: Tally): QualityIssue | undefined {
  const measured = measure(plan, tally);
  const failed = broken(plan.checks, measured);
  if (failed.length === 0) return undefined;
  let text: string;
  if (plan.metric === "rowCount") text = `the table has ${tally.rows} rows`;
  else {
    const pct = tally.rows === 0 ? 0 : (tally.count / tally.rows) * 100;
    text = `${tally.count} of ${tally.rows} rows of ${columnsText(plan)} ${what(plan)} (${num(pct)}%)`;
  }
  return {
    kind: "quality",
    outcome: "failed",
    rule: plan.rule,
    column: plan.columns.length === 1 ? plan.columns[0]!.name : undefined,
    measured,
    value: plan.percent ? `${num(measured)}%` : String(measured),
    message: `quality rule \`${plan.label}\`: ${text}; the contract says ${expectation(failed, plan.percent)} — ${fix}`,
  };
}

/** The finding of a sql rule whose query returned `measured`. */
export function judgeSql(plan: SqlPlan, measured: number): QualityIssue | undefined {
  const failed = broken(plan.checks, measured);
  if (failed.length === 0) return undefined;
  return {
    kind: "quality",
    outcome: "failed",
    rule: plan.rule,
    column: plan.column?.name,
    measured,
    value: String(measured),
    message: `quality rule \`${plan.label}\`: query \`${showValue(oneLine(plan.query), 120)}\` returned ${num(measured)}; the contract says ${expectation(failed, false)} — ${fix}`,
  };
}

/** A rule this engine did not evaluate, with why and what to do. */
export function notEvaluated(plan: { rule: QualityRule; label: string }, reason: string): QualityIssue {
  return {
    kind: "quality",
    outcome: "not_evaluated",
    rule: plan.rule,
    column: plan.rule.column,
    message: `quality rule \`${plan.label}\` was not evaluated: ${reason}`,
  };
}

export function skipped(plan: SkipPlan): QualityIssue {
  return notEvaluated(plan, plan.reason);
}

export function oneLine(sql: string): string {
  return sql.trim().replace(/\s+/g, " ");
}
