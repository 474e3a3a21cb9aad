/**
 * opfsStore: an ObjectStore in the browser's Origin Private File System, over a
 * FileSystemDirectoryHandle (`await navigator.storage.getDirectory()`), root `opfs://<name>`.
 * Keys map to nested directories, as in the fs store (so `a` and `a/b` cannot both exist).
 *
 * - Writes go through `createWritable()`, which writes a swap file and replaces the target on
 *   `close()` (File System Standard, "FileSystemWritableFileStream"): readers never see half.
 * - OPFS has no create-if-absent or compare-and-swap, so every write to a key runs under a lock:
 *   the Web Locks API where present (held across tabs and workers of the origin), else an
 *   in-page one.
 * - Etag: the file's lastModified (ms) and size. Under the lock a write waits for the clock to pass
 *   the previous version's lastModified, so consecutive versions never share an etag.
 */
import { IngestError } from "../../runtime/errors.ts";
import type { GetOptions, ObjectInfo, ObjectStore, PutOptions } from "../../runtime/object-store.ts";
import { checkKey, clampRange, compareKeys, preconditionFailed } from "./store-keys.ts";

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

const pageLocks = new Map<string, Promise<unknown>>();

function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  if (locks) return locks.request(name, fn);
  const run = (pageLocks.get(name) ?? Promise.resolve()).then(fn, fn);
  pageLocks.set(name, run.catch(() => {}));
  return run;
}

const isMissing = (e: unknown) => {
  const name = (e as { name?: string } | null)?.name;
  return name === "NotFoundError" || name === "TypeMismatchError";
};

const etagOf = (file: File) => `${file.lastModified.toString(36)}-${file.size.toString(36)}`;

export function opfsStore(dir: FileSystemDirectoryHandle, name = "default"): ObjectStore {
  const root = `opfs://${name}`;

  const wrap = async <T>(action: string, key: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof IngestError) throw e;
      const n = (e as { name?: string } | null)?.name;
      const code = n === "NotAllowedError" || n === "SecurityError" ? "store.denied" : "store.io";
      throw new IngestError(code, `opfs ${action} of ${JSON.stringify(key)} in ${root} failed: ${n ?? ""} ${(e as Error)?.message ?? String(e)}`, { root, key }, { cause: e });
    }
  };

  /** The file handle of a key, or null; with `create`, makes the directories on the way. */
  const fileHandle = async (key: string, create: boolean): Promise<FileSystemFileHandle | null> => {
    const parts = checkKey(root, key).split("/");
    let d = dir;
    try {
      for (const part of parts.slice(0, -1)) d = await d.getDirectoryHandle(part, { create });
      return await d.getFileHandle(parts[parts.length - 1]!, { create });
    } catch (e) {
      if (!create && isMissing(e)) return null;
      throw e;
    }
  };

  const fileOf = async (key: string): Promise<File | null> => {
    const h = await fileHandle(key, false);
    return h ? h.getFile() : null;
  };

  const infoOf = (key: string, f: File): ObjectInfo => ({ key, size: f.size, etag: etagOf(f), lastModified: new Date(f.lastModified) });

  async function* walk(d: FileSystemDirectoryHandle, path: string): AsyncGenerator<[string, FileSystemFileHandle]> {
    for await (const [entryName, handle] of (d as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
      const key = path + entryName;
      if (handle.kind === "directory") yield* walk(handle as FileSystemDirectoryHandle, `${key}/`);
      else yield [key, handle as FileSystemFileHandle];
    }
  }

  return {
    root,

    get: (key: string, options?: GetOptions) =>
      wrap("get", key, async () => {
        const f = await fileOf(key);
        if (!f) return null;
        const [start, end] = clampRange(f.size, options?.range);
        return new Uint8Array(await f.slice(start, end).arrayBuffer());
      }),

    getStream: (key: string) =>
      wrap("get", key, async () => {
        const f = await fileOf(key);
        return f ? (f.stream() as ReadableStream<Uint8Array>) : null;
      }),

    put: (key: string, body: Uint8Array | ReadableStream<Uint8Array>, options: PutOptions = {}) =>
      wrap("put", key, () =>
        withLock(`dativo-opfs:${name}:${key}`, async () => {
          const current = await fileOf(key);
          if (options.ifNoneMatch === "*" && current) throw preconditionFailed(root, key, "ifNoneMatch *");
          if (options.ifMatch !== undefined && (!current || etagOf(current) !== options.ifMatch)) {
            throw preconditionFailed(root, key, `ifMatch ${options.ifMatch}`);
          }
          if (current) while (Date.now() <= current.lastModified) await new Promise((r) => setTimeout(r, 1));
          const handle = (await fileHandle(key, true))!;
          const writable = await handle.createWritable();
          try {
            if (body instanceof Uint8Array) await writable.write(body as Uint8Array<ArrayBuffer>);
            else await (body as ReadableStream<Uint8Array<ArrayBuffer>>).pipeTo(writable, { preventClose: true });
            await writable.close();
          } catch (e) {
            await writable.abort().catch(() => {});
            throw e;
          }
          return infoOf(key, await handle.getFile());
        }),
      ),

    head: (key: string) =>
      wrap("head", key, async () => {
        const f = await fileOf(key);
        return f ? infoOf(key, f) : null;
      }),

    async *list(prefix: string) {
      const found: [string, FileSystemFileHandle][] = [];
      await wrap("list", prefix, async () => {
        for await (const entry of walk(dir, "")) if (entry[0].startsWith(prefix)) found.push(entry);
      });
      found.sort((a, b) => compareKeys(a[0], b[0]));
      for (const [key, handle] of found) {
        const f = await handle.getFile().catch(() => null);
        if (f) yield infoOf(key, f);
      }
    },

    delete: (key: string) =>
      wrap("delete", key, () =>
        withLock(`dativo-opfs:${name}:${key}`, async () => {
          const parts = checkKey(root, key).split("/");
          let d = dir;
          try {
            for (const part of parts.slice(0, -1)) d = await d.getDirectoryHandle(part);
            await d.removeEntry(parts[parts.length - 1]!);
          } catch (e) {
            if (!isMissing(e)) throw e;
          }
        }),
      ),
  };
}
