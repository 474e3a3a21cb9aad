/**
 * Every column of a run of tokenized CSV records: the twin of `dk_csv_columns` (src/lib.rs) and
 * `src/gather.rs`. Parsed columns are `parseColumn`'s; text columns are gathered into Arrow's
 * UTF-8 layout, unquoted null tokens null and a quoted cell's `""` one quote.
 */
import { CsvFlag, isNullToken, type CsvColumn, type CsvColumnKind, type CsvColumnsOptions, type GatheredText } from "../kernels.ts";
import { parseStrided, rowsOf } from "./parse-column.ts";

const { quoted: QUOTED, escaped: ESCAPED } = CsvFlag;

export function csvColumns(data: Uint8Array, starts: Int32Array, ends: Int32Array, flags: Uint8Array, kinds: readonly CsvColumnKind[], options: CsvColumnsOptions = {}): CsvColumn[] {
  const rows = rowsOf(starts.length, kinds.length);
  const quote = options.quote ?? 34;
  const tokens = options.nullTokens ?? [];
  return kinds.map((kind, c) =>
    kind === "text"
      ? gatherText(data, starts, ends, flags, c, kinds.length, rows, quote, tokens, options.bases?.[c] ?? 0)
      : parseStrided(data, starts, ends, c, kinds.length, rows, kind),
  );
}

function gatherText(data: Uint8Array, starts: Int32Array, ends: Int32Array, flags: Uint8Array, first: number, step: number, rows: number, quote: number, tokens: readonly Uint8Array[], base: number): GatheredText {
  const longest = tokens.reduce((m, t) => Math.max(m, t.length), -1);
  let need = 0;
  for (let r = 0; r < rows; r++) need += ends[first + r * step]! - starts[first + r * step]!;
  const out = new Uint8Array(need);
  const offsets = new Int32Array(rows + 1);
  const valid = new Uint8Array(rows);
  let size = 0;
  offsets[0] = base;
  for (let r = 0; r < rows; r++) {
    const f = first + r * step;
    const s = starts[f]!;
    const e = ends[f]!;
    const fl = flags[f]!;
    if (!(fl & QUOTED) && e - s <= longest && isNullToken(data, s, e, tokens)) {
      valid[r] = 0;
    } else {
      valid[r] = 1;
      if (fl & ESCAPED) {
        for (let i = s; i < e; i++) {
          const b = data[i]!;
          out[size++] = b;
          if (b === quote) i++;
        }
      } else {
        for (let i = s; i < e; i++) out[size++] = data[i]!;
      }
    }
    offsets[r + 1] = base + size;
  }
  return { data: out.slice(0, size), offsets, valid };
}

export function csvColumnsInto(
  data: Uint8Array, starts: Int32Array, ends: Int32Array, flags: Uint8Array, kinds: readonly CsvColumnKind[], options: CsvColumnsOptions,
  take: (column: number, cells: CsvColumn) => void,
): void {
  csvColumns(data, starts, ends, flags, kinds, options).forEach((column, c) => take(c, column));
}
