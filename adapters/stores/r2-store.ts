/**
 * r2Store: an ObjectStore over a Cloudflare Workers R2 binding (`env.BUCKET`), root
 * `s3://<bucketName>[/prefix]` — the name engines use to read the same objects through R2's S3
 * API, so Iceberg metadata written here is readable there.
 *
 * The binding is typed structurally (`R2BucketLike`), so this file needs no `cloudflare:*` import
 * and tests can hand it Miniflare's bucket. Conditions map to `onlyIf` (R2 "Conditional
 * operations"): `ifNoneMatch: "*"` → `etagDoesNotMatch: "*"`, `ifMatch` → `etagMatches`; a put
 * whose condition fails resolves to null. R2 refuses streams of unknown length, so a stream is cut
 * into parts: one part goes out as a single put, more as a multipart upload. Multipart completion
 * takes no conditions, so a conditional put of a large body is buffered into one put (≤ 5 GiB).
 */
import { IngestError } from "../../runtime/errors.ts";
import type { GetOptions, ObjectInfo, ObjectStore, PutOptions } from "../../runtime/object-store.ts";
import { concatBytes } from "../../runtime/concat-bytes.ts";
import { partsOf } from "./body-parts.ts";
import { checkKey, preconditionFailed } from "./store-keys.ts";

export interface R2ObjectLike {
  key: string;
  size: number;
  /** Unquoted. */
  etag: string;
  uploaded: Date;
}

