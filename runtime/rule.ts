/**
 * Rule / Issue: quality and contract rules in, findings out as data (zod-style issues), never
 * thrown strings. A run collects issues, then decides once: strict fails, warn reports.
 */

export type IssueKind = "missing_required" | "type_mismatch" | "malformed_row" | "unknown_column" | "quality" | "pii";

export interface Issue {
  kind: IssueKind;
  /** The column, when the issue is about one. */
  column?: string;
  /** 0-based row within the stream's origin (file, table); absent for column-level findings. */
  row?: number;
  /** 1-based line in a text origin (CSV) where the row starts; rows may span lines. */
  line?: number;
  /** File, table or range the row came from. */
  origin?: string;
  /** The offending value, as text and cut short; never a secret. */
  value?: string;
  message: string;
}

export interface Rule {
  name: string;
  /** Returns the findings of this rule over a set of columns; empty when the data complies. */
  check(columns: Record<string, ArrayLike<unknown>>, numRows: number): Issue[];
}

/** A short, safe rendering of a value for a finding. */
export function showValue(value: unknown, max = 60): string {
  const text = typeof value === "string" ? value : String(value);
  return text.length > max ? text.slice(0, max) + "…" : text;
}
