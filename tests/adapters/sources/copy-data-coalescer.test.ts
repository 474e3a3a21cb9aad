import fc from "fast-check";
import { describe, expect, it } from "bun:test";
import { CopyDataCoalescer } from "../../../adapters/sources/copy-data-coalescer.ts";

interface Message {
  type: number;
  body: number[];
}

const D = 100;

function wire(messages: Message[]): Uint8Array {
  const out: number[] = [];
  for (const m of messages) {
    const n = m.body.length + 4;
    out.push(m.type, n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff, ...m.body);
  }
  return Uint8Array.from(out);
}

/** Parses `bytes` into messages; throws unless it is whole messages exactly. */
function messagesOf(bytes: Uint8Array): Message[] {
  const out: Message[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 5 > bytes.length) throw new Error(`a cut header at ${at}`);
    const n = ((bytes[at + 1]! << 24) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 8) | bytes[at + 4]!) >>> 0;
    if (at + 1 + n > bytes.length) throw new Error(`a cut message at ${at}`);
    out.push({ type: bytes[at]!, body: Array.from(bytes.subarray(at + 5, at + 1 + n)) });
    at += 1 + n;
  }
  return out;
}

/** Non-CopyData messages as they are, and each run of CopyData as the concatenation of its bodies. */
function meaning(messages: Message[]): Message[] {
  const out: Message[] = [];
  for (const m of messages) {
    const last = out[out.length - 1];
    if (m.type === D && last?.type === D) last.body.push(...m.body);
    else out.push({ type: m.type, body: [...m.body] });
  }
  return out.filter((m) => m.type !== D || m.body.length > 0);
}

function run(bytes: Uint8Array, cuts: number[], asBuffer = false): Message[] {
  const delivered: Message[] = [];
  const c = new CopyDataCoalescer((b) => delivered.push(...messagesOf(b.slice())));
  let from = 0;
  for (const to of [...cuts.filter((x) => x > 0 && x < bytes.length).sort((a, b) => a - b), bytes.length]) {
    // Node Buffers, as a socket gives them: their `slice` is a view, not a copy.
    const chunk = asBuffer ? Buffer.from(bytes.slice(from, to)) : bytes.slice(from, to);
    c.push(chunk);
    // The socket may reuse a read's buffer: nothing may still point into it.
    chunk.fill(0xee);
    from = to;
  }
  return delivered;
}

const message = fc.record({
  type: fc.constantFrom(D, D, D, D, 67, 69, 72, 90, 99),
  body: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }),
});

describe("CopyDataCoalescer", () => {
  it("hands on whole messages with the same meaning, however the stream is cut", () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 30 }), fc.array(fc.nat(2000), { maxLength: 12 }), fc.boolean(), (messages, cuts, asBuffer) => {
        const bytes = wire(messages);
        expect(meaning(run(bytes, cuts, asBuffer))).toEqual(meaning(messages));
      }),
      { numRuns: 2000 },
    );
  });

  it("merges a run of CopyData in one read into one message, and keeps other messages apart", () => {
    const rows: Message[] = Array.from({ length: 50 }, (_, i) => ({ type: D, body: Array.from(new TextEncoder().encode(`${i}\trow ${i}\n`)) }));
    const done: Message[] = [{ type: 99, body: [] }, { type: 67, body: Array.from(new TextEncoder().encode("COPY 50\0")) }, { type: 90, body: [73] }];
    const got = run(wire([{ type: 72, body: [0, 0, 2, 0, 0, 0, 0] }, ...rows, ...done]), []);
    expect(got.map((m) => m.type)).toEqual([72, D, 99, 67, 90]);
    expect(new TextDecoder().decode(Uint8Array.from(got[1]!.body))).toBe(rows.map((r) => new TextDecoder().decode(Uint8Array.from(r.body))).join(""));
  });

  it("joins a message cut across many reads, one byte at a time", () => {
    const messages: Message[] = [{ type: D, body: Array.from({ length: 300 }, (_, i) => i & 0xff) }, { type: 90, body: [73] }];
    const bytes = wire(messages);
    const got = run(bytes, Array.from({ length: bytes.length }, (_, i) => i));
    expect(got).toEqual(messages);
  });
});
