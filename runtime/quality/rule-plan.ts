/**
 * Rule plans: what each ODCS quality rule of a contract asks for, decided once and shared by
 * every engine, so that two engines agree on which rules they evaluate and how (ODCS v3.1.0
 * "Library" metrics table; "SQL"; "Custom"; "Text").
 */
import type { ColumnType, Contract, ContractColumn, QualityRule } from "../contract.ts";
import { parseComparison, type Check } from "./comparison.ts";

export type Metric = "rowCount" | "nullValues" | "missingValues" | "invalidValues" | "duplicateValues";

/** A value as an engine compares it: text for text columns, numbers, booleans, or null. */
export type Literal = string | number | boolean | null;

export interface MetricPlan {
  kind: "metric";
  rule: QualityRule;
  label: string;
  metric: Metric;
  /** The column of a property-level rule, or the key columns of a schema-level duplicateValues. */
  columns: ContractColumn[];
  checks: Check[];
  percent: boolean;
  /** missingValues: the values that count as missing; invalidValues: the valid ones. */
  values?: Literal[];
  pattern?: string;
}

export interface SqlPlan {
  kind: "sql";
  rule: QualityRule;
  label: string;
  query: string;
  column?: ContractColumn;
  checks: Check[];
}

/** A rule no engine evaluates as written; reported, never passed silently. */
export interface SkipPlan {
  kind: "skip";
  rule: QualityRule;
  label: string;
  reason: string;
}

export type RulePlan = MetricPlan | SqlPlan | SkipPlan;

/**
 * What `QualityRule` may carry beyond its declared fields: ODCS `description`, and the
 * `arguments` the library metrics take (`missingValues`, and `properties` for a schema-level
 * duplicateValues), whether kept flat or under `arguments`.
 */
type RuleExtras = QualityRule & { description?: string; missingValues?: unknown; properties?: unknown; arguments?: Record<string, unknown> };

/** Names the deprecated ODCS v3.0 `rule` key used for what v3.1 calls a metric. */
const aliases: Record<string, Metric> = {
  duplicateCount: "duplicateValues",
  validValues: "invalidValues",
  nullCount: "nullValues",
  missingCount: "missingValues",
  invalidCount: "invalidValues",
};
const metrics = new Set<string>(["rowCount", "nullValues", "missingValues", "invalidValues", "duplicateValues"]);

const textKinds = new Set<ColumnType["kind"]>(["string", "json"]);
/** Not float: a 32-bit value and the contract's decimal literal rarely compare equal. */
const numberKinds = new Set<ColumnType["kind"]>(["int", "long", "double"]);
/** Kinds whose text form both engines print alike (not float/double: `1` vs `1.0`). */
const patternKinds = new Set<ColumnType["kind"]>(["string", "json", "int", "long", "boolean"]);

