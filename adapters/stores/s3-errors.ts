/**
 * Maps failures of @aws-sdk/client-s3 calls to `IngestError`s, so that callers decide on codes
 * (retry `store.unreachable`, reload on `store.precondition_failed`) and never on SDK error names.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import { IngestError } from "../../runtime/errors.ts";

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

export interface S3Call {
  /** The S3 operation, for messages: `PutObject`, `ListObjectsV2` … */
  operation: string;
  bucket: string;
  key?: string;
  /** True when the request carried If-None-Match / If-Match. */
  conditional?: boolean;
}

/** The endpoint the client talks to, for messages; `AWS S3` when it resolves one per request. */
export async function endpointOf(client: S3Client): Promise<string> {
  try {
    const endpoint = await client.config.endpoint?.();
    if (!endpoint) return `AWS S3 (region ${await client.config.region()})`;
    const port = endpoint.port ? `:${endpoint.port}` : "";
    return `${endpoint.protocol}//${endpoint.hostname}${port}${endpoint.path === "/" ? "" : endpoint.path}`;
  } catch {
    return "the configured S3 endpoint";
  }
}

/** Status of an S3 error response, or undefined when no response came back. */
export function statusOf(e: unknown): number | undefined {
  return (e as SdkError | null)?.$metadata?.httpStatusCode;
}

export async function s3Error(client: S3Client, call: S3Call, e: unknown): Promise<IngestError> {
  if (e instanceof IngestError) return e;
  const err = (e ?? {}) as SdkError;
  const status = statusOf(e);
  const name = err.name ?? err.code ?? "Error";
  const target = call.key === undefined ? `bucket \`${call.bucket}\`` : `\`${call.key}\` in bucket \`${call.bucket}\``;
  const details = { bucket: call.bucket, key: call.key, operation: call.operation, status, s3Code: name };
  const options = { cause: e };

  if (status === undefined || name === "TimeoutError" || name === "AbortError") {
    const endpoint = await endpointOf(client);
    return new IngestError(
      "store.unreachable",
      `s3 ${call.operation} of ${target} could not reach ${endpoint}: ${err.message ?? name}; check that the endpoint is up and reachable from here`,
      { ...details, endpoint },
      options,
    );
  }
  // 412: the condition failed. 409 ConditionalRequestConflict: a concurrent conditional write
  // to the same key is in flight (AWS S3 "Conditional requests"). 404 on a conditional put:
  // `ifMatch` of a key that does not exist (AWS answers NoSuchKey where RGW answers 412).
  if (call.conditional && (status === 412 || status === 409 || (status === 404 && name !== "NoSuchBucket"))) {
    return new IngestError(
      "store.precondition_failed",
      `conditional ${call.operation} of ${target} failed (${status} ${name}); another writer changed it first — reload and retry`,
      details,
      options,
    );
  }
  if (status === 401 || status === 403) {
    return new IngestError(
      "store.denied",
      `s3 denied ${call.operation} of ${target} (${status} ${name}); check the access key and that its policy allows ${call.operation} on bucket \`${call.bucket}\``,
      details,
      options,
    );
  }
  if (name === "NoSuchBucket") {
    return new IngestError(
      "store.not_found",
      `s3 bucket \`${call.bucket}\` does not exist (${call.operation}); create it or fix the bucket name`,
      details,
      options,
    );
  }
  if (status >= 500 || status === 429) {
    return new IngestError(
      "store.unreachable",
      `s3 ${call.operation} of ${target} failed with ${status} ${name}: ${err.message ?? ""}; the service is unavailable or throttling — retry later`,
      details,
      options,
    );
  }
  return new IngestError(
    "store.io",
    `s3 ${call.operation} of ${target} failed with ${status} ${name}: ${err.message ?? ""}`,
    details,
    options,
  );
}
