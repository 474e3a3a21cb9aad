/**
 * The database-independent half of the PostgreSQL and MySQL sources: which streams exist, and how
 * a read is planned — full (unordered, the fastest path), incremental (ordered keyset read after
 * the stored cursor, sql-keyset.ts), or split into ranges read in parallel (sql-batches.ts).
 * Each database supplies a `SqlDriver` with discovery and two read paths.
 */
import type { ColumnType } from "../../runtime/contract.ts";
import { IngestError } from "../../runtime/errors.ts";
import type { Cursor, ReadOptions, Source, SourceBatch, SourceColumn, StreamInfo } from "../../runtime/source.ts";
import { lastPosition, mergeRanges, type PositionedBatch } from "./sql-batches.ts";
import type { ServerRef } from "./sql-errors.ts";
import { type CursorValue, isRangedCursor, isSqlCursor, type KeysetPlan, type Position, type RangeState, rangesFromPoints, splitPoints } from "./sql-keyset.ts";
import { isNumericType, isTemporalType } from "./sql-types.ts";

export interface SqlTableSpec {
  /** `schema.table` or `table`. */
  name: string;
  /** Cursor column for incremental reads (config-format.md §3.2 `cursor_field`). */
  cursorField?: string;
  /** Columns that make rows unique within equal cursor values; default: the primary key. */
  key?: string[];
  /** Read in this many key ranges in parallel. */
  ranges?: number;
  /** The numeric or temporal column ranges split; default: the cursor column, else a one-column primary key. */
  rangeColumn?: string;
}

export interface SqlQuerySpec extends Omit<SqlTableSpec, "name"> {
  /** Stream name; default `query`. */
  name?: string;
  sql: string;
}

export interface SqlSourceOptions {
  tables?: Array<string | SqlTableSpec>;
  /** A custom query (or several), each one more stream. */
  query?: string | SqlQuerySpec | SqlQuerySpec[];
  /** Default cursor column for every table (config-format.md §3.4 `incremental.cursor_field`). */
  cursorField?: string;
  /** With no stored cursor, read only rows whose temporal cursor is within the last N days (§3.4, §10). */
  lookbackDays?: number;
  /** Default for every stream: read in N ranges in parallel. */
  ranges?: number;
  /** Rows per batch; default 10000 (§3.2 `batch_size`). */
  batchSize?: number;
  /** The clock lookback is measured against (ms since the epoch). */
  now?: () => number;
}

export interface StreamSpec extends Omit<SqlTableSpec, "name"> {
  name: string;
  table?: string;
  sql?: string;
}

export interface DiscoveredColumn extends SourceColumn {
  sourceType: string;
  type: string;
  columnType: ColumnType;
}

export interface Discovered {
  /** The FROM item: a quoted table name, or the custom query as a derived table. */
  relation: string;
  columns: DiscoveredColumn[];
  primaryKey: string[];
}

export interface OrderedRead extends KeysetPlan {
  /** Cursor values are unique (the column is the whole primary key): no group needs keeping together. */
  unique: boolean;
}

export interface SqlDriver {
  readonly type: string;
  readonly server: ServerRef;
  discover(spec: StreamSpec): Promise<Discovered>;
  countNulls(spec: StreamSpec, column: string): Promise<number>;
  /** min and max of `column` over rows the plan selects (ignoring its order). */
  minMax(spec: StreamSpec, d: Discovered, plan: KeysetPlan): Promise<[CursorValue | null, CursorValue | null]>;
  readAll(spec: StreamSpec, d: Discovered, batchSize: number, signal?: AbortSignal): AsyncIterable<SourceBatch>;
  readOrdered(spec: StreamSpec, d: Discovered, plan: OrderedRead, batchSize: number, signal?: AbortSignal): AsyncIterable<PositionedBatch>;
  close(): Promise<void>;
}

export function streamSpecs(o: SqlSourceOptions): StreamSpec[] {
  const specs: StreamSpec[] = [];
  for (const t of o.tables ?? []) {
    const spec = typeof t === "string" ? { name: t } : t;
    specs.push({ ranges: o.ranges, cursorField: o.cursorField, ...spec, table: spec.name });
  }
  const queries = o.query === undefined ? [] : Array.isArray(o.query) ? o.query : [typeof o.query === "string" ? { sql: o.query } : o.query];
  for (const q of queries) specs.push({ ranges: o.ranges, cursorField: o.cursorField, ...q, name: q.name ?? "query" });
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.name)) throw new IngestError("config.invalid", `stream \`${s.name}\` is listed twice; give each table or query its own name`);
    seen.add(s.name);
  }
  return specs;
}

