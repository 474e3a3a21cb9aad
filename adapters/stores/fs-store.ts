/**
 * fsStore: an ObjectStore in a local directory, root `file:///abs/dir`.
 *
 * Every write goes to a temp file under `<dir>/.dativo-tmp/` first and is then moved into place in
 * one step, so a reader sees the old object or the new one, never half a file:
 * - `ifNoneMatch: "*"`: `link(temp, target)`, which the OS refuses atomically when the target
 *   exists — safe across processes and hosts sharing a POSIX file system.
 * - `ifMatch`: compare the etag, then `rename(temp, target)`, under a per-path lock: an in-process
 *   queue plus a lock file `<target>.dativo-lock` created with `link()` (atomic across processes),
 *   so two processes committing to one table through the files catalog never both win. A lock
 *   left by a killed process is taken over once it is older than `STALE_LOCK_MS`.
 * - otherwise: `rename(temp, target)`.
 *
 * Etag: the file's inode, nanosecond mtime and size (`FsStat.version`), not a content hash, so a
 * multi-GB put is not read twice. `link`/`rename` keep the inode, so the etag is known the moment
 * the file lands.
 *
 * A file system cannot hold both `a` and `a/b`; a put that needs that fails with `store.io`.
 */
import { IngestError } from "../../runtime/errors.ts";
import type { GetOptions, ObjectInfo, ObjectStore, PutOptions } from "../../runtime/object-store.ts";
import type { FsApi, FsStat } from "./fs-api.ts";
import { checkKey, clampRange, compareKeys, preconditionFailed } from "./store-keys.ts";

const tempDir = ".dativo-tmp";

/** Per-path chains of pending writes, shared by every fsStore of this process. */
const locks = new Map<string, Promise<unknown>>();

async function withLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const previous = locks.get(path) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => {});
  locks.set(path, tail);
  try {
    return await run;
  } finally {
    if (locks.get(path) === tail) locks.delete(path);
  }
}

/** The critical section is one stat and one rename; a lock this old belongs to a dead process. */
const STALE_LOCK_MS = 10_000;
const LOCK_WAIT_MS = 30_000;

