/**
 * memoryStore: an ObjectStore in a Map, for tests and for runs that keep nothing. Each call makes
 * a new, empty store; `name` only shapes the root URI (`memory://<name>`).
 */
import type { GetOptions, ObjectInfo, ObjectStore, PutOptions } from "../../runtime/object-store.ts";
import { bytesOf, checkKey, clampRange, compareKeys, preconditionFailed } from "./store-keys.ts";

interface Entry {
  bytes: Uint8Array;
  info: ObjectInfo;
}

export function memoryStore(name = "default"): ObjectStore {
  const root = `memory://${name}`;
  const objects = new Map<string, Entry>();
  // A counter, not a content hash: rewriting the same bytes still changes the etag, so an
  // `ifMatch` taken before the rewrite fails as it would against a real store's new version.
  let version = 0;

  return {
    root,

    async get(key: string, options?: GetOptions) {
      const entry = objects.get(checkKey(root, key));
      if (!entry) return null;
      const [start, end] = clampRange(entry.bytes.byteLength, options?.range);
      return entry.bytes.slice(start, end);
    },

    async getStream(key: string) {
      const entry = objects.get(checkKey(root, key));
      if (!entry) return null;
      const bytes = entry.bytes;
      return new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes.slice());
          controller.close();
        },
      });
    },

    async put(key: string, body: Uint8Array | ReadableStream<Uint8Array>, options: PutOptions = {}) {
      checkKey(root, key);
      // Read the body first, then check and write with no await in between, so concurrent
      // conditional puts decide one after the other.
      const bytes = (await bytesOf(body)).slice();
      const current = objects.get(key);
      if (options.ifNoneMatch === "*" && current) throw preconditionFailed(root, key, "ifNoneMatch *");
      if (options.ifMatch !== undefined && current?.info.etag !== options.ifMatch) {
        throw preconditionFailed(root, key, `ifMatch ${options.ifMatch}`);
      }
      const info: ObjectInfo = { key, size: bytes.byteLength, etag: `m${++version}`, lastModified: new Date() };
      objects.set(key, { bytes, info });
      return { ...info };
    },

    async head(key: string) {
      const entry = objects.get(checkKey(root, key));
      return entry ? { ...entry.info } : null;
    },

    async *list(prefix: string) {
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort(compareKeys);
      for (const k of keys) {
        const entry = objects.get(k);
        if (entry) yield { ...entry.info };
      }
    },

    async delete(key: string) {
      objects.delete(checkKey(root, key));
    },
  };
}
