/**
 * Runs the ObjectStore suite against a real S3 server: the Ceph RADOS Gateway that
 * `scripts/services/s3.sh start` runs on 127.0.0.1:57480 (DATIVO_TEST_S3_ENDPOINT overrides).
 * Fails, never skips, when it is not running.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { isIngestError } from "../../../runtime/errors.ts";
import { s3Store } from "../../../adapters/stores/s3-store.ts";
import { objectStoreSuite, patternBytes } from "../../suites/object-store.suite.ts";

const endpoint = process.env.DATIVO_TEST_S3_ENDPOINT ?? "http://127.0.0.1:57480";
const bucket = `dativo-store-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

function client(secret = "dativo-secret-key", at = endpoint): S3Client {
  return new S3Client({
    endpoint: at,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "dativo", secretAccessKey: secret },
    maxAttempts: 1,
  });
}

const s3 = client();
let run = 0;

beforeAll(async () => {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (e) {
    throw new Error(`S3 at ${endpoint} is not usable (${(e as Error).message}); start it with scripts/services/s3.sh start`);
  }
});

afterAll(async () => {
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key }));
    token = page.NextContinuationToken;
  } while (token);
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
});

// Each store gets its own prefix; 5 MiB parts and 2-key list pages exercise multipart and paging.
objectStoreSuite("s3 (Ceph RGW)", async () =>
  s3Store({ bucket, prefix: `run-${++run}`, client: s3, partSize: 5 * 1024 * 1024, listPageSize: 2 }),
);

describe("s3Store", () => {
  it("names its root after the bucket and prefix", () => {
    expect(s3Store({ bucket: "b", prefix: "/a/b/", client: s3 }).root).toBe("s3://b/a/b");
    expect(s3Store({ bucket: "b", client: s3 }).root).toBe("s3://b");
  });

  it("uploads a body larger than one part as a multipart upload", async () => {
    const store = s3Store({ bucket, prefix: "multipart", client: s3, partSize: 5 * 1024 * 1024 });
    const info = await store.put("parts.bin", patternBytes(12 * 1024 * 1024));
    // S3 gives a multipart object the ETag `<md5 of part md5s>-<number of parts>`.
    expect(info.etag).toMatch(/-3$/);
    expect((await store.head("parts.bin"))?.size).toBe(12 * 1024 * 1024);
  });

  it("keeps objects outside its prefix out of list, get and keyOf", async () => {
    const a = s3Store({ bucket, prefix: "iso/a", client: s3 });
    const ab = s3Store({ bucket, prefix: "iso/ab", client: s3 });
    await a.put("x", new Uint8Array([1]));
    await ab.put("x", new Uint8Array([2]));
    const keys: string[] = [];
    for await (const info of a.list("")) keys.push(info.key);
    expect(keys).toEqual(["x"]);
    expect([...(await a.get("x"))!]).toEqual([1]);
  });

  it("reports a wrong secret as store.denied naming the bucket", async () => {
    const store = s3Store({ bucket, client: client("wrong-secret") });
    const e = await store.put("k", new Uint8Array([1])).catch((err) => err);
    expect(isIngestError(e, "store.denied")).toBe(true);
    expect((e as Error).message).toContain(bucket);
  });

  it("reports a missing bucket as store.not_found with the fix", async () => {
    const store = s3Store({ bucket: `${bucket}-missing`, client: s3 });
    const e = await store.put("k", new Uint8Array([1])).catch((err) => err);
    expect(isIngestError(e, "store.not_found")).toBe(true);
    expect((e as Error).message).toContain("create it");
  });

  it("reports a closed port as store.unreachable naming the endpoint", async () => {
    const store = s3Store({ bucket, client: client(undefined, "http://127.0.0.1:9") });
    const e = await store.get("k").catch((err) => err);
    expect(isIngestError(e, "store.unreachable")).toBe(true);
    expect((e as Error).message).toContain("http://127.0.0.1:9");
  });

  it("refuses a part size below S3's 5 MiB minimum", () => {
    expect(() => s3Store({ bucket, client: s3, partSize: 1024 })).toThrow(/5 MiB/);
  });
});
