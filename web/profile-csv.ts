/**
 * Profiles a CSV file against a contract: the file streams through the CSV source and the
 * normalizer (as in a run, warn mode, so bad rows are counted rather than fatal), and every
 * valid batch is folded into per-column profiles. Nothing is written anywhere.
 */
import type { ColumnType, Contract } from "../runtime/contract.ts";
import type { Issue, IssueKind } from "../runtime/rule.ts";
import type { Source } from "../runtime/source.ts";
import { createNormalizer } from "../runtime/normalize/normalize-batch.ts";
import type { Kernels } from "../wasm/index.ts";
import { type ColumnProfile, columnAccumulator } from "./column-profile.ts";

export interface Finding {
  kind: IssueKind;
  column?: string;
  count: number;
  /** The first such finding, as the normalizer worded it. */
  example: Issue;
}

export interface CsvProfile {
  rows: number;
  validRows: number;
  rejectedRows: number;
  columns: ColumnProfile[];
  findings: Finding[];
  kernels: "wasm" | "ts";
}

/** The contract's own type names (config-format.md §6), as the user wrote or will write them. */
export function typeLabel(t: ColumnType): string {
  if (t.kind === "long") return "integer";
  if (t.kind === "decimal") return `decimal(${t.precision},${t.scale})`;
  if (t.kind === "list") return `list<${typeLabel(t.element)}>`;
  return t.kind;
}

export async function profileCsv(o: { source: Source; stream: string; contract: Contract; kernels: Kernels; signal?: AbortSignal; onProgress?: (rows: number) => void }): Promise<CsvProfile> {
  const fieldIds = new Map(o.contract.columns.map((c, i) => [c.name, i + 1]));
  // Every row-level finding is counted; only the first of each kind and column is kept.
  const normalize = createNormalizer(o.contract, "warn", fieldIds, { maxIssuesPerColumn: Number.MAX_SAFE_INTEGER });
  let accumulators: ReturnType<typeof columnAccumulator>[] | undefined;
  const findings = new Map<string, Finding>();
  let rows = 0;
  let validRows = 0;
  let rejectedRows = 0;
  for await (const batch of o.source.read(o.stream, { signal: o.signal })) {
    rows += batch.numRows;
    const result = normalize(batch);
    rejectedRows += result.rejectedRows;
    validRows += result.batch.numRows;
    for (const issue of result.issues) {
      const key = `${issue.kind}\u0000${issue.column ?? ""}`;
      const f = findings.get(key);
      if (f) f.count++;
      else findings.set(key, { kind: issue.kind, column: issue.column, count: 1, example: issue });
    }
    const fields = result.batch.schema.fields;
    accumulators ??= fields.map((f, i) => columnAccumulator(f.name, f.type, o.kernels, typeLabel(o.contract.columns[i]!.type)));
    fields.forEach((_, i) => {
      const child = result.batch.getChildAt(i);
      for (const data of child?.data ?? []) accumulators![i]!.add(data);
    });
    o.onProgress?.(rows);
  }
  return {
    rows,
    validRows,
    rejectedRows,
    columns: (accumulators ?? []).map((a) => a.result()),
    findings: [...findings.values()],
    kernels: o.kernels.kind,
  };
}
