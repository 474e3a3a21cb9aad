/**
 * s3Store: an ObjectStore in an S3 bucket (AWS S3, Ceph RGW, R2's S3 API, …) over
 * @aws-sdk/client-s3, root `s3://bucket[/prefix]`.
 *
 * - Conditional puts send `If-None-Match: *` / `If-Match` on PutObject (AWS S3 "Conditional
 *   requests"). Etags are kept unquoted: RGW compares If-Match to the unquoted ETag.
 * - Bodies larger than one part stream out as a multipart upload (s3-upload.ts). A conditional
 *   put of such a body is buffered into one PutObject unless `multipartConditions` says the
 *   server honours conditions on CompleteMultipartUpload (AWS S3 and R2 do; RGW 16 ignores them).
 * - `lastModified` returned by `put` is this host's clock; `head`/`list` report the server's.
 *
 * The client is built by the caller (endpoint, credentials, `forcePathStyle` for RGW/MinIO), so
 * this file never reads the environment.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { GetOptions, ObjectInfo, ObjectStore, PutOptions } from "../../runtime/object-store.ts";
import { IngestError } from "../../runtime/errors.ts";
import { s3Error, statusOf } from "./s3-errors.ts";
import { uploadObject } from "./s3-upload.ts";
import { checkKey } from "./store-keys.ts";

export interface S3StoreOptions {
  bucket: string;
  /** Key prefix inside the bucket, without leading or trailing `/`. */
  prefix?: string;
  client: S3Client;
  /** Multipart part size in bytes; at least 5 MiB (S3's minimum). Default 8 MiB. */
  partSize?: number;
  /** Parts uploaded at once. Default 4. */
  concurrency?: number;
  /** Keys per ListObjectsV2 page (at most 1000). Default 1000. */
  listPageSize?: number;
  /** The server honours If-None-Match / If-Match on CompleteMultipartUpload. Default false. */
  multipartConditions?: boolean;
}

const minPartSize = 5 * 1024 * 1024;
const unquote = (etag: string | undefined) => (etag ?? "").replace(/^"|"$/g, "");

export function s3Store(options: S3StoreOptions): ObjectStore {
  const { bucket, client } = options;
  const prefix = (options.prefix ?? "").replace(/^\/+|\/+$/g, "");
  const partSize = options.partSize ?? 8 * 1024 * 1024;
  if (partSize < minPartSize) {
    throw new IngestError("config.invalid", `s3 store part size ${partSize} is below S3's minimum of 5 MiB (${minPartSize}); raise partSize`, { bucket, partSize });
  }
  const root = prefix ? `s3://${bucket}/${prefix}` : `s3://${bucket}`;
  const fullKey = (key: string) => (prefix ? `${prefix}/${checkKey(root, key)}` : checkKey(root, key));
  const settings = {
    client,
    bucket,
    partSize,
    concurrency: Math.max(1, options.concurrency ?? 4),
    multipartConditions: options.multipartConditions ?? false,
  };

  const isMissing = (e: unknown) => statusOf(e) === 404 && (e as { name?: string }).name !== "NoSuchBucket";

  const head = async (key: string): Promise<ObjectInfo | null> => {
    const k = fullKey(key);
    try {
      const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: k }));
      return { key, size: out.ContentLength ?? 0, etag: unquote(out.ETag), lastModified: out.LastModified ?? new Date(0) };
    } catch (e) {
      // HEAD responses have no body, so the SDK cannot tell NoSuchKey from NoSuchBucket.
      if (statusOf(e) === 404) return null;
      throw await s3Error(client, { operation: "HeadObject", bucket, key: k }, e);
    }
  };

  const getObject = async (key: string, range?: string) => {
    const k = fullKey(key);
    try {
      return await client.send(new GetObjectCommand({ Bucket: bucket, Key: k, Range: range }));
    } catch (e) {
      if (isMissing(e)) return null;
      // 416: the range starts at or past the end; the contract answers with no bytes.
      if (statusOf(e) === 416) return "empty" as const;
      throw await s3Error(client, { operation: "GetObject", bucket, key: k }, e);
    }
  };

  return {
    root,

    async get(key: string, opts?: GetOptions) {
      let range: string | undefined;
      if (opts?.range) {
        const start = Math.max(0, opts.range.start);
        const end = opts.range.end;
        if (end !== undefined && end <= start) return (await head(key)) ? new Uint8Array(0) : null;
        range = end === undefined ? `bytes=${start}-` : `bytes=${start}-${end - 1}`;
      }
      const out = await getObject(key, range);
      if (out === null) return null;
      if (out === "empty") return (await head(key)) ? new Uint8Array(0) : null;
      try {
        return out.Body ? await out.Body.transformToByteArray() : new Uint8Array(0);
      } catch (e) {
        throw await s3Error(client, { operation: "GetObject", bucket, key: fullKey(key) }, e);
      }
    },

    async getStream(key: string) {
      const out = await getObject(key);
      if (out === null) return null;
      if (out === "empty" || !out.Body) return new Response(new Uint8Array(0)).body!;
      return out.Body.transformToWebStream() as ReadableStream<Uint8Array>;
    },

    async put(key: string, body: Uint8Array | ReadableStream<Uint8Array>, opts: PutOptions = {}) {
      const { size, etag } = await uploadObject(settings, fullKey(key), body, opts);
      return { key, size, etag, lastModified: new Date() };
    },

    head,

    async *list(listPrefix: string) {
      const full = prefix ? `${prefix}/${listPrefix}` : listPrefix;
      let token: string | undefined;
      do {
        let page;
        try {
          page = await client.send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: full, ContinuationToken: token, MaxKeys: options.listPageSize }),
          );
        } catch (e) {
          throw await s3Error(client, { operation: "ListObjectsV2", bucket, key: full }, e);
        }
        for (const o of page.Contents ?? []) {
          if (o.Key === undefined) continue;
          yield {
            key: prefix ? o.Key.slice(prefix.length + 1) : o.Key,
            size: o.Size ?? 0,
            etag: unquote(o.ETag),
            lastModified: o.LastModified ?? new Date(0),
          };
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },

    async delete(key: string) {
      const k = fullKey(key);
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: k }));
      } catch (e) {
        if (isMissing(e)) return;
        throw await s3Error(client, { operation: "DeleteObject", bucket, key: k }, e);
      }
    },
  };
}
