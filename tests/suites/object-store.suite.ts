/**
 * The ObjectStore contract (runtime/object-store.ts), run by every implementation:
 * `objectStoreSuite("fs", async () => fsStore(tmp(), nodeFsApi()))`.
 *
 * `make` must return a store that is empty (a fresh directory, bucket or prefix) on every call.
 */
import { describe, expect, it } from "bun:test";
import { isIngestError } from "../../runtime/errors.ts";
import { keyOf, uriOf, type ObjectStore } from "../../runtime/object-store.ts";

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));

/** Deterministic pseudo-random bytes, so a dropped or reordered chunk changes the content. */
export function patternBytes(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * A stream that produces `bytes` lazily in uneven chunks (never aligned to a power of two), and
 * records how many chunks were pulled — a store must not assume one chunk or a known length.
 */
export function lazyStream(bytes: Uint8Array, chunk = 100_003): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let at = 0;
  let pulls = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (at >= bytes.byteLength) {
          controller.close();
          return;
        }
        pulls++;
        const size = Math.min(chunk + (pulls % 7) * 11, bytes.byteLength - at);
        controller.enqueue(bytes.slice(at, at + size));
        at += size;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulls };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function keysOf(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of store.list(prefix)) keys.push(info.key);
  return keys;
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected the promise to reject");
}

