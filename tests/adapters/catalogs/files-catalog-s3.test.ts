/**
 * The catalog suite for filesCatalog on a real S3 server: the Ceph RADOS Gateway that
 * `scripts/services/s3.sh start` runs on 127.0.0.1:57480 (DATIVO_TEST_S3_ENDPOINT overrides).
 * RGW honours If-None-Match / If-Match, which the commits rely on. Fails, never skips, when it
 * is not running.
 */
import { afterAll, beforeAll } from "bun:test";
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { filesCatalog } from "../../../adapters/catalogs/files-catalog.ts";
import { s3Store } from "../../../adapters/stores/s3-store.ts";
import { catalogSuite } from "../../suites/catalog.suite.ts";

const endpoint = process.env.DATIVO_TEST_S3_ENDPOINT ?? "http://127.0.0.1:57480";
const bucket = `dativo-catalog-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const s3 = new S3Client({
  endpoint,
  region: "us-east-1",
  forcePathStyle: true,
  credentials: { accessKeyId: "dativo", secretAccessKey: "dativo-secret-key" },
  maxAttempts: 1,
});

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
    await Promise.all((page.Contents ?? []).map((o) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key }))));
    token = page.NextContinuationToken;
  } while (token);
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
});

let run = 0;
catalogSuite("filesCatalog on S3 (Ceph RGW)", async () => filesCatalog({ store: s3Store({ bucket, prefix: `wh-${++run}`, client: s3 }) }));
