/**
 * Writes one object to S3 from bytes or a stream without knowing its length up front: bodies that
 * fit in one part go out as a single PutObject; larger ones as a multipart upload whose parts are
 * read from the stream while earlier parts upload, so at most `concurrency + 1` parts are held in
 * memory (S3 "Uploading and copying objects using multipart upload": parts ≥ 5 MiB but the last).
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { IngestError } from "../../runtime/errors.ts";
import type { PutOptions } from "../../runtime/object-store.ts";
import { concatBytes } from "../../runtime/concat-bytes.ts";
import { partsOf } from "./body-parts.ts";
import { s3Error } from "./s3-errors.ts";
import { preconditionFailed } from "./store-keys.ts";

/** The largest object one PutObject may carry. */
const maxSinglePut = 5 * 1024 ** 3;

export interface UploadSettings {
  client: S3Client;
  bucket: string;
  partSize: number;
  concurrency: number;
  /** The server honours If-None-Match / If-Match on CompleteMultipartUpload. */
  multipartConditions: boolean;
}

const unquote = (etag: string | undefined) => (etag ?? "").replace(/^"|"$/g, "");

/** Conditions as S3 headers. RGW compares If-Match to the unquoted ETag, and so do we. */
function conditions(options: PutOptions) {
  return { IfNoneMatch: options.ifNoneMatch, IfMatch: options.ifMatch };
}

/** Uploads `body` at `key`; returns the stored size and the unquoted ETag. */
export async function uploadObject(
  s: UploadSettings,
  key: string,
  body: Uint8Array | ReadableStream<Uint8Array>,
  options: PutOptions,
): Promise<{ size: number; etag: string }> {
  const conditional = options.ifNoneMatch !== undefined || options.ifMatch !== undefined;
  if (options.ifMatch === "") throw preconditionFailed(`s3://${s.bucket}`, key, "ifMatch of an unknown etag");
  const parts = partsOf(body, s.partSize);
  const first = await parts.next();
  const second = first.done ? first : await parts.next();

  const putOnce = async (bytes: Uint8Array) => {
    const call = { operation: "PutObject", bucket: s.bucket, key, conditional };
    try {
      const out = await s.client.send(
        new PutObjectCommand({ Bucket: s.bucket, Key: key, Body: bytes, ContentType: options.contentType, ...conditions(options) }),
      );
      return { size: bytes.byteLength, etag: unquote(out.ETag) };
    } catch (e) {
      throw await s3Error(s.client, call, e);
    }
  };

  if (first.done) return putOnce(new Uint8Array(0));
  if (second.done) return putOnce(first.value);

  if (conditional && !s.multipartConditions) {
    // The server may ignore conditions on CompleteMultipartUpload (RGW 16 does), so a
    // conditional put of a large body is sent as one PutObject, whose conditions every server
    // that supports conditional writes honours.
    const held = [first.value, second.value];
    let size = first.value.byteLength + second.value.byteLength;
    for await (const part of parts) {
      size += part.byteLength;
      if (size > maxSinglePut) {
        throw new IngestError(
          "store.io",
          `conditional put of \`${key}\` in bucket \`${s.bucket}\` exceeds 5 GiB, the single-request limit; enable multipartConditions if the server honours conditions on CompleteMultipartUpload`,
          { bucket: s.bucket, key },
        );
      }
      held.push(part);
    }
    return putOnce(concatBytes(held, size));
  }

  let uploadId: string | undefined;
  let operation = "CreateMultipartUpload";
  try {
    const created = await s.client.send(
      new CreateMultipartUploadCommand({ Bucket: s.bucket, Key: key, ContentType: options.contentType }),
    );
    uploadId = created.UploadId;
    operation = "UploadPart";
    const done: { ETag: string; PartNumber: number }[] = [];
    const inFlight = new Set<Promise<void>>();
    let size = 0;
    let number = 0;
    const upload = (bytes: Uint8Array) => {
      const partNumber = ++number;
      size += bytes.byteLength;
      const p = s.client
        .send(new UploadPartCommand({ Bucket: s.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, Body: bytes }))
        .then((out) => {
          done.push({ ETag: out.ETag ?? "", PartNumber: partNumber });
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      // Observed by the next throttle or the final Promise.all; this only keeps a failure that
      // lands while the stream is being read from counting as unhandled.
      p.catch(() => {});
    };
    const throttle = async () => {
      while (inFlight.size >= s.concurrency) await Promise.race(inFlight);
    };
    upload(first.value);
    await throttle();
    upload(second.value);
    for await (const part of parts) {
      await throttle();
      upload(part);
    }
    await Promise.all(inFlight);
    operation = "CompleteMultipartUpload";
    done.sort((a, b) => a.PartNumber - b.PartNumber);
    const out = await s.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: s.bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: done },
        ...(s.multipartConditions ? conditions(options) : {}),
      }),
    );
    let etag = unquote(out.ETag);
    if (!etag) {
      // RGW 16 answers CompleteMultipartUpload with an empty ETag. Ask for it, and keep it only
      // when it looks like ours (same size, same part count): otherwise another write landed in
      // between, and an empty etag — which no `ifMatch` can match — is the safe answer.
      operation = "HeadObject";
      const found = await s.client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: key }));
      const candidate = unquote(found.ETag);
      etag = found.ContentLength === size && candidate.endsWith(`-${number}`) ? candidate : "";
    }
    return { size, etag };
  } catch (e) {
    if (uploadId) {
      await s.client.send(new AbortMultipartUploadCommand({ Bucket: s.bucket, Key: key, UploadId: uploadId })).catch(() => {});
    }
    throw await s3Error(s.client, { operation, bucket: s.bucket, key, conditional: conditional && operation === "CompleteMultipartUpload" }, e);
  }
}
