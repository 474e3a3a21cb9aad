/**
 * Column cells: source columns that a source has already parsed with the kernels, so normalize
 * neither builds nor parses one JS string per cell. A `SourceBatch` column may be one of these
 * instead of an array of values (runtime/source.ts):
 *
 * - `TextCells`: UTF-8 bytes and offsets (the Arrow Utf8 layout). A `string` column becomes Arrow
 *   data without decoding; any other type decodes the texts and coerces them as usual.
 * - `TypedCells`: values already in the column type's representation (the contract type's kind
 *   names it), with the texts of the rows the source could not settle — values the kernel
 *   rejected, or whose null-ness depends on rules normalize owns. Normalize coerces those texts
 *   exactly as it coerces any text, so findings and messages are the same either way.
 */

import { decimalOf, type ParseKind } from "../../wasm/kernels.ts";
import { utf8Value } from "../utf8-value.ts";

export type TypedKind = "int" | "long" | "float" | "double" | "boolean" | "date" | "timestamp" | "timestamptz" | "decimal";

export type TypedValues = Int32Array | BigInt64Array | Float32Array | Float64Array | Uint8Array;

const typedKinds = new Set<string>(["int", "long", "float", "double", "boolean", "date", "timestamp", "timestamptz"]);

/** Kinds the kernels parse from their name alone (a decimal needs its precision and scale too). */
export function isTypedKind(kind: string): kind is TypedKind {
  return typedKinds.has(kind);
}

/**
 * The kind a source is told a contract column has, for its column cells: the type's kind, or
 * `decimal(p,s)` for a decimal (which the kernels parse only knowing its precision and scale).
 */
export function cellKindOf(type: { kind: string; precision?: number; scale?: number }): string {
  return type.kind === "decimal" ? `decimal(${type.precision},${type.scale})` : type.kind;
}

/** `cellKindOf` each column of a contract, by name: the `types` a source or tokenizer takes. */
export function cellKindsOf(contract: { columns: readonly { name: string; type: { kind: string; precision?: number; scale?: number } }[] }): Record<string, string> {
  return Object.fromEntries(contract.columns.map((c) => [c.name, cellKindOf(c.type)]));
}

/** Precision and scale of `decimal(p,s)` when the kernels parse it (p ≤ 18: unscaled i64). */
export function typedDecimal(kind: string): { precision: number; scale: number } | null {
  const d = decimalOf(kind as ParseKind);
  return d && d.precision >= 1 && d.precision <= 18 && d.scale <= d.precision ? d : null;
}

export class TextCells {
  readonly [index: number]: unknown;

  /** Row i is `data[offsets[i], offsets[i + 1])` where `valid[i]` is 1, null otherwise. */
  constructor(
    readonly data: Uint8Array,
    readonly offsets: Int32Array,
    readonly valid: Uint8Array,
    readonly length: number,
  ) {}

  get(i: number): string | null {
    return this.valid[i] ? utf8Value(this.data.subarray(this.offsets[i]!, this.offsets[i + 1]!)) : null;
  }

  strings(): (string | null)[] {
    const out = new Array<string | null>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.get(i);
    return out;
  }
}

export class TypedCells {
  readonly [index: number]: unknown;

  /**
   * `values[i]` holds row i where `valid[i]` is 1; rows listed in `texts` carry text for
   * normalize to coerce; every other row is null. Decimals are unscaled i64 values of
   * `decimal` (their precision and scale).
   */
  constructor(
    readonly kind: TypedKind,
    readonly values: TypedValues,
    readonly valid: Uint8Array,
    readonly texts: Map<number, string> | null,
    readonly length: number,
    readonly decimal?: { precision: number; scale: number },
  ) {}

  get(i: number): unknown {
    const text = this.texts?.get(i);
    if (text !== undefined) return text;
    return this.valid[i] ? this.values[i] : null;
  }
}

export type ColumnCells = TextCells | TypedCells;

export function isColumnCells(values: unknown): values is ColumnCells {
  return values instanceof TextCells || values instanceof TypedCells;
}

/** Marks in `valid` the rows that hold a value or a text to coerce. */
export function cellsPresence(cells: ColumnCells, valid: Uint8Array): void {
  valid.set(cells.valid.subarray(0, valid.length));
  if (cells instanceof TypedCells && cells.texts) for (const row of cells.texts.keys()) valid[row] = 1;
}
