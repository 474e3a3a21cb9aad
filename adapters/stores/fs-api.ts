/**
 * FsApi: the few file-system calls `fsStore` needs, handed in by a platform root so that the store
 * itself stays free of `node:*` (DESIGN.md, dependency rule). `nodeFsApi` (node-fs-api.ts)
 * implements it for Bun and Deno.
 *
 * Paths are absolute and `/`-separated. Failures other than the ones each method turns into a
 * return value are thrown as the host's errors; `fsStore` maps them to `IngestError`s.
 */

export interface FsStat {
  size: number;
  mtime: Date;
  /**
   * Changes whenever the file at the path is replaced or rewritten (Node: inode, nanosecond
   * mtime and size). Kept across `link` and `rename`, which is what lets a store know the
   * version of a file it just moved into place.
   */
  version: string;
}

export interface FsWriter {
  write(chunk: Uint8Array): Promise<void>;
  /** Flushes to stable storage, then closes. */
  close(): Promise<void>;
  /** Closes without flushing after a failed write; never throws. */
  abort(): Promise<void>;
}

export interface FsApi {
  /** Bytes `[start, end)` of a regular file (all of it without a range); null when there is none. */
  readFile(path: string, range?: { start: number; end: number }): Promise<Uint8Array | null>;
  /** Streams a regular file; null when there is none. Keeps reading the file it opened even if the path is replaced meanwhile. */
  readStream(path: string): Promise<ReadableStream<Uint8Array> | null>;
  /** Creates a new file, failing when the path exists (exclusive create). */
  createFile(path: string): Promise<FsWriter>;
  /** Hard-links `existing` at `newPath` atomically; false (and no change) when `newPath` exists. */
  link(existing: string, newPath: string): Promise<boolean>;
  /** Atomically replaces `to` with `from`. */
  rename(from: string, to: string): Promise<void>;
  /** A regular file's stat; null when the path is missing or not a regular file. */
  stat(path: string): Promise<FsStat | null>;
  /** Every regular file below `dir`, as `/`-separated paths relative to it; empty when `dir` is missing. */
  readdir(dir: string): Promise<string[]>;
  /** Removes a file; a missing one is not an error. */
  unlink(path: string): Promise<void>;
  /** Creates a directory and its parents; an existing one is not an error. */
  mkdir(path: string): Promise<void>;
}