export interface R2ObjectBodyLike extends R2ObjectLike {
  body: ReadableStream<Uint8Array>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface R2ConditionalLike {
  etagMatches?: string;
  etagDoesNotMatch?: string;
}

export interface R2MultipartUploadLike {
  uploadPart(partNumber: number, value: Uint8Array): Promise<{ partNumber: number; etag: string }>;
  complete(parts: { partNumber: number; etag: string }[]): Promise<R2ObjectLike>;
  abort(): Promise<void>;
}

export interface R2BucketLike {
  head(key: string): Promise<R2ObjectLike | null>;
  get(key: string, options?: { range?: { offset: number; length?: number } }): Promise<R2ObjectBodyLike | null>;
  put(
    key: string,
    value: Uint8Array,
    options?: { onlyIf?: R2ConditionalLike; httpMetadata?: { contentType?: string } },
  ): Promise<R2ObjectLike | null>;
  list(options?: { prefix?: string; cursor?: string; limit?: number }): Promise<{ objects: R2ObjectLike[]; truncated: boolean; cursor?: string }>;
  delete(key: string): Promise<void>;
  createMultipartUpload(key: string, options?: { httpMetadata?: { contentType?: string } }): Promise<R2MultipartUploadLike>;
}

export interface R2StoreOptions {
  /** The bucket's real name, for the root URI. Default `r2`. */
  bucketName?: string;
  /** Key prefix inside the bucket, without leading or trailing `/`. */
  prefix?: string;
  /** Multipart part size; at least 5 MiB. Default 8 MiB. */
  partSize?: number;
}

const maxSinglePut = 5 * 1024 ** 3;

export function r2Store(bucket: R2BucketLike, options: R2StoreOptions = {}): ObjectStore {
  const prefix = (options.prefix ?? "").replace(/^\/+|\/+$/g, "");
  const name = options.bucketName ?? "r2";
  const root = prefix ? `s3://${name}/${prefix}` : `s3://${name}`;
  const partSize = options.partSize ?? 8 * 1024 * 1024;
  if (partSize < 5 * 1024 * 1024) {
    throw new IngestError("config.invalid", `r2 store part size ${partSize} is below the 5 MiB minimum; raise partSize`, { partSize });
  }
  const full = (key: string) => (prefix ? `${prefix}/${checkKey(root, key)}` : checkKey(root, key));
  const infoOf = (key: string, o: R2ObjectLike): ObjectInfo => ({ key, size: o.size, etag: o.etag, lastModified: o.uploaded });

  const wrap = async <T>(action: string, key: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof IngestError) throw e;
      throw new IngestError("store.io", `r2 ${action} of \`${key}\` in ${root} failed: ${(e as Error)?.message ?? String(e)}`, { root, key }, { cause: e });
    }
  };

  const putOnce = async (key: string, bytes: Uint8Array, opts: PutOptions): Promise<ObjectInfo> => {
    const onlyIf: R2ConditionalLike | undefined =
      opts.ifNoneMatch === "*" ? { etagDoesNotMatch: "*" } : opts.ifMatch !== undefined ? { etagMatches: opts.ifMatch } : undefined;
    const out = await wrap("put", key, () =>
      bucket.put(full(key), bytes, { onlyIf, httpMetadata: opts.contentType ? { contentType: opts.contentType } : undefined }),
    );
    if (!out) throw preconditionFailed(root, key, onlyIf?.etagDoesNotMatch ? "ifNoneMatch *" : `ifMatch ${opts.ifMatch}`);
    return infoOf(key, out);
  };

  return {
    root,

    async get(key: string, opts?: GetOptions) {
      if (!opts?.range) {
        const o = await wrap("get", key, () => bucket.get(full(key)));
        return o ? new Uint8Array(await o.arrayBuffer()) : null;
      }
      // R2 rejects ranges past the end; clamp against the size first.
      const h = await wrap("head", key, () => bucket.head(full(key)));
      if (!h) return null;
      const start = Math.min(Math.max(0, opts.range.start), h.size);
      const end = Math.min(Math.max(start, opts.range.end ?? h.size), h.size);
      if (end === start) return new Uint8Array(0);
      const o = await wrap("get", key, () => bucket.get(full(key), { range: { offset: start, length: end - start } }));
      return o ? new Uint8Array(await o.arrayBuffer()) : null;
    },

    async getStream(key: string) {
      const o = await wrap("get", key, () => bucket.get(full(key)));
      return o ? o.body : null;
    },

    async put(key: string, body: Uint8Array | ReadableStream<Uint8Array>, opts: PutOptions = {}) {
      if (opts.ifMatch === "") throw preconditionFailed(root, key, "ifMatch of an unknown etag");
      const k = full(key);
      const parts = partsOf(body, partSize);
      const first = await parts.next();
      if (first.done) return putOnce(key, new Uint8Array(0), opts);
      const second = await parts.next();
      if (second.done) return putOnce(key, first.value, opts);

      if (opts.ifNoneMatch !== undefined || opts.ifMatch !== undefined) {
        const held = [first.value, second.value];
        let size = first.value.byteLength + second.value.byteLength;
        for await (const part of parts) {
          size += part.byteLength;
          if (size > maxSinglePut) {
            throw new IngestError("store.io", `conditional put of \`${key}\` in ${root} exceeds 5 GiB, R2's single-put limit; write it under a new key unconditionally`, { root, key });
          }
          held.push(part);
        }
        return putOnce(key, concatBytes(held, size), opts);
      }

      const upload = await wrap("createMultipartUpload", key, () =>
        bucket.createMultipartUpload(k, { httpMetadata: opts.contentType ? { contentType: opts.contentType } : undefined }),
      );
      try {
        const done = [await upload.uploadPart(1, first.value), await upload.uploadPart(2, second.value)];
        for await (const part of parts) done.push(await upload.uploadPart(done.length + 1, part));
        return infoOf(key, await upload.complete(done));
      } catch (e) {
        await upload.abort().catch(() => {});
        throw await wrap("multipart put", key, () => Promise.reject(e));
      }
    },

    async head(key: string) {
      const o = await wrap("head", key, () => bucket.head(full(key)));
      return o ? infoOf(key, o) : null;
    },

    async *list(listPrefix: string) {
      let cursor: string | undefined;
      for (;;) {
        const page = await wrap("list", listPrefix, () =>
          bucket.list({ prefix: prefix ? `${prefix}/${listPrefix}` : listPrefix, cursor }),
        );
        for (const o of page.objects) yield infoOf(prefix ? o.key.slice(prefix.length + 1) : o.key, o);
        if (!page.truncated || !page.cursor) return;
        cursor = page.cursor;
      }
    },

    async delete(key: string) {
      await wrap("delete", key, () => bucket.delete(full(key)));
    },
  };
}
