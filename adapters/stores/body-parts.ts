/**
 * Cuts a body of unknown length into fixed-size parts while it streams in, for the multipart
 * uploads of the S3 and R2 stores: only the part being filled is held, whatever the chunking.
 */
import { concatBytes } from "../../runtime/concat-bytes.ts";

/** Yields `size`-byte parts (the last one shorter) from bytes or a stream of any chunking. */
export async function* partsOf(body: Uint8Array | ReadableStream<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  if (body instanceof Uint8Array) {
    for (let at = 0; at < body.byteLength; at += size) yield body.subarray(at, at + size);
    return;
  }
  const reader = body.getReader();
  let chunks: Uint8Array[] = [];
  let held = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let chunk = value;
      while (held + chunk.byteLength >= size) {
        const take = size - held;
        chunks.push(chunk.subarray(0, take));
        yield concatBytes(chunks, size);
        chunks = [];
        held = 0;
        chunk = chunk.subarray(take);
      }
      if (chunk.byteLength > 0) {
        chunks.push(chunk);
        held += chunk.byteLength;
      }
    }
    if (held > 0) yield concatBytes(chunks, held);
  } finally {
    reader.releaseLock();
  }
}

