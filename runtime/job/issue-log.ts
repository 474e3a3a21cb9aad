/**
 * IssueLog: the findings of a run — the first 100 kept whole, all counted by kind and column
 * (config-format.md §11.5 logs the same summary). `unknown_column` is informational: extra
 * source columns are dropped in both modes and never fail a run.
 */
import type { Issue } from "../rule.ts";

const KEEP = 100;

export class IssueLog {
  readonly list: Issue[] = [];
  readonly counts: Record<string, number> = {};
  failing = 0;

  /**
   * Records an issue; true when it was kept in the list (worth showing). Informational findings
   * (an unknown column, PII, a quality rule that could not be evaluated) never fail a run.
   */
  add(issue: Issue, informational = issue.kind === "unknown_column" || issue.kind === "pii"): boolean {
    const key = issue.column ? `${issue.kind}:${issue.column}` : issue.kind;
    this.counts[key] = (this.counts[key] ?? 0) + 1;
    if (!informational) this.failing++;
    if (this.list.length >= KEEP) return false;
    this.list.push(issue);
    return true;
  }

  first(): Issue[] {
    return this.list.filter((i) => i.kind !== "unknown_column" && i.kind !== "pii");
  }
}
