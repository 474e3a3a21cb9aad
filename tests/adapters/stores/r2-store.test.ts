/**
 * Runs the ObjectStore suite over R2 as workerd implements it, through Miniflare's bucket binding.
 */
import { afterAll, describe, expect, it } from "bun:test";
import { Miniflare } from "miniflare";
import { r2Store, type R2BucketLike } from "../../../adapters/stores/r2-store.ts";
import { objectStoreSuite } from "../../suites/object-store.suite.ts";

const mf = new Miniflare({
  modules: true,
  script: "export default { fetch() { return new Response('') } }",
  r2Buckets: ["BUCKET"],
  compatibilityDate: "2025-01-01",
});
const binding = (await mf.getR2Bucket("BUCKET")) as unknown as R2BucketLike;
// Miniflare's proxy of the binding cannot hand a body *stream* over to Bun (DataCloneError:
// "Found invalid value in transferList"), so bodies cross as bytes and are streamed from here.
// Inside workerd `body` is the binding's own stream.
const bucket: R2BucketLike = {
  head: (key) => binding.head(key),
  put: (key, value, options) => binding.put(key, value, options),
  list: (options) => binding.list(options),
  delete: (key) => binding.delete(key),
  createMultipartUpload: (key, options) => binding.createMultipartUpload(key, options),
  async get(key, options) {
    const o = await binding.get(key, options);
    if (!o) return null;
    const bytes = await o.arrayBuffer();
    return {
      key: o.key,
      size: o.size,
      etag: o.etag,
      uploaded: o.uploaded,
      body: new Response(bytes).body!,
      arrayBuffer: async () => bytes,
    };
  },
};
afterAll(() => mf.dispose());

let run = 0;
objectStoreSuite("r2 (workerd)", async () => r2Store(bucket, { bucketName: "lake", prefix: `run-${++run}`, partSize: 5 * 1024 * 1024 }));

describe("r2Store", () => {
  it("names its root after the bucket's S3 name and prefix", () => {
    expect(r2Store(bucket, { bucketName: "lake", prefix: "/w/" }).root).toBe("s3://lake/w");
    expect(r2Store(bucket).root).toBe("s3://r2");
  });
});
