/**
 * The last `limit` bytes of a stream of chunks, where a Parquet footer is. Each chunk's last
 * bytes are copied as they pass (the store may reuse or hand off a chunk's buffer) into one ring
 * buffer that grows to `limit`: a copy per chunk of a new buffer cost an allocation per chunk,
 * and re-copying the whole tail per chunk a 4 MiB copy for every chunk of a file.
 */
export class OutputTail {
  private ring = new Uint8Array(0);
  /** Bytes seen in all; the next byte goes to `seen % ring.length` once the ring is full size. */
  private seen = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Uint8Array): void {
    const part = chunk.byteLength > this.limit ? chunk.subarray(chunk.byteLength - this.limit) : chunk;
    this.seen += chunk.byteLength - part.byteLength;
    if (this.ring.length < this.limit && this.seen + part.byteLength > this.ring.length) this.grow(this.seen + part.byteLength);
    const n = this.ring.length;
    const at = this.seen % n;
    const first = Math.min(part.byteLength, n - at);
    this.ring.set(part.subarray(0, first), at);
    if (first < part.byteLength) this.ring.set(part.subarray(first), 0);
    this.seen += part.byteLength;
  }

  /** The last `limit` bytes seen (all of them when fewer). */
  bytes(): Uint8Array<ArrayBuffer> {
    const n = this.ring.length;
    const size = Math.min(this.seen, n);
    const out = new Uint8Array(size);
    const end = this.seen % n;
    if (this.seen <= n) out.set(this.ring.subarray(0, size));
    else {
      out.set(this.ring.subarray(end), 0);
      out.set(this.ring.subarray(0, end), n - end);
    }
    return out;
  }

  /** Grows the ring (while it holds bytes from 0, unwrapped) to hold `need` bytes, up to `limit`. */
  private grow(need: number): void {
    let size = Math.max(64 * 1024, this.ring.length);
    while (size < need && size < this.limit) size *= 2;
    const ring = new Uint8Array(Math.min(size, this.limit));
    ring.set(this.ring.subarray(0, Math.min(this.seen, this.ring.length)));
    this.ring = ring;
  }
}
