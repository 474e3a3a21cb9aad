/**
 * Cursor semantics of the SQL sources (docs/database-types.md, "Incremental reads"): rows are read
 * in `(cursor column, key columns…)` order and a cursor is the position of the last row read, so
 * the next read takes rows strictly after that position — `(c, k) > (v, kv)`. A row updated after
 * the cursor was stored gets a newer cursor value and is read again; rows that share a cursor
 * value with the stored row are told apart by the key, so a batch boundary (or a killed run)
 * inside a group of equal timestamps loses nothing and repeats nothing. Without a key (no primary
 * key, none given) a group of equal cursor values is never split across batches and the next read
 * takes `c > v`.
 */
import type { Cursor } from "../../runtime/source.ts";
import type { ColumnType } from "../../runtime/contract.ts";
import { IngestError } from "../../runtime/errors.ts";

/** Cursor values as stored in JSON: int8 and decimals as text, temporal values as ISO text. */
export type CursorValue = string | number;

export interface Position {
  value: CursorValue;
  key?: Record<string, CursorValue>;
}

/** `{ column, value, key? }`: resume strictly after this row. */
export interface SqlCursor extends Cursor {
  column: string;
  value: CursorValue;
  key?: Record<string, CursorValue>;
}

/** One range `[from, to)` of a parallel read (null = unbounded) and how far it got. */
export interface RangeState {
  from: CursorValue | null;
  to: CursorValue | null;
  value?: CursorValue;
  key?: Record<string, CursorValue>;
  done?: boolean;
}

/** `{ column, ranges }`: a parallel read in progress; each range resumes on its own. */
export interface RangedCursor extends Cursor {
  column: string;
  ranges: RangeState[];
}

/** One ordered read: rows of `[from, to)` on `column`, from `since` on, strictly after `after`. */
export interface KeysetPlan {
  column: string;
  key: string[];
  from?: CursorValue | null;
  to?: CursorValue | null;
  since?: CursorValue;
  after?: Position;
}

export interface Dialect {
  ident(name: string): string;
  /** A literal of `value` typed like `column`. */
  literal(value: CursorValue, column: string): string;
}

export function toCursorValue(v: unknown, column: string): CursorValue {
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "string" || (typeof v === "number" && Number.isFinite(v))) return v;
  throw new IngestError(
    "source.malformed",
    `cursor column \`${column}\` has the value \`${String(v)}\`, which cannot order rows; use a timestamp, integer or text column as \`cursor_field\``,
    { column },
  );
}

/** `(a, b, …) > (x, y, …)` written out so that both databases use an index on `a`. */
function tupleGreater(cols: string[], vals: string[]): string {
  const [c, ...restCols] = cols;
  const [v, ...restVals] = vals;
  if (restCols.length === 0) return `${c} > ${v}`;
  return `(${c} > ${v} OR (${c} = ${v} AND ${tupleGreater(restCols, restVals)}))`;
}

export function keysetWhere(plan: KeysetPlan, d: Dialect): string {
  const c = d.ident(plan.column);
  const lit = (v: CursorValue) => d.literal(v, plan.column);
  const conds: string[] = [`${c} IS NOT NULL`];
  if (plan.from != null) conds.push(`${c} >= ${lit(plan.from)}`);
  if (plan.to != null) conds.push(`${c} < ${lit(plan.to)}`);
  if (plan.since != null) conds.push(`${c} >= ${lit(plan.since)}`);
  const after = plan.after;
  if (after) {
    if (plan.key.length === 0 || !after.key) conds.push(`${c} > ${lit(after.value)}`);
    else {
      conds.push(`${c} >= ${lit(after.value)}`);
      const keyVals = plan.key.map((k) => {
        const kv = after.key![k];
        if (kv === undefined) {
          throw new IngestError("config.invalid", `cursor has no value for key column \`${k}\`; the table's key changed since it was stored: reset the stream's state`);
        }
        return d.literal(kv, k);
      });
      conds.push(tupleGreater([c, ...plan.key.map(d.ident)], [lit(after.value), ...keyVals]));
    }
  }
  return conds.join(" AND ");
}