export function sqlSource(driver: SqlDriver, options: SqlSourceOptions): Source {
  const specs = streamSpecs(options);
  const discovered = new Map<string, Promise<Discovered>>();
  const discover = (spec: StreamSpec) => {
    let d = discovered.get(spec.name);
    if (!d) {
      d = driver.discover(spec);
      d.catch(() => discovered.delete(spec.name));
      discovered.set(spec.name, d);
    }
    return d;
  };
  const where = `${driver.server.kind} at ${driver.server.host}:${driver.server.port}`;

  function column(spec: StreamSpec, d: Discovered, name: string, role: string): DiscoveredColumn {
    const c = d.columns.find((x) => x.name === name);
    if (!c) {
      throw new IngestError(
        "source.not_found",
        `${role} \`${name}\` is not a column of \`${spec.name}\` on ${where}; columns are ${d.columns.map((x) => `\`${x.name}\``).join(", ")}; fix the job's \`${role}\``,
        { stream: spec.name, column: name },
      );
    }
    return c;
  }

  async function checkNoNulls(spec: StreamSpec, name: string, role: string): Promise<void> {
    const nulls = await driver.countNulls(spec, name);
    if (nulls > 0) {
      throw new IngestError(
        "source.malformed",
        `${role} \`${name}\` of \`${spec.name}\` is null in ${nulls} row(s), which an ordered read would never reach; ` +
          `fill them (UPDATE … SET ${name} = … WHERE ${name} IS NULL), pick a NOT NULL column, or read this stream with strategy full_refresh`,
        { stream: spec.name, column: name, nulls },
      );
    }
  }

  async function* read(stream: string, opts: ReadOptions = {}): AsyncGenerator<SourceBatch> {
    const spec = specs.find((s) => s.name === stream);
    if (!spec) {
      throw new IngestError("source.not_found", `stream \`${stream}\` is not configured; configured streams are ${specs.map((s) => `\`${s.name}\``).join(", ")}`, { stream });
    }
    const batchSize = opts.batchSize ?? options.batchSize ?? 10_000;
    const d = await discover(spec);
    const cursorIn = opts.cursor;
    const ranged = (spec.ranges ?? 1) > 1 || isRangedCursor(cursorIn);
    if (!spec.cursorField && !ranged) {
      yield* driver.readAll(spec, d, batchSize, opts.signal);
      return;
    }
    const orderName = spec.cursorField ?? spec.rangeColumn ?? (d.primaryKey.length === 1 ? d.primaryKey[0] : undefined);
    if (!orderName) {
      throw new IngestError("config.invalid", `stream \`${spec.name}\` has \`ranges\` but no numeric or time column to split; set \`rangeColumn\``, { stream: spec.name });
    }
    const role = spec.cursorField ? "cursor_field" : "rangeColumn";
    const orderCol = column(spec, d, orderName, role);
    for (const k of spec.key ?? []) column(spec, d, k, "key");
    if (cursorIn && cursorIn.column !== orderName) {
      throw new IngestError(
        "config.invalid",
        `the stored cursor of \`${spec.name}\` is on column \`${String(cursorIn.column)}\` but the job reads by \`${orderName}\`; reset the stream's state to read it again from the start`,
        { stream: spec.name },
      );
    }
    await checkNoNulls(spec, orderName, role);
    const unique = d.primaryKey.length === 1 && d.primaryKey[0] === orderName && !spec.key;
    const key = unique ? [] : (spec.key ?? d.primaryKey).filter((k) => k !== orderName);
    const base = { column: orderName, key, unique };
    const after: Position | undefined = isSqlCursor(cursorIn) ? { value: cursorIn.value, ...(cursorIn.key ? { key: cursorIn.key } : {}) } : undefined;
    const days = options.lookbackDays ?? 0;
    let since: CursorValue | undefined;
    if (!cursorIn && spec.cursorField && days > 0 && isTemporalType(orderCol.columnType)) {
      const iso = new Date((options.now ?? Date.now)() - days * 86_400_000).toISOString();
      since = orderCol.columnType.kind === "date" ? iso.slice(0, 10) : orderCol.columnType.kind === "timestamptz" ? `${iso.slice(0, 23)}000Z` : `${iso.slice(0, 23)}000`;
    }

    if (!ranged) {
      for await (const pb of driver.readOrdered(spec, d, { ...base, after, since }, batchSize, opts.signal)) {
        yield { ...pb.batch, cursor: { column: orderName, ...pb.position } };
      }
      return;
    }

    let states: RangeState[];
    if (isRangedCursor(cursorIn)) states = cursorIn.ranges;
    else {
      if (!isNumericType(orderCol.columnType) && !isTemporalType(orderCol.columnType)) {
        throw new IngestError("config.invalid", `\`${orderName}\` of \`${spec.name}\` is ${orderCol.type}; ranges need a numeric, date or timestamp column`, { stream: spec.name });
      }
      const [min, max] = await driver.minMax(spec, d, { ...base, after, since });
      if (min === null || max === null) return;
      states = rangesFromPoints(splitPoints(min, max, spec.ranges ?? 1, orderCol.columnType), after);
      if (since !== undefined) states[0]!.from = since;
    }
    const cursorFor = (s: RangeState[]): Cursor => {
      const end = s.every((r) => r.done) && spec.cursorField ? lastPosition(s) : undefined;
      return end ? { column: orderName, ...end } : { column: orderName, ranges: s };
    };
    const readRange = (r: RangeState) => {
      const pos = r.value !== undefined ? { value: r.value, ...(r.key ? { key: r.key } : {}) } : undefined;
      return driver.readOrdered(spec, d, { ...base, from: r.from, to: r.to, after: pos }, batchSize, opts.signal);
    };
    yield* mergeRanges(states, readRange, cursorFor, opts.signal);
  }

  return {
    type: driver.type,
    async streams(): Promise<StreamInfo[]> {
      const out: StreamInfo[] = [];
      for (const spec of specs) {
        const d = await discover(spec);
        out.push({ name: spec.name, columns: d.columns.map(({ name, sourceType, type, nullable }) => ({ name, sourceType, type, nullable })) });
      }
      return out;
    },
    read,
    close: () => driver.close(),
  };
}