export function objectStoreSuite(name: string, make: () => Promise<ObjectStore>): void {
  describe(`ObjectStore: ${name}`, () => {
    it("returns the bytes it stored, and head agrees with what put returned", async () => {
      const store = await make();
      const put = await store.put("t/a.txt", text("hello world"), { contentType: "text/plain" });
      expect(put.key).toBe("t/a.txt");
      expect(put.size).toBe(11);
      expect(put.etag.length).toBeGreaterThan(0);
      expect(str(await store.get("t/a.txt"))).toBe("hello world");
      const head = await store.head("t/a.txt");
      expect(head?.key).toBe("t/a.txt");
      expect(head?.size).toBe(11);
      expect(head?.etag).toBe(put.etag);
      expect(head?.lastModified).toBeInstanceOf(Date);
    });

    it("stores an empty object", async () => {
      const store = await make();
      await store.put("empty", new Uint8Array(0));
      expect((await store.get("empty"))?.byteLength).toBe(0);
      expect((await store.head("empty"))?.size).toBe(0);
    });

    it("answers null for a missing key from get, getStream and head", async () => {
      const store = await make();
      expect(await store.get("nope/missing.bin")).toBeNull();
      expect(await store.get("nope/missing.bin", { range: { start: 0, end: 4 } })).toBeNull();
      expect(await store.getStream("nope/missing.bin")).toBeNull();
      expect(await store.head("nope/missing.bin")).toBeNull();
    });

    it("replaces an object on an unconditional put and changes its etag", async () => {
      const store = await make();
      const first = await store.put("k", text("one"));
      const second = await store.put("k", text("two!"));
      expect(str(await store.get("k"))).toBe("two!");
      expect(second.size).toBe(4);
      expect(second.etag).not.toBe(first.etag);
    });

    it("lists by prefix in lexicographic key order", async () => {
      const store = await make();
      // No key is also a "directory" of another: a file system cannot hold both `a/b` and `a/b/c`.
      const keys = ["b", "a/c", "ab", "a/b/c", "a/b.txt", "a/b/a", "a-z", "a/bb", "a/b-x"];
      for (const k of keys) await store.put(k, text(k));
      expect(await keysOf(store, "")).toEqual(["a-z", "a/b-x", "a/b.txt", "a/b/a", "a/b/c", "a/bb", "a/c", "ab", "b"]);
      expect(await keysOf(store, "a/")).toEqual(["a/b-x", "a/b.txt", "a/b/a", "a/b/c", "a/bb", "a/c"]);
      expect(await keysOf(store, "a/b")).toEqual(["a/b-x", "a/b.txt", "a/b/a", "a/b/c", "a/bb"]);
      expect(await keysOf(store, "a/b/")).toEqual(["a/b/a", "a/b/c"]);
      expect(await keysOf(store, "zz")).toEqual([]);
      const infos: { key: string; size: number }[] = [];
      for await (const info of store.list("a/b/")) infos.push({ key: info.key, size: info.size });
      expect(infos).toEqual([{ key: "a/b/a", size: 5 }, { key: "a/b/c", size: 5 }]);
    });

    it("deletes an object, and deleting a missing key is not an error", async () => {
      const store = await make();
      await store.put("d/x", text("x"));
      await store.delete("d/x");
      expect(await store.get("d/x")).toBeNull();
      expect(await store.head("d/x")).toBeNull();
      expect(await keysOf(store, "d/")).toEqual([]);
      await store.delete("d/x");
      await store.delete("never/was");
    });

    it("reads byte ranges with an inclusive start and exclusive end", async () => {
      const store = await make();
      await store.put("r", text("0123456789"));
      expect(str(await store.get("r", { range: { start: 2, end: 5 } }))).toBe("234");
      expect(str(await store.get("r", { range: { start: 7 } }))).toBe("789");
      expect(str(await store.get("r", { range: { start: 0, end: 1 } }))).toBe("0");
      expect(str(await store.get("r", { range: { start: 8, end: 100 } }))).toBe("89");
    });

    it("streams a put of several MB in uneven chunks and streams it back intact", async () => {
      const store = await make();
      const bytes = patternBytes(11 * 1024 * 1024 + 12_345, 7);
      const { stream, pulled } = lazyStream(bytes);
      const info = await store.put("big/file.bin", stream);
      expect(pulled()).toBeGreaterThan(100);
      expect(info.size).toBe(bytes.byteLength);
      expect((await store.head("big/file.bin"))?.size).toBe(bytes.byteLength);
      const back = await store.getStream("big/file.bin");
      expect(back).not.toBeNull();
      const got = await readAll(back!);
      expect(got.byteLength).toBe(bytes.byteLength);
      expect(sameBytes(got, bytes)).toBe(true);
      const middle = await store.get("big/file.bin", { range: { start: 5 * 1024 * 1024 - 3, end: 5 * 1024 * 1024 + 5 } });
      expect([...middle!]).toEqual([...bytes.slice(5 * 1024 * 1024 - 3, 5 * 1024 * 1024 + 5)]);
      // The etag a streamed put returns is the current one: a conditional replace with it works.
      await store.put("big/file.bin", text("small"), { ifMatch: info.etag });
      expect(str(await store.get("big/file.bin"))).toBe("small");
    });

    it("refuses ifNoneMatch * when the key exists and keeps the first object", async () => {
      const store = await make();
      await store.put("once", text("first"), { ifNoneMatch: "*" });
      const e = await rejection(store.put("once", text("second"), { ifNoneMatch: "*" }));
      expect(isIngestError(e, "store.precondition_failed")).toBe(true);
      expect(str(await store.get("once"))).toBe("first");
    });

    it("creates with ifNoneMatch * from a stream of several MB", async () => {
      const store = await make();
      const bytes = patternBytes(6 * 1024 * 1024 + 1, 3);
      await store.put("once-big", lazyStream(bytes).stream, { ifNoneMatch: "*" });
      const e = await rejection(store.put("once-big", lazyStream(patternBytes(6 * 1024 * 1024, 4)).stream, { ifNoneMatch: "*" }));
      expect(isIngestError(e, "store.precondition_failed")).toBe(true);
      expect((await store.head("once-big"))?.size).toBe(bytes.byteLength);
      expect([...(await store.get("once-big", { range: { start: 0, end: 16 } }))!]).toEqual([...bytes.slice(0, 16)]);
    });

    it("lets exactly one of 8 concurrent ifNoneMatch * puts of one key win", async () => {
      const store = await make();
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => store.put("race/winner", text(`writer ${i}`), { ifNoneMatch: "*" })),
      );
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r) => r.status === "rejected");
      expect(won.length).toBe(1);
      for (const r of lost) expect(isIngestError((r as PromiseRejectedResult).reason, "store.precondition_failed")).toBe(true);
      const winner = results.findIndex((r) => r.status === "fulfilled");
      expect(str(await store.get("race/winner"))).toBe(`writer ${winner}`);
    });

    it("replaces with ifMatch of the current etag and refuses a stale one", async () => {
      const store = await make();
      const v1 = await store.put("m", text("v1"));
      const v2 = await store.put("m", text("v2"), { ifMatch: v1.etag });
      expect(str(await store.get("m"))).toBe("v2");
      expect((await store.head("m"))?.etag).toBe(v2.etag);
      const e = await rejection(store.put("m", text("v3"), { ifMatch: v1.etag }));
      expect(isIngestError(e, "store.precondition_failed")).toBe(true);
      expect(str(await store.get("m"))).toBe("v2");
      await store.put("m", text("v3"), { ifMatch: v2.etag });
      expect(str(await store.get("m"))).toBe("v3");
    });

    it("refuses ifMatch when the key does not exist", async () => {
      const store = await make();
      const other = await store.put("other", text("x"));
      const e = await rejection(store.put("absent", text("x"), { ifMatch: other.etag }));
      expect(isIngestError(e, "store.precondition_failed")).toBe(true);
      expect(await store.head("absent")).toBeNull();
    });

    it("keeps keys with unicode, spaces and URL-special characters exact", async () => {
      const store = await make();
      const keys = ["dir with space/ünïcødé 日本語 🚀.txt", "odd/a+b%20c=d&e?f#g.txt", "odd/tab\tand~tilde"];
      for (const k of keys) await store.put(k, text(k));
      for (const k of keys) {
        expect(str(await store.get(k))).toBe(k);
        expect((await store.head(k))?.key).toBe(k);
      }
      expect(await keysOf(store, "odd/")).toEqual(["odd/a+b%20c=d&e?f#g.txt", "odd/tab\tand~tilde"]);
      expect(await keysOf(store, "dir with space/")).toEqual([keys[0]!]);
    });

    it("maps keys to absolute URIs under its root and back", async () => {
      const store = await make();
      expect(store.root.endsWith("/")).toBe(false);
      const uri = uriOf(store, "warehouse/db/t/metadata/v1.json");
      expect(uri).toBe(`${store.root}/warehouse/db/t/metadata/v1.json`);
      expect(keyOf(store, uri)).toBe("warehouse/db/t/metadata/v1.json");
      expect(keyOf(store, `${store.root}/a/../../escape`)).toBeNull();
      expect(keyOf(store, "s3://somewhere-else/x")).toBeNull();
      expect(keyOf(store, `${store.root}x/sibling`)).toBeNull();
    });

    it("rejects keys that are absolute or climb out of the store", async () => {
      const store = await make();
      for (const key of ["/abs", "a/../b", "./a", "a//b", ""]) {
        const e = await rejection(store.put(key, text("x")));
        expect(isIngestError(e)).toBe(true);
      }
    });
  });
}