export function ruleLabel(rule: QualityRule): string {
  const r = rule as RuleExtras;
  if (r.name) return r.name;
  // Descriptions are free text (often YAML block scalars): one line, short, no backticks.
  if (typeof r.description === "string" && r.description.trim() !== "") {
    const line = r.description.replace(/\s+/g, " ").replace(/`/g, "'").trim();
    return line.length > 80 ? line.slice(0, 79) + "…" : line;
  }
  return r.column ? `${r.rule} on ${r.column}` : r.rule;
}

/** The plans of a contract's rules, in contract order; `text` rules describe and are not run. */
export function planRules(contract: Contract): RulePlan[] {
  const plans: RulePlan[] = [];
  for (const rule of contract.quality) {
    if (rule.rule === "text") continue;
    plans.push(planRule(rule, contract));
  }
  return plans;
}

function planRule(rule: QualityRule, contract: Contract): RulePlan {
  const label = ruleLabel(rule);
  const skip = (reason: string): SkipPlan => ({ kind: "skip", rule, label, reason });
  const r = rule as RuleExtras;
  if (rule.rule === "custom") return skip("custom rules run in their own engine (`engine:` in the rule); express it as a library metric or a sql rule to have Dativo check it");
  const cmp = parseComparison(rule.comparison);
  if ("problem" in cmp) return skip(cmp.problem);
  const column = rule.column === undefined ? undefined : contract.columns.find((c) => c.name === rule.column);
  if (rule.column !== undefined && !column) return skip(`column \`${rule.column}\` is not in the contract; fix the rule's property`);

  if (rule.rule === "sql") {
    if (typeof rule.query !== "string" || rule.query.trim() === "") return skip("a sql rule needs `query:`; add the query");
    return { kind: "sql", rule, label, query: rule.query, column, checks: cmp.checks };
  }
  const metric = (aliases[rule.rule] ?? rule.rule) as Metric;
  if (!metrics.has(metric)) {
    return skip(`\`${rule.rule}\` is not an ODCS library metric; use one of ${[...metrics].join(", ")}`);
  }
  const base = { kind: "metric" as const, rule, label, metric, checks: cmp.checks, percent: rule.unit === "percent" && metric !== "rowCount" };
  if (metric === "rowCount") return { ...base, columns: [] };
  if (metric === "duplicateValues" && !column) {
    const names = listOf(r.properties ?? r.arguments?.properties);
    if (names.length === 0) return skip("a schema-level duplicateValues needs `arguments.properties` (the key columns); list them");
    const cols = names.map((n) => contract.columns.find((c) => c.name === n));
    const missing = names.filter((_, i) => !cols[i]);
    if (missing.length > 0) return skip(`\`arguments.properties\` names ${missing.map((m) => `\`${m}\``).join(", ")}, not in the contract; fix the list`);
    return { ...base, columns: cols as ContractColumn[] };
  }
  if (!column) return skip(`${metric} is a property-level metric; put the rule under a property's \`quality:\``);
  if (metric === "nullValues" || metric === "duplicateValues") return { ...base, columns: [column] };

  if (metric === "missingValues") {
    const raw = r.missingValues ?? r.arguments?.missingValues;
    // Without the argument, null and the empty string are what ODCS calls missing.
    const list = Array.isArray(raw) ? raw : [null, ""];
    const values = literals(list, column.type);
    if ("problem" in values) return skip(values.problem);
    return { ...base, columns: [column], values: values.values };
  }
  // invalidValues
  const valid = rule.validValues ?? (Array.isArray(r.arguments?.validValues) ? (r.arguments.validValues as unknown[]) : undefined);
  const pattern = rule.pattern ?? (typeof r.arguments?.pattern === "string" ? r.arguments.pattern : undefined);
  if (valid === undefined && pattern === undefined) return skip("invalidValues needs `arguments.validValues` or `arguments.pattern`; add one");
  const plan: MetricPlan = { ...base, columns: [column] };
  if (valid !== undefined) {
    const values = literals(valid, column.type);
    if ("problem" in values) return skip(values.problem);
    plan.values = values.values;
  }
  if (pattern !== undefined) {
    if (!patternKinds.has(column.type.kind)) return skip(`a pattern on \`${column.name}\` (${column.type.kind}) is not supported; use a sql rule`);
    try {
      new RegExp(pattern);
    } catch {
      return skip(`pattern \`${pattern}\` is not a valid regular expression; fix it`);
    }
    plan.pattern = pattern;
  }
  return plan;
}

function listOf(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/**
 * Contract values as the column holds them. A value that cannot occur in the column (text on a
 * number column) is dropped: it matches nothing, in either engine.
 */
function literals(list: unknown[], type: ColumnType): { values: Literal[] } | { problem: string } {
  const out: Literal[] = [];
  for (const v of list) {
    if (v === null || v === undefined) out.push(null);
    else if (textKinds.has(type.kind)) {
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out.push(String(v));
    } else if (numberKinds.has(type.kind)) {
      const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
      if (Number.isFinite(n) && (type.kind === "double" || Number.isInteger(n))) out.push(n);
    } else if (type.kind === "boolean") {
      if (v === true || v === "true") out.push(true);
      else if (v === false || v === "false") out.push(false);
    } else {
      return { problem: `comparing values of a ${type.kind} column is not supported; use a sql rule` };
    }
  }
  return { values: [...new Set(out)] };
}
