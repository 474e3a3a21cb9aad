/**
 * Column cells (column-cells.ts) → a parsed column. Typed cells of the column's own type (decimals:
 * of its precision and scale) are used as they are and text cells of a string column become Arrow
 * data without decoding; anything else is decoded to texts and coerced by parse-column.ts like any
 * source value.
 */
import * as arrow from "apache-arrow";
import type { ColumnType } from "../contract.ts";
import { fixedData, packBits, packValidity, textCellsData } from "./column-data.ts";
import { TextCells, TypedCells, type ColumnCells } from "./column-cells.ts";
import { parseColumn, type Fail, type ParsedColumn } from "./parse-column.ts";

export function cellsColumn(type: ColumnType, arrowType: arrow.DataType, cells: ColumnCells, n: number, valid: Uint8Array, fail: Fail): ParsedColumn {
  if (cells instanceof TypedCells && type.kind === "decimal" && cells.kind === "decimal" && cells.decimal?.precision === type.precision && cells.decimal.scale === type.scale) {
    return typedDecimalColumn(type, arrowType, cells, n, valid, fail);
  }
  if (cells instanceof TypedCells && cells.kind === type.kind && type.kind !== "decimal") return typedCellsColumn(type, arrowType, cells, n, valid, fail);
  if (cells instanceof TextCells && type.kind === "string") return { build: (keep) => textCellsData(cells, valid, keep, n) };
  return parseColumn(type, arrowType, Array.from({ length: n }, (_, i) => cells.get(i)), n, valid, fail);
}

/**
 * The rows a source left as text, coerced one by one through the same code as any other text:
 * `put` takes the values of each accepted row (as a one-row column), a rejected row turns null.
 */
function coerceTexts(type: ColumnType, arrowType: arrow.DataType, cells: TypedCells, valid: Uint8Array, fail: Fail, put: (row: number, values: unknown) => void): void {
  if (!cells.texts) return;
  const one = Uint8Array.of(1);
  for (const [row, text] of cells.texts) {
    if (!valid[row]) continue;
    one[0] = 1;
    const parsed = parseColumn(type, arrowType, [text], 1, one, () => fail(row, text));
    if (!one[0]) {
      valid[row] = 0;
      continue;
    }
    put(row, parsed.build(null).values);
  }
}

/**
 * Decimals the kernels parsed to unscaled i64 (precision ≤ 18) widened to Decimal128 words: the
 * low and high words as they are, the upper two the sign. Rows left as text are coerced as any
 * text is, so a value outside the fast form is accepted or reported as without the kernels.
 */
function typedDecimalColumn(type: ColumnType, arrowType: arrow.DataType, cells: TypedCells, n: number, valid: Uint8Array, fail: Fail): ParsedColumn {
  const words = new Uint32Array(4 * n);
  const halves = new Int32Array(cells.values.buffer, cells.values.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    if (!cells.valid[i]) continue;
    const hi = halves[2 * i + 1]!;
    const fill = hi < 0 ? 0xffffffff : 0;
    words[4 * i] = halves[2 * i]!;
    words[4 * i + 1] = hi;
    words[4 * i + 2] = fill;
    words[4 * i + 3] = fill;
  }
  coerceTexts(type, arrowType, cells, valid, fail, (row, values) => words.set((values as Uint32Array).subarray(0, 4), 4 * row));
  return { build: (keep) => fixedData(arrowType, words, 4, valid, keep, n) };
}

/**
 * Cells a source parsed with the kernels: the values are used as they are, and the rows that
 * came as text are coerced one by one through the same code as any other text, so a value the
 * kernel could not settle is accepted or reported exactly as without the kernels.
 */
function typedCellsColumn(type: ColumnType, arrowType: arrow.DataType, cells: TypedCells, n: number, valid: Uint8Array, fail: Fail): ParsedColumn {
  const data = cells.values;
  coerceTexts(type, arrowType, cells, valid, fail, (row, values) => {
    const got = values as unknown as Record<number, number | bigint>;
    (data as unknown as Record<number, number | bigint>)[row] = type.kind === "boolean" ? (got[0] as number) & 1 : got[0]!;
  });
  if (type.kind === "boolean") {
    return {
      build(keep) {
        const length = keep ? keep.length : n;
        const { nullBitmap, nullCount } = packValidity(valid, keep, length);
        return arrow.makeData({ type: arrowType as arrow.Bool, length, nullCount, nullBitmap, data: packBits(data as Uint8Array, keep, length) });
      },
    };
  }
  return { build: (keep) => fixedData(arrowType, data.subarray(0, n), 1, valid, keep, n) };
}
