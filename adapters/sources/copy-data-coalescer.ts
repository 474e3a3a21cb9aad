/**
 * Merges runs of consecutive CopyData messages in PostgreSQL's wire stream into one CopyData
 * message each, and hands on every other message unchanged, in order.
 *
 * The server sends one CopyData message per row of `COPY … TO STDOUT` (PostgreSQL docs,
 * "Frontend/Backend Protocol", Message Formats, CopyData). The messages are parts of one data
 * stream, not meant to be read on their own, and postgres.js only hands each one's bytes on as a
 * stream chunk, which both our COPY readers take however the rows are cut. But it handles each
 * message on its own: a length read, three buffer views and a stream push per row, which cost
 * more than our whole parse of the row. Merged, the driver does that once per socket read.
 *
 * A message is `type (1 byte) | length (4 bytes, big-endian, counting itself) | body`. The run's
 * bodies are moved together in place, behind the first message's header, whose length is then
 * rewritten: no copy of the socket's bytes beyond that move. Only a message cut by the end of a
 * read is copied, once it is whole. Everything handed on is whole messages, so the driver's own
 * framing never holds a partial one.
 */

const COPY_DATA = 100; // 'd'
const HEADER = 5;

export class CopyDataCoalescer {
  /** The pieces of a message cut by the end of a read, and their total length. */
  private pieces: Uint8Array[] = [];
  private have = 0;

  /** `deliver` gets whole messages, each call one or more of them back to back. */
  constructor(private readonly deliver: (messages: Uint8Array) => void) {}

  push(chunk: Uint8Array): void {
    let at = 0;
    if (this.have > 0) {
      at = this.completePartial(chunk);
      if (at < 0) return;
    }
    let segment = at;
    let run = -1;
    let write = 0;
    while (at + HEADER <= chunk.length) {
      const length = lengthAt(chunk, at);
      const end = at + 1 + length;
      if (end > chunk.length) break;
      if (chunk[at] === COPY_DATA && length >= 4) {
        if (run < 0) {
          if (segment < at) this.deliver(chunk.subarray(segment, at));
          run = at;
          write = end;
        } else {
          chunk.copyWithin(write, at + HEADER, end);
          write += length - 4;
        }
      } else if (run >= 0) {
        this.endRun(chunk, run, write);
        run = -1;
        segment = at;
      }
      at = end;
    }
    if (run >= 0) this.endRun(chunk, run, write);
    else if (segment < at) this.deliver(chunk.subarray(segment, at));
    this.add(chunk.subarray(at));
  }

  private endRun(chunk: Uint8Array, run: number, write: number): void {
    const length = write - run - 1;
    chunk[run + 1] = length >>> 24;
    chunk[run + 2] = (length >>> 16) & 0xff;
    chunk[run + 3] = (length >>> 8) & 0xff;
    chunk[run + 4] = length & 0xff;
    this.deliver(chunk.subarray(run, write));
  }

  /**
   * Adds the start of `chunk` to the cut message; delivers it when whole and returns where the
   * rest of the chunk begins, or -1 when the chunk did not complete it.
   */
  private completePartial(chunk: Uint8Array): number {
    let at = 0;
    if (this.have < HEADER) {
      at = Math.min(HEADER - this.have, chunk.length);
      this.add(chunk.subarray(0, at));
      if (this.have < HEADER) return -1;
    }
    const whole = 1 + lengthAt(this.joined(HEADER), 0);
    if (whole < HEADER) {
      // Not a message PostgreSQL sends: the driver gets the bytes as they are, and reports them.
      const bytes = this.joined(this.have);
      this.pieces = [];
      this.have = 0;
      this.deliver(bytes);
      return at;
    }
    const take = Math.min(whole - this.have, chunk.length - at);
    this.add(chunk.subarray(at, at + take));
    at += take;
    if (this.have < whole) return -1;
    const message = this.joined(whole);
    this.pieces = [];
    this.have = 0;
    this.deliver(message);
    return at;
  }

  /** Keeps a copy: the next read may come in the same buffer (and a Buffer's `slice` is a view). */
  private add(view: Uint8Array): void {
    if (view.length === 0) return;
    this.pieces.push(new Uint8Array(view));
    this.have += view.length;
  }

  /** The first `n` bytes of the pieces as one array. */
  private joined(n: number): Uint8Array {
    if (this.pieces[0]!.length >= n) return this.pieces[0]!.subarray(0, n);
    const out = new Uint8Array(n);
    let at = 0;
    for (const p of this.pieces) {
      const part = p.subarray(0, Math.min(p.length, n - at));
      out.set(part, at);
      at += part.length;
      if (at === n) break;
    }
    return out;
  }
}

/** The big-endian length field of the message at `at`. */
function lengthAt(b: Uint8Array, at: number): number {
  return ((b[at + 1]! << 24) | (b[at + 2]! << 16) | (b[at + 3]! << 8) | b[at + 4]!) >>> 0;
}
