/**
 * QualityEngine: evaluates a contract's ODCS `quality` rules over the batches of one run
 * (ODCS v3.1.0 "Data Quality"). The pipeline opens a run per stream, adds every normalized
 * batch, then asks once for the findings; engines differ in what they can evaluate exactly
 * (a streaming engine everywhere, a SQL engine where one is available).
 */
import type * as arrow from "apache-arrow";
import type { Contract, QualityRule } from "../contract.ts";
import type { Issue } from "../rule.ts";

export interface QualityEngine {
  /** `table` is the name `sql` rules reach through `{object}` / `${object}`. */
  open(contract: Contract, options: { table: string }): Promise<QualityRun>;
}

export interface QualityRun {
  add(batch: arrow.RecordBatch): Promise<void>;
  /** The findings over every batch added; one per failed or unevaluated rule. */
  finish(): Promise<QualityIssue[]>;
  /** Frees what the run holds; safe to call after `finish`, or instead of it. */
  close(): Promise<void>;
}

/**
 * An Issue of kind `quality`, with the outcome as data so that a caller never has to read the
 * message: `failed` is a measured violation, `not_evaluated` a rule this engine could not check
 * (a strict run may treat it as a failure; it is never a silent pass).
 */
export interface QualityIssue extends Issue {
  kind: "quality";
  outcome: "failed" | "not_evaluated";
  rule: QualityRule;
  /** The measured value in the rule's unit (a count, a percentage, a query result). */
  measured?: number;
}
