/**
 * streamingQuality: a QualityEngine in plain TypeScript that runs on every platform in bounded
 * memory. It evaluates the ODCS library metrics exactly (rowCount, nullValues, missingValues,
 * invalidValues, and duplicateValues up to `maxDistinct` distinct values per rule); `sql` rules
 * need a SQL engine and are reported as not evaluated, never passed.
 */
import type * as arrow from "apache-arrow";
import type { Contract } from "../contract.ts";
import { MetricTally } from "./metric-tally.ts";
import type { QualityEngine, QualityIssue, QualityRun } from "./quality-engine.ts";
import { judgeMetric, notEvaluated, skipped } from "./quality-finding.ts";
import { planRules, type MetricPlan, type RulePlan } from "./rule-plan.ts";

export interface StreamingQualityOptions {
  /** Distinct values kept per duplicateValues rule; default 100 000. */
  maxDistinct?: number;
}

export const DEFAULT_MAX_DISTINCT = 100_000;

export function streamingQuality(options: StreamingQualityOptions = {}): QualityEngine {
  const maxDistinct = options.maxDistinct ?? DEFAULT_MAX_DISTINCT;
  return {
    async open(contract: Contract): Promise<QualityRun> {
      const plans = planRules(contract);
      const tally = new MetricTally(metricPlans(plans), maxDistinct);
      return {
        async add(batch: arrow.RecordBatch) {
          tally.add(batch);
        },
        async finish() {
          return findings(plans, metricFindings(tally), () => "a sql rule needs the SQL engine (DuckDB), which this run does not have; run where DuckDB is available");
        },
        async close() {},
      };
    },
  };
}

export function metricPlans(plans: RulePlan[]): MetricPlan[] {
  return plans.filter((p): p is MetricPlan => p.kind === "metric");
}

/** The findings of every library metric the tally counted, by plan. */
export function metricFindings(tally: MetricTally): Map<MetricPlan, QualityIssue | undefined> {
  const out = new Map<MetricPlan, QualityIssue | undefined>();
  for (const r of tally.results()) out.set(r.plan, "reason" in r ? notEvaluated(r.plan, r.reason) : judgeMetric(r.plan, r.tally));
  return out;
}

/**
 * All findings in contract order: metrics from `metrics`, sql rules from `sql` (a finding, or the
 * reason the rule was not evaluated), skipped rules as not evaluated.
 */
export async function findings(
  plans: RulePlan[],
  metrics: Map<MetricPlan, QualityIssue | undefined>,
  sql: (plan: Extract<RulePlan, { kind: "sql" }>) => Promise<QualityIssue | undefined | string> | QualityIssue | undefined | string,
): Promise<QualityIssue[]> {
  const out: QualityIssue[] = [];
  for (const plan of plans) {
    let issue: QualityIssue | undefined;
    if (plan.kind === "metric") issue = metrics.get(plan);
    else if (plan.kind === "skip") issue = skipped(plan);
    else {
      const r = await sql(plan);
      issue = typeof r === "string" ? notEvaluated(plan, r) : r;
    }
    if (issue) out.push(issue);
  }
  return out;
}
