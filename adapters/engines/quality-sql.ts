/**
 * The ODCS library metrics as DuckDB SQL, with the semantics of runtime/quality/metric-tally.ts
 * (same counts, so the two engines agree), and `sql` rules with their placeholders filled
 * (ODCS v3.1.0 "SQL": `{object}` and `{property}`; the JSON Schema's `${table}` / `${column}`).
 */
import type { Literal, MetricPlan, SqlPlan } from "../../runtime/quality/rule-plan.ts";

export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function literal(v: Literal): string {
  if (v === null) return "NULL";
  if (typeof v === "string") return `'${v.replaceAll("'", "''")}'`;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return String(v);
}

function inList(col: string, values: Literal[]): string {
  const present = values.filter((v) => v !== null);
  // `x IN (NULL, …)` is NULL, not false, for an unlisted x: nulls are handled apart.
  return present.length === 0 ? "FALSE" : `${col} IN (${present.map(literal).join(", ")})`;
}

/** One expression per plan, counting what the metric counts over `table`. */
export function metricExpression(plan: MetricPlan, table: string): string {
  const cols = plan.columns.map((c) => ident(c.name));
  const c = cols[0]!;
  switch (plan.metric) {
    case "rowCount":
      return "count(*)";
    case "nullValues":
      return `count(*) FILTER (WHERE ${c} IS NULL)`;
    case "missingValues": {
      const nullListed = plan.values!.includes(null);
      return `count(*) FILTER (WHERE ${nullListed ? `${c} IS NULL OR ` : ""}${inList(c, plan.values!)})`;
    }
    case "invalidValues": {
      const valid: string[] = [];
      if (plan.values) valid.push(inList(c, plan.values));
      if (plan.pattern !== undefined) valid.push(`regexp_matches(CAST(${c} AS VARCHAR), ${literal(plan.pattern)})`);
      return `count(*) FILTER (WHERE ${c} IS NOT NULL AND NOT (${valid.join(" AND ")}))`;
    }
    case "duplicateValues":
      if (cols.length === 1) return `count(${c}) - count(DISTINCT ${c})`;
      return `count(*) - (SELECT count(*) FROM (SELECT DISTINCT ${cols.join(", ")} FROM ${table}))`;
  }
}

/** One query measuring every plan: column `rows`, then `m0`, `m1`, … in plan order. */
export function metricsQuery(plans: MetricPlan[], table: string): string {
  const exprs = plans.map((p, i) => `CAST(${metricExpression(p, table)} AS DOUBLE) AS m${i}`);
  return `SELECT CAST(count(*) AS DOUBLE) AS "rows"${exprs.map((e) => `, ${e}`).join("")} FROM ${table}`;
}

/** A sql rule's query with its placeholders filled, returning its first column as a DOUBLE. */
export function sqlRuleQuery(plan: SqlPlan, table: string): string {
  let q = plan.query.trim().replace(/;+\s*$/, "");
  q = q.replace(/\$?\{(object|table)\}/g, table);
  if (plan.column) q = q.replace(/\$?\{(property|column)\}/g, ident(plan.column.name));
  return `SELECT CAST(COLUMNS(*) AS DOUBLE) FROM (${q}\n) AS dativo_rule LIMIT 1`;
}
