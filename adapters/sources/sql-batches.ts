/**
 * Row → column batches for the SQL sources, and the merge of parallel range reads into one stream
 * whose every batch carries the progress of all ranges (so a stopped run resumes each range where
 * it stopped).
 */
import type { Cursor, SourceBatch } from "../../runtime/source.ts";
import { type CursorValue, type Position, type RangeState, toCursorValue } from "./sql-keyset.ts";

export class BatchBuilder {
  private cols: unknown[][];
  size = 0;
  private emitted = 0;

  constructor(
    private readonly names: string[],
    private readonly origin: string,
  ) {
    this.cols = names.map(() => []);
  }

  push(row: readonly unknown[]): void {
    const cols = this.cols;
    for (let c = 0; c < cols.length; c++) cols[c]!.push(row[c]);
    this.size++;
  }

  last(index: number): unknown {
    return this.cols[index]![this.size - 1];
  }

  take(cursor?: Cursor): SourceBatch {
    const columns: Record<string, unknown[]> = {};
    this.names.forEach((name, i) => (columns[name] = this.cols[i]!));
    const batch: SourceBatch = { numRows: this.size, columns, origin: this.origin, firstRow: this.emitted };
    if (cursor) batch.cursor = cursor;
    this.emitted += this.size;
    this.cols = this.names.map(() => []);
    this.size = 0;
    return batch;
  }
}

/** Where an ordered read stands after the last row of `b`: the cursor column and the key columns. */
export interface ColumnRef {
  name: string;
  index: number;
}

export function positionOf(b: BatchBuilder, cursor: ColumnRef, key: ColumnRef[]): Position {
  const pos: Position = { value: toCursorValue(b.last(cursor.index), cursor.name) };
  if (key.length > 0) {
    pos.key = {};
    for (const k of key) pos.key[k.name] = toCursorValue(b.last(k.index), k.name);
  }
  return pos;
}

export interface PositionedBatch {
  batch: SourceBatch;
  position: Position;
}

/**
 * Reads ranges concurrently and yields their batches as they come. Each yielded batch carries a
 * cursor built by `cursorFor` from the state of every range *including that batch and nothing
 * after it*: the newest batch is held back until the next event, so a range that ends without
 * further rows is marked done on the batch before the end.
 */
export async function* mergeRanges(
  ranges: RangeState[],
  read: (range: RangeState, index: number) => AsyncIterable<PositionedBatch>,
  cursorFor: (states: RangeState[]) => Cursor,
  signal?: AbortSignal,
): AsyncGenerator<SourceBatch> {
  const states = ranges.map((r) => ({ ...r }));
  const iterators = states.map((r, i) => (r.done ? undefined : read(r, i)[Symbol.asyncIterator]()));
  type Event = { index: number; result: IteratorResult<PositionedBatch> };
  const pending = new Map<number, Promise<Event>>();
  const arm = (i: number) => pending.set(i, iterators[i]!.next().then((result) => ({ index: i, result })));
  iterators.forEach((it, i) => it && arm(i));
  let held: SourceBatch | undefined;
  const snapshot = (): Cursor => cursorFor(states.map((s) => ({ ...s })));
  try {
    while (pending.size > 0) {
      if (signal?.aborted) throw signal.reason;
      const { index, result } = await Promise.race(pending.values());
      if (result.done) {
        pending.delete(index);
        states[index]!.done = true;
        continue;
      }
      if (held) yield { ...held, cursor: snapshot() };
      const s = states[index]!;
      s.value = result.value.position.value;
      if (result.value.position.key) s.key = result.value.position.key;
      held = result.value.batch;
      arm(index);
    }
    if (held) yield { ...held, cursor: snapshot() };
  } finally {
    // Stops the ranges still running (a consumer that breaks early, or a failed range); their
    // pending reads may still fail, which nobody needs to hear about any more.
    for (const p of pending.values()) p.catch(() => {});
    await Promise.allSettled(iterators.map((it, i) => (it && pending.has(i) ? it.return?.() : undefined)));
  }
}

/** After a finished parallel incremental read: the position of the last row of the highest range. */
export function lastPosition(states: RangeState[]): Position | undefined {
  for (let i = states.length - 1; i >= 0; i--) {
    const s = states[i]!;
    if (s.value !== undefined) return { value: s.value as CursorValue, ...(s.key ? { key: s.key } : {}) };
  }
  return undefined;
}