async function withFileLock<T>(fs: FsApi, lockPath: string, tempDirPath: string, fn: () => Promise<T>): Promise<T> {
  const token = `${tempDirPath}/${crypto.randomUUID()}.lock`;
  const writer = await fs.createFile(token);
  await writer.close();
  const deadline = Date.now() + LOCK_WAIT_MS;
  try {
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      if (await fs.link(token, lockPath)) break;
      const held = await fs.stat(lockPath);
      if (held && Date.now() - held.mtime.getTime() > STALE_LOCK_MS) {
        await fs.unlink(lockPath);
        continue;
      }
      if (Date.now() > deadline) {
        throw new IngestError("store.unreachable", `fs store lock ${lockPath} is still held after ${LOCK_WAIT_MS / 1000} s; another writer is stuck — remove the file if no dativo process is running`, { lockPath });
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    try {
      return await fn();
    } finally {
      await fs.unlink(lockPath);
    }
  } finally {
    await fs.unlink(token);
  }
}

function infoOf(key: string, s: FsStat): ObjectInfo {
  return { key, size: s.size, etag: s.version, lastModified: s.mtime };
}

export function fsStore(dir: string, fs: FsApi): ObjectStore {
  const base = dir.replace(/\/+$/, "");
  if (!base.startsWith("/")) {
    throw new IngestError("config.invalid", `fs store directory ${JSON.stringify(dir)} is not absolute; resolve it against the working directory first`, { dir });
  }
  const root = `file://${base}`;
  const pathOf = (key: string) => `${base}/${checkKey(root, key)}`;

  const ioError = (action: string, key: string, e: unknown): IngestError => {
    if (e instanceof IngestError) return e;
    const code = (e as { code?: string } | null)?.code;
    const denied = code === "EACCES" || code === "EPERM";
    const message = denied
      ? `fs store cannot ${action} ${JSON.stringify(key)} in ${base}: permission denied (${code}); give this process access to the directory`
      : `fs store cannot ${action} ${JSON.stringify(key)} in ${base}: ${(e as Error)?.message ?? String(e)}`;
    return new IngestError(denied ? "store.denied" : "store.io", message, { root, key, errno: code }, { cause: e });
  };

  const writeTemp = async (body: Uint8Array | ReadableStream<Uint8Array>): Promise<string> => {
    await fs.mkdir(`${base}/${tempDir}`);
    const temp = `${base}/${tempDir}/${crypto.randomUUID()}`;
    const writer = await fs.createFile(temp);
    try {
      if (body instanceof Uint8Array) {
        await writer.write(body);
      } else {
        const reader = body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          await writer.write(value);
        }
      }
    } catch (e) {
      await writer.abort();
      await fs.unlink(temp);
      throw e;
    }
    await writer.close();
    return temp;
  };

  const place = async (key: string, path: string, temp: string, options: PutOptions): Promise<ObjectInfo> => {
    await fs.mkdir(path.slice(0, path.lastIndexOf("/")));
    const written = await fs.stat(temp);
    if (!written) throw new IngestError("store.io", `fs store lost its temp file ${temp} while writing ${JSON.stringify(key)}; check that nothing cleans ${base}/${tempDir}`, { root, key });
    if (options.ifNoneMatch === "*") {
      if (!(await fs.link(temp, path))) throw preconditionFailed(root, key, "ifNoneMatch *");
      await fs.unlink(temp);
      return infoOf(key, written);
    }
    if (options.ifMatch !== undefined) {
      const expected = options.ifMatch;
      return withFileLock(fs, `${path}.dativo-lock`, `${base}/${tempDir}`, async () => {
        const current = await fs.stat(path);
        if (current?.version !== expected) throw preconditionFailed(root, key, `ifMatch ${expected}`);
        await fs.rename(temp, path);
        return infoOf(key, written);
      });
    }
    await fs.rename(temp, path);
    return infoOf(key, written);
  };

  return {
    root,

    async get(key: string, options?: GetOptions) {
      const path = pathOf(key);
      try {
        if (!options?.range) return await fs.readFile(path);
        const s = await fs.stat(path);
        if (!s) return null;
        const [start, end] = clampRange(s.size, options.range);
        return await fs.readFile(path, { start, end });
      } catch (e) {
        throw ioError("read", key, e);
      }
    },

    async getStream(key: string) {
      const path = pathOf(key);
      try {
        return await fs.readStream(path);
      } catch (e) {
        throw ioError("read", key, e);
      }
    },

    async put(key: string, body: Uint8Array | ReadableStream<Uint8Array>, options: PutOptions = {}) {
      const path = pathOf(key);
      if (key === tempDir || key.startsWith(`${tempDir}/`)) {
        throw new IngestError("store.io", `fs store reserves ${tempDir}/ for its temp files; choose another key than ${JSON.stringify(key)}`, { root, key });
      }
      let temp: string | undefined;
      try {
        temp = await writeTemp(body);
        const t = temp;
        return await withLock(path, () => place(key, path, t, options));
      } catch (e) {
        if (temp) await fs.unlink(temp).catch(() => {});
        throw ioError("write", key, e);
      }
    },

    async head(key: string) {
      try {
        const s = await fs.stat(pathOf(key));
        return s ? infoOf(key, s) : null;
      } catch (e) {
        throw ioError("stat", key, e);
      }
    },

    async *list(prefix: string) {
      // Walk only the deepest directory the prefix names, not the whole root.
      const cut = prefix.lastIndexOf("/");
      const dirPart = cut >= 0 ? prefix.slice(0, cut + 1) : "";
      let files: string[];
      try {
        files = await fs.readdir(dirPart ? `${base}/${dirPart.slice(0, -1)}` : base);
      } catch (e) {
        throw ioError("list", prefix, e);
      }
      const keys = files
        .map((rel) => dirPart + rel)
        .filter((k) => k.startsWith(prefix) && !k.startsWith(`${tempDir}/`) && !k.endsWith(".dativo-lock"))
        .sort(compareKeys);
      for (let i = 0; i < keys.length; i += 64) {
        const batch = keys.slice(i, i + 64);
        const stats = await Promise.all(batch.map((k) => fs.stat(`${base}/${k}`)));
        for (let j = 0; j < batch.length; j++) {
          const s = stats[j];
          if (s) yield infoOf(batch[j]!, s);
        }
      }
    },

    async delete(key: string) {
      const path = pathOf(key);
      try {
        await withLock(path, () => fs.unlink(path));
      } catch (e) {
        throw ioError("delete", key, e);
      }
    },
  };
}
