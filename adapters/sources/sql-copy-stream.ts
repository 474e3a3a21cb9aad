/**
 * Taking the data of a postgres.js `COPY … TO STDOUT` stream as it arrives.
 *
 * postgres.js delivers each CopyData message with `stream.push(chunk)` and pauses the socket when
 * that returns false; the stream's `_read` resumes it (postgres.js src/connection.js, CopyData and
 * CopyOutResponse). Going through the Readable's buffer costs a queue entry and a promise per row;
 * replacing `push` hands every row straight to the parser and keeps the same back-pressure: return
 * false to pause, call `resume()` to go on. Errors still arrive as the stream's `error` event.
 *
 * The tap is set when postgres.js resolves the query with its stream (CopyOutResponse), before any
 * row or error can reach the stream: an error arriving in the same socket read would otherwise be
 * emitted before anyone listens.
 *
 * The socket must also be resumed once more after the end or an error: postgres.js only resumes it
 * from `_read`, so if it was paused by the last row, the messages after CopyDone or the error
 * (CommandComplete, ReadyForQuery, the next query's answer) would never be read and the
 * connection would hang.
 */

export interface CopyStream {
  read(): Uint8Array | null;
  push(chunk: Uint8Array | null): boolean;
  on(event: string, fn: (arg?: unknown) => void): void;
  destroyed?: boolean;
  errored?: unknown;
  _read?: () => void;
  _readableState?: { ended?: boolean };
}

export interface CopySink {
  /** One or more whole rows (or a part of one); false pauses the socket. */
  chunk(data: Uint8Array): boolean;
  end(): void;
  error(e: unknown): void;
}

export interface CopyTap {
  /** Lets data flow again after `chunk` returned false. */
  resume(): void;
}

export function tapCopyStream(stream: CopyStream, sink: CopySink): CopyTap {
  let paused = false;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    stream._read?.();
    sink.end();
  };
  stream.on("error", (e) => {
    // The connection is idle again after the error, but its socket may still be paused.
    stream._read?.();
    sink.error(e);
  });
  // Rows that arrived in the same socket read as the CopyOutResponse are already buffered.
  for (let c = stream.read(); c !== null; c = stream.read()) if (!sink.chunk(c)) paused = true;
  if (stream.errored) sink.error(stream.errored);
  else if (stream._readableState?.ended) end();
  stream.push = (chunk) => {
    if (chunk === null) {
      end();
      return true;
    }
    const more = sink.chunk(chunk);
    if (!more) paused = true;
    return more;
  };
  return {
    resume() {
      if (!paused) return;
      paused = false;
      stream._read?.();
    },
  };
}

/** Runs a `COPY … TO STDOUT` query (a postgres.js PendingQuery) with `sink` tapped onto its stream. */
export async function tapCopyQuery(query: PromiseLike<unknown> & { readable(): Promise<unknown> }, sink: CopySink): Promise<CopyTap> {
  let tap: CopyTap | undefined;
  const q = query as unknown as { resolve: (x: unknown) => void };
  const resolve = q.resolve;
  q.resolve = (x: unknown) => {
    if (!tap && x && typeof (x as { pipe?: unknown }).pipe === "function") tap = tapCopyStream(x as CopyStream, sink);
    resolve(x);
  };
  const stream = await query.readable();
  return tap ?? tapCopyStream(stream as CopyStream, sink);
}
