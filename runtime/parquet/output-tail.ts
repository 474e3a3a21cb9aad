/**
 * The last `limit` bytes of a stream of chunks, where a Parquet footer is. Chunks are copied once
 * as they pass (the store may reuse or hand off a chunk's buffer) and dropped once newer ones
 * cover the tail; re-copying the whole tail per chunk cost a 4 MiB copy for every chunk of a file.
 */
export class OutputTail {
  private parts: Uint8Array[] = [];
  private size = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Uint8Array): void {
    const part = chunk.byteLength > this.limit ? chunk.slice(chunk.byteLength - this.limit) : chunk.slice();
    this.parts.push(part);
    this.size += part.byteLength;
    while (this.size - this.parts[0]!.byteLength >= this.limit) this.size -= this.parts.shift()!.byteLength;
  }

  /** The last `limit` bytes seen (all of them when fewer). */
  bytes(): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(Math.min(this.size, this.limit));
    let end = out.length;
    for (let i = this.parts.length - 1; i >= 0 && end > 0; i--) {
      const p = this.parts[i]!;
      const take = Math.min(p.byteLength, end);
      out.set(p.subarray(p.byteLength - take), end - take);
      end -= take;
    }
    return out;
  }
}