export function keysetOrder(plan: KeysetPlan, d: Dialect): string {
  return [plan.column, ...plan.key].map(d.ident).join(", ");
}

export function isSqlCursor(c: Cursor | undefined): c is SqlCursor {
  return !!c && typeof c.column === "string" && (typeof c.value === "string" || typeof c.value === "number");
}

export function isRangedCursor(c: Cursor | undefined): c is RangedCursor {
  return !!c && typeof c.column === "string" && Array.isArray(c.ranges);
}

const MICROS_PER_DAY = 86_400_000_000n;

function temporalToMicros(v: string): bigint {
  const ms = Date.parse(`${v.slice(0, 10)}T${v.length > 10 ? v.slice(11, 19) : "00:00:00"}Z`);
  const frac = v.length > 20 ? v.slice(20, 26).padEnd(6, "0") : "000000";
  return BigInt(ms) * 1000n + BigInt(Number(frac) % 1000);
}

function microsToTemporal(us: bigint, t: ColumnType): string {
  const ms = us / 1000n;
  const iso = new Date(Number(ms)).toISOString();
  if (t.kind === "date") return iso.slice(0, 10);
  const micros = String(us % 1_000_000n).padStart(6, "0");
  return `${iso.slice(0, 19)}.${micros}${t.kind === "timestamptz" ? "Z" : ""}`;
}

/**
 * `n - 1` interior boundaries splitting `[min, max]` into `n` equal-width ranges on a numeric or
 * temporal column (equal width, not equal counts: computing quantiles would cost a full scan).
 */
export function splitPoints(min: CursorValue, max: CursorValue, n: number, t: ColumnType): CursorValue[] {
  const points: CursorValue[] = [];
  if (t.kind === "int" || t.kind === "long" || (t.kind === "decimal" && t.scale === 0)) {
    const lo = BigInt(min);
    const hi = BigInt(max);
    for (let i = 1; i < n; i++) {
      const p = lo + ((hi - lo) * BigInt(i)) / BigInt(n);
      points.push(t.kind === "int" ? Number(p) : p.toString());
    }
  } else if (t.kind === "date" || t.kind === "timestamp" || t.kind === "timestamptz") {
    const lo = temporalToMicros(String(min));
    const hi = temporalToMicros(String(max));
    for (let i = 1; i < n; i++) {
      let p = lo + ((hi - lo) * BigInt(i)) / BigInt(n);
      if (t.kind === "date") p -= p % MICROS_PER_DAY;
      points.push(microsToTemporal(p, t));
    }
  } else if (t.kind === "decimal" || t.kind === "float" || t.kind === "double") {
    const lo = Number(min);
    const hi = Number(max);
    for (let i = 1; i < n; i++) {
      const p = lo + ((hi - lo) * i) / n;
      points.push(t.kind === "decimal" ? String(p) : p);
    }
  } else {
    throw new IngestError("config.invalid", `cannot split a ${t.kind} column into ranges; choose a numeric, date or timestamp range column`);
  }
  // Boundaries must grow strictly, or a range would be empty by construction.
  return points.filter((p, i) => String(p) !== String(i === 0 ? min : points[i - 1]) && String(p) !== String(max));
}

/** The ranges `(-inf, p1) [p1, p2) … [pn, +inf)`; the first resumes after `after` when given. */
export function rangesFromPoints(points: CursorValue[], after?: Position): RangeState[] {
  const bounds: Array<CursorValue | null> = [null, ...points, null];
  const ranges: RangeState[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) ranges.push({ from: bounds[i]!, to: bounds[i + 1]! });
  if (after) Object.assign(ranges[0]!, { value: after.value, ...(after.key ? { key: after.key } : {}) });
  return ranges;
}
