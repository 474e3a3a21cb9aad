/**
 * How a SQL source hands a column to normalize when it reads raw field bytes with the kernels
 * (sql-copy-cells.ts). A batch must hold the same values as the source's JS-value path
 * (docs/database-types.md) wherever normalize would see a difference:
 * - typed cells, when the column's source type and the contract agree on a kind the kernels parse;
 *   a value they cannot settle (`infinity`) goes through the JS-value path's
 *   parser, which rejects or nulls it exactly as before;
 * - text cells, for the types that path hands out as text (strings, decimals, uuid, json);
 * - JS values from that path's parser, for everything else (bytes, time, arrays, booleans,
 *   and numbers or dates the contract types differently).
 */
import type { ColumnType } from "../../runtime/contract.ts";
import { cellKindOf, isTypedKind, TypedCells, typedDecimal } from "../../runtime/normalize/column-cells.ts";

export const TYPED = 0;
export const TEXT = 1;
export const VALUES = 2;

/** Source kinds the JS-value path hands out as the text itself. */
const textKinds = new Set(["string", "json", "uuid", "decimal"]);

/**
 * The shape of a column of source type `t` read for a contract that types it `contractKind`
 * (`cellKindOf` of the contract type: decimals carry their precision and scale).
 */
export function shapeOf(t: ColumnType, contractKind: string | undefined): number {
  if (isTypedKind(t.kind) && t.kind !== "boolean" && t.kind === contractKind) return TYPED;
  if (t.kind === "decimal" && typedDecimal(cellKindOf(t)) && cellKindOf(t) === contractKind) return TYPED;
  return textKinds.has(t.kind) ? TEXT : VALUES;
}

/**
 * The rows a kernel left as text, settled by the JS-value path's `parse`: a null result makes the
 * row null, a value becomes the text normalize coerces, and a throw is the same error as before.
 */
export function settleTexts(cells: TypedCells, parse: (text: string) => unknown): void {
  if (!cells.texts) return;
  for (const [row, text] of cells.texts) {
    const v = parse(text);
    if (v === null) cells.texts.delete(row);
    else cells.texts.set(row, String(v));
  }
}
