/**
 * Normalize: a source batch → an Arrow record batch in the contract's shape, plus findings.
 *
 * Per row and contract column (config-format.md §11.5, with the §12 fixes 14, 24 and 25): a
 * missing or null value in a `required` column is `missing_required`; a value that does not
 * coerce to the column type (§6.2) is `type_mismatch`. Rows with either are left out of the
 * batch in both modes, so Parquet never receives a wrong type or a null in a required column;
 * the mode is the caller's decision: `strict` fails the run on any issue, `warn` commits the
 * valid rows and reports the rest. Columns the contract does not name are ignored and reported
 * once as `unknown_column`; contract columns the source lacks are all null (and every row is
 * rejected if the column is required).
 */
import * as arrow from "apache-arrow";
import type { Contract } from "../contract.ts";
import { showValue, type Issue } from "../rule.ts";
import type { SourceBatch } from "../source.ts";
import { arrowSchemaFor } from "./arrow-schema.ts";
import { parseColumn } from "./parse-column.ts";
import { cellsPresence, isColumnCells } from "./column-cells.ts";
import { cellsColumn } from "./cells-column.ts";

export type NormalizeMode = "strict" | "warn";

export interface NormalizeResult {
  /** The valid rows, columns in contract order, typed as the Iceberg schema says. */
  batch: arrow.RecordBatch;
  issues: Issue[];
  /** Rows left out of `batch` because of a `missing_required` or `type_mismatch` issue. */
  rejectedRows: number;
}

export interface NormalizeOptions {
  /** Row-level issues listed per column and batch before the rest are only counted; default 100. */
  maxIssuesPerColumn?: number;
  /** Column names already reported (unknown or missing); updated, so a stream reports each once. */
  reported?: Set<string>;
  /** A schema from an earlier call with the same contract and field ids, to skip rebuilding it. */
  schema?: arrow.Schema;
}

const typeNames: Record<string, string> = { int: "int (32-bit)", long: "integer (64-bit)", json: "JSON text" };

function typeName(t: Contract["columns"][number]["type"]): string {
  if (t.kind === "decimal") return `decimal(${t.precision},${t.scale})`;
  if (t.kind === "list") return `list of ${typeName(t.element)}`;
  return typeNames[t.kind] ?? t.kind;
}

export function normalizeBatch(
  batch: SourceBatch,
  contract: Contract,
  mode: NormalizeMode,
  fieldIds: Map<string, number>,
  options: NormalizeOptions = {},
): NormalizeResult {
  void mode; // The data is the same in both modes; see the module comment.
  const schema = options.schema ?? arrowSchemaFor(contract, fieldIds);
  const reported = options.reported ?? new Set<string>();
  const cap = options.maxIssuesPerColumn ?? 100;
  const n = batch.numRows;
  const origin = batch.origin;
  const firstRow = batch.firstRow ?? 0;
  const lines = batch.lines;
  const issues: Issue[] = batch.issues ? [...batch.issues] : [];
  const bad = new Uint8Array(n);
  // Rows are counted from 1 in messages, as a person reads a file; `Issue.row` stays 0-based.
  const where = (i: number): string => `${origin ? origin + ": " : ""}row ${firstRow + i + 1}${lines ? ` (line ${lines[i]})` : ""}`;

  if (n > 0) {
    const known = new Set(contract.columns.map((c) => c.name));
    for (const name of Object.keys(batch.columns)) {
      if (known.has(name) || reported.has("unknown:" + name)) continue;
      reported.add("unknown:" + name);
      issues.push({ kind: "unknown_column", column: name, origin, message: `column \`${name}\` is not in contract \`${contract.name}\`; it is ignored (add it to the contract to keep it)` });
    }
  }

  const parsed = contract.columns.map((column, c) => {
    const values = batch.columns[column.name];
    const valid = new Uint8Array(n);
    let listed = 0;
    let unlisted = 0;
    const note = (kind: Issue["kind"], i: number, value: unknown, message: string): void => {
      bad[i] = 1;
      if (listed++ < cap) {
        const issue: Issue = { kind, column: column.name, row: firstRow + i, origin, message };
        if (lines) issue.line = lines[i];
        if (value !== undefined) issue.value = showValue(value);
        issues.push(issue);
      } else unlisted++;
    };
    if (values === undefined) {
      if (column.required && n > 0) {
        bad.fill(1);
        if (!reported.has("missing:" + column.name)) {
          reported.add("missing:" + column.name);
          issues.push({ kind: "missing_required", column: column.name, origin, message: `required column \`${column.name}\` is missing from ${origin ?? "the source"}; add it to the source or make it optional in the contract` });
        }
      }
    } else {
      const present = batch.validity?.[column.name];
      if (isColumnCells(values)) cellsPresence(values, valid);
      else {
        for (let i = 0; i < n; i++) {
          const v = values[i];
          valid[i] = v === null || v === undefined || (present !== undefined && present[i] === 0) ? 0 : 1;
        }
      }
      if (column.required) {
        for (let i = 0; i < n; i++) if (!valid[i]) note("missing_required", i, undefined, `${where(i)}: required column \`${column.name}\` is null; fill it in the source or make it optional in the contract`);
      }
    }
    const type = typeName(column.type);
    const fail = (i: number, value: unknown) =>
      note("type_mismatch", i, value, `${where(i)}: \`${column.name}\` value ${JSON.stringify(showValue(value))} is not a valid ${type}; fix the value or change the column type in the contract`);
    const result = isColumnCells(values) ? cellsColumn(column.type, schema.fields[c].type, values, n, valid, fail) : parseColumn(column.type, schema.fields[c].type, values ?? [], n, valid, fail);
    if (unlisted > 0) {
      issues.push({ kind: listedKind(issues, column.name), column: column.name, origin, message: `${unlisted} more rows with problems in \`${column.name}\`${origin ? ` of ${origin}` : ""} are not listed (only the first ${cap} are)` });
    }
    return result;
  });

  let rejectedRows = 0;
  for (let i = 0; i < n; i++) rejectedRows += bad[i];
  let keep: Int32Array | null = null;
  if (rejectedRows > 0) {
    keep = new Int32Array(n - rejectedRows);
    for (let i = 0, j = 0; i < n; i++) if (!bad[i]) keep[j++] = i;
  }
  const length = n - rejectedRows;
  const children = parsed.map((p) => p.build(keep));
  const struct = arrow.makeData({ type: new arrow.Struct(schema.fields), length, nullCount: 0, children });
  return { batch: new arrow.RecordBatch(schema, struct), issues, rejectedRows };
}

function listedKind(issues: Issue[], column: string): Issue["kind"] {
  for (let k = issues.length - 1; k >= 0; k--) if (issues[k].column === column && issues[k].row !== undefined) return issues[k].kind;
  return "type_mismatch";
}

/**
 * A normalizer for one stream: the schema is built once and unknown or missing columns are
 * reported once for the whole stream, not once per batch.
 */
export function createNormalizer(contract: Contract, mode: NormalizeMode, fieldIds: Map<string, number>, options: Omit<NormalizeOptions, "reported" | "schema"> = {}): (batch: SourceBatch) => NormalizeResult {
  const schema = arrowSchemaFor(contract, fieldIds);
  const reported = new Set<string>();
  return (batch) => normalizeBatch(batch, contract, mode, fieldIds, { ...options, schema, reported });
}
