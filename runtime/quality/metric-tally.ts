/**
 * MetricTally: the ODCS library metrics counted batch by batch in bounded memory. Everything is a
 * running count except duplicateValues, which keeps the distinct values seen — up to
 * `maxDistinct` per rule; past that the rule is reported as not evaluated rather than guessed.
 *
 * Semantics, shared with the SQL engine (adapters/engines/quality-sql.ts):
 * - nullValues: rows whose value is null;
 * - missingValues: rows whose value is one of the missing values (null only when listed);
 * - invalidValues: non-null rows not in `validValues` or not matching `pattern` (search, not
 *   full match, like SQL `regexp_matches`); nulls are nullValues' business;
 * - duplicateValues: non-null rows minus distinct non-null values (`count(c) - count(DISTINCT c)`);
 *   over several properties, rows minus distinct tuples, a null being a value like any other.
 */
import type * as arrow from "apache-arrow";
import { IngestError } from "../errors.ts";
import type { Tally } from "./quality-finding.ts";
import type { MetricPlan } from "./rule-plan.ts";

interface State {
  count: number;
  nonNull: number;
  seen?: Set<unknown>;
  overflow: boolean;
  values?: Set<unknown>;
  nullListed: boolean;
  regex?: RegExp;
}

export type TallyResult = { plan: MetricPlan; tally: Tally } | { plan: MetricPlan; reason: string };

export class MetricTally {
  rows = 0;
  private readonly states: State[];

  constructor(
    private readonly plans: MetricPlan[],
    private readonly maxDistinct: number,
  ) {
    this.states = plans.map((p) => ({
      count: 0,
      nonNull: 0,
      seen: p.metric === "duplicateValues" ? new Set() : undefined,
      overflow: false,
      values: p.values ? new Set(p.values.filter((v) => v !== null)) : undefined,
      nullListed: p.values?.includes(null) ?? false,
      regex: p.pattern === undefined ? undefined : new RegExp(p.pattern),
    }));
  }

  add(batch: arrow.RecordBatch): void {
    const n = batch.numRows;
    this.rows += n;
    this.plans.forEach((plan, i) => {
      const s = this.states[i]!;
      if (plan.metric === "rowCount" || s.overflow) return;
      const vectors = plan.columns.map((c) => {
        const v = batch.getChild(c.name);
        if (!v) throw new IngestError("internal", `quality batch has no column \`${c.name}\`; normalize batches to the contract before checking quality`, { column: c.name });
        return v;
      });
      const vec = vectors[0]!;
      switch (plan.metric) {
        case "nullValues":
          s.count += vec.nullCount;
          return;
        case "missingValues":
          for (let r = 0; r < n; r++) {
            const v = vec.get(r);
            if (v === null || v === undefined ? s.nullListed : s.values!.has(plain(v))) s.count++;
          }
          return;
        case "invalidValues":
          for (let r = 0; r < n; r++) {
            const v = vec.get(r);
            if (v === null || v === undefined) continue;
            const ok = (!s.values || s.values.has(plain(v))) && (!s.regex || s.regex.test(String(v)));
            if (!ok) s.count++;
          }
          return;
        case "duplicateValues":
          if (vectors.length === 1) {
            for (let r = 0; r < n; r++) {
              const v = vec.get(r);
              if (v === null || v === undefined) continue;
              s.nonNull++;
              s.seen!.add(keyOf(v));
            }
          } else {
            for (let r = 0; r < n; r++) {
              s.nonNull++;
              s.seen!.add(JSON.stringify(vectors.map((x) => keyOf(x.get(r))), (_, v) => (typeof v === "bigint" ? `${v}n` : v)));
            }
          }
          if (s.seen!.size > this.maxDistinct) {
            s.overflow = true;
            s.seen = undefined;
          }
      }
    });
  }

  results(): TallyResult[] {
    return this.plans.map((plan, i) => {
      const s = this.states[i]!;
      if (s.overflow) {
        return { plan, reason: `more than ${this.maxDistinct} distinct values, past what the streaming check keeps; raise maxDistinct or run the SQL engine` };
      }
      const count = plan.metric === "duplicateValues" ? s.nonNull - s.seen!.size : s.count;
      return { plan, tally: { count, rows: this.rows } };
    });
  }
}

/** 64-bit integers arrive as bigint; the plan's values are numbers. */
function plain(v: unknown): unknown {
  return typeof v === "bigint" ? Number(v) : v;
}

/** A Set key equal for equal values: primitives as they are, anything else as tagged text. */
function keyOf(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v !== "object") return v;
  if (v instanceof Date) return `d:${v.getTime()}`;
  if (ArrayBuffer.isView(v)) {
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    let hex = "x:";
    for (const b of bytes) hex += b.toString(16).padStart(2, "0");
    return hex;
  }
  const list = v as { toArray?: () => ArrayLike<unknown> };
  if (typeof list.toArray === "function") return `l:${JSON.stringify(Array.from(list.toArray(), keyOf), (_, x) => (typeof x === "bigint" ? `${x}n` : x))}`;
  return `o:${String(v)}`;
}
