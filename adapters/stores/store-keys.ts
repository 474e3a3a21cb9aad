/**
 * Helpers every ObjectStore implementation shares: key validation, the key order `list` promises,
 * and draining a body into bytes.
 */
import { concatBytes } from "../../runtime/concat-bytes.ts";
import { IngestError } from "../../runtime/errors.ts";

/**
 * Rejects keys the ObjectStore contract rules out (runtime/object-store.ts): empty, absolute,
 * `.`/`..` segments or empty segments. A key like `a/../b` would escape a file-system root, and
 * S3 would store it verbatim, so the same key would name different things in different stores.
 */
export function checkKey(root: string, key: string): string {
  const bad =
    key.length === 0 ||
    key.startsWith("/") ||
    key.includes("\0") ||
    key.split("/").some((part) => part === "" || part === "." || part === "..");
  if (bad) {
    throw new IngestError(
      "store.io",
      `object key ${JSON.stringify(key)} is not valid in store ${root}; keys are relative, "/"-separated, without empty, "." or ".." segments`,
      { root, key },
    );
  }
  return key;
}

/**
 * Orders keys by Unicode code point, which is the UTF-8 byte order S3 lists in. Plain `<` on JS
 * strings compares UTF-16 code units and puts U+E000–U+FFFF after astral characters.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Reads a whole body into one array (used where a store needs the bytes at once). */
export async function bytesOf(body: Uint8Array | ReadableStream<Uint8Array>): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  return concatBytes(chunks, size);
}

/** Clamps an inclusive-start, exclusive-end range to an object of `size` bytes. */
export function clampRange(size: number, range?: { start: number; end?: number }): [number, number] {
  if (!range) return [0, size];
  const start = Math.min(Math.max(0, range.start), size);
  const end = Math.min(Math.max(start, range.end ?? size), size);
  return [start, end];
}

/** The error every store throws when a conditional put loses. */
export function preconditionFailed(root: string, key: string, condition: string): IngestError {
  return new IngestError(
    "store.precondition_failed",
    `conditional put of ${JSON.stringify(key)} in ${root} failed (${condition}); another writer changed it first — reload and retry`,
    { root, key, condition },
  );
}
