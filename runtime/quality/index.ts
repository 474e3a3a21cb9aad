/** Quality: ODCS quality rules evaluated over a run's batches, findings out as Issues. */
export type { QualityEngine, QualityIssue, QualityRun } from "./quality-engine.ts";
export { streamingQuality, DEFAULT_MAX_DISTINCT, type StreamingQualityOptions } from "./streaming-quality.ts";
export { planRules, ruleLabel, type Literal, type Metric, type MetricPlan, type RulePlan, type SkipPlan, type SqlPlan } from "./rule-plan.ts";
export { parseComparison, holds, type Check, type Operator } from "./comparison.ts";
export { MetricTally } from "./metric-tally.ts";
export { judgeMetric, judgeSql, notEvaluated, type Tally } from "./quality-finding.ts";
