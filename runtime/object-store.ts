/**
 * ObjectStore: bytes at keys. Implementations: memory, fs, s3 (any S3 API that honours
 * conditional writes), r2 (Worker binding), opfs (browser).
 *
 * Keys are relative, `/`-separated, never starting with `/`. Every store has a `root` URI
 * (`file:///abs/dir`, `s3://bucket/prefix`, `memory://name`) so that Iceberg metadata, which
 * holds absolute locations, can be mapped back to keys with `keyOf`.
 */

export interface ObjectInfo {
  key: string;
  size: number;
  /** Opaque version tag; pass it back as `ifMatch`. */
  etag: string;
  lastModified: Date;
}

export interface PutOptions {
  /** `"*"`: create only; fails with `store.precondition_failed` when the key exists. */
  ifNoneMatch?: "*";
  /** Replace only when the current etag equals this one; else `store.precondition_failed`. */
  ifMatch?: string;
  contentType?: string;
}

export interface GetOptions {
  /** Byte range, inclusive start, exclusive end (`end` omitted: to the end of the object). */
  range?: { start: number; end?: number };
}

export interface ObjectStore {
  /** `file:///…`, `s3://bucket/prefix`, `memory://name` — no trailing slash. */
  readonly root: string;
  /** Returns null when the key does not exist. */
  get(key: string, options?: GetOptions): Promise<Uint8Array | null>;
  /** Streams the object; null when it does not exist. */
  getStream(key: string): Promise<ReadableStream<Uint8Array> | null>;
  put(key: string, body: Uint8Array | ReadableStream<Uint8Array>, options?: PutOptions): Promise<ObjectInfo>;
  head(key: string): Promise<ObjectInfo | null>;
  /** All objects whose key starts with `prefix`, in lexicographic key order. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
}

/** The absolute URI of a key in a store. */
export function uriOf(store: ObjectStore, key: string): string {
  return `${store.root}/${key}`;
}

/** The key of an absolute URI inside a store, or null when the URI is outside it. */
export function keyOf(store: ObjectStore, uri: string): string | null {
  const root = store.root + "/";
  // s3a:// and s3n:// name the same objects as s3:// (Hadoop writers use them).
  const normalized = uri.replace(/^s3[an]:\/\//, "s3://");
  if (!normalized.startsWith(root)) return null;
  const key = normalized.slice(root.length);
  if (key.split("/").some((part) => part === ".." || part === ".")) return null;
  return key;
}
