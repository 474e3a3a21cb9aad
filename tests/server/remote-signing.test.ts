/**
 * S3 remote signing against a real S3 implementation (Ceph RADOS Gateway on 127.0.0.1:57480;
 * DATIVO_TEST_S3_ENDPOINT overrides), which verifies every signature itself: requests inside the
 * table's location are signed and accepted, anything else is refused by our server with 403.
 * Fails, never skips, when the gateway is down.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { memoryCatalog } from "../../adapters/catalogs/memory-catalog.ts";
import { memoryStore } from "../../adapters/stores/memory-store.ts";
import { createApp } from "../../server/create-app.ts";
import { s3AccessVendor } from "../../server/s3-access-vendor.ts";
import { call, recordingLogger, simpleSchema } from "./helpers.ts";

const endpoint = process.env.DATIVO_TEST_S3_ENDPOINT ?? "http://127.0.0.1:57480";
const credentials = { accessKeyId: "dativo", secretAccessKey: "dativo-secret-key", endpoint, region: "us-east-1", pathStyle: true };
const bucket = `sign-${Date.now().toString(36)}`;
const s3 = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials });

beforeAll(async () => {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (e) {
    throw new Error(`S3 at ${endpoint} is not usable (${(e as Error).message}); start it with scripts/services/s3.sh start`);
  }
});
afterAll(async () => {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "wh/ns/t/data/signed.txt" })).catch(() => {});
});

function setup(options: { vend: boolean; sign: boolean }) {
  const store = { ...memoryStore("x"), root: `s3://${bucket}/wh` };
  const logger = recordingLogger();
  const app = createApp({
    catalog: memoryCatalog({ store }),
    warehouse: { name: "wh", location: store.root },
    logger,
    credentialVendor: s3AccessVendor({ credentials, vendCredentials: options.vend, remoteSigning: options.sign, clock: { now: () => Date.now() } }),
  });
  return { app, logger };
}

async function withTable(options = { vend: false, sign: true }) {
  const env = setup(options);
  await call(env.app, "POST", "/v1/wh/namespaces", { namespace: ["ns"] });
  await call(env.app, "POST", "/v1/wh/namespaces/ns/tables", { name: "t", schema: simpleSchema });
  return env;
}

const sign = (app: ReturnType<typeof setup>["app"], body: unknown) => call(app, "POST", "/v1/wh/namespaces/ns/tables/t/sign", body);

async function send(signed: { uri: string; headers: Record<string, string[]> }, method: string, body?: string) {
  const headers = new Headers();
  for (const [k, vs] of Object.entries(signed.headers)) if (k !== "host") headers.set(k, vs.join(","));
  return fetch(signed.uri, { method, headers, body });
}

describe("remote signing", () => {
  it("tells a client that asks for remote signing where to sign, without any key", async () => {
    const { app } = await withTable();
    const loaded = await call(app, "GET", "/v1/wh/namespaces/ns/tables/t", undefined, { "x-iceberg-access-delegation": "remote-signing" });
    expect(loaded.body.config).toEqual({
      "s3.remote-signing-enabled": "true",
      "signer.endpoint": "v1/wh/namespaces/ns/tables/t/sign",
      "s3.path-style-access": "true",
      "client.region": "us-east-1",
      "s3.region": "us-east-1",
      "s3.endpoint": endpoint,
    });
    expect(JSON.stringify(loaded.body)).not.toContain(credentials.secretAccessKey);
    // Vended credentials are off here, so asking for them gives nothing.
    const vended = await call(app, "GET", "/v1/wh/namespaces/ns/tables/t", undefined, { "x-iceberg-access-delegation": "vended-credentials" });
    expect(vended.body.config).toEqual({});
    expect((await call(app, "GET", "/v1/config")).body.endpoints).toContain("POST /v1/{prefix}/namespaces/{namespace}/tables/{table}/sign");
  });

  it("signs a PUT and a GET inside the table location, which the S3 server accepts", async () => {
    const { app } = await withTable();
    const uri = `${endpoint}/${bucket}/wh/ns/t/data/signed.txt`;
    const put = await sign(app, { region: "us-east-1", uri, method: "PUT", headers: { "content-type": ["text/plain"], "x-amz-content-sha256": ["UNSIGNED-PAYLOAD"] } });
    expect(put.status).toBe(200);
    expect(put.body.uri).toBe(uri);
    expect(put.body.headers.authorization[0]).toStartWith("AWS4-HMAC-SHA256 Credential=dativo/");
    const putRes = await send(put.body, "PUT", "signed by the catalog");
    expect(putRes.status).toBe(200);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "wh/ns/t/data/signed.txt" }));
    expect(await object.Body!.transformToString()).toBe("signed by the catalog");

    const get = await sign(app, { region: "us-east-1", uri, method: "GET", headers: {} });
    const getRes = await send(get.body, "GET");
    expect(getRes.status).toBe(200);
    expect(await getRes.text()).toBe("signed by the catalog");

    const list = await sign(app, { region: "us-east-1", uri: `${endpoint}/${bucket}?list-type=2&prefix=${encodeURIComponent("wh/ns/t/data/")}`, method: "GET", headers: {} });
    const listRes = await send(list.body, "GET");
    expect(listRes.status).toBe(200);
    expect(await listRes.text()).toContain("wh/ns/t/data/signed.txt");
  });

  it("refuses to sign anything outside the table location with 403", async () => {
    const { app } = await withTable();
    const outside = [
      { uri: `${endpoint}/${bucket}/wh/ns/other/data/x.parquet`, method: "PUT" },
      { uri: `${endpoint}/${bucket}/wh/ns/t/../other/x.parquet`, method: "GET" },
      { uri: `${endpoint}/${bucket}/wh/ns/t%2F..%2F..%2Fother/x`, method: "GET" },
      { uri: `${endpoint}/other-bucket/wh/ns/t/data/x.parquet`, method: "GET" },
      { uri: `${endpoint}/${bucket}?list-type=2&prefix=wh/`, method: "GET" },
      { uri: `${endpoint}/${bucket}`, method: "DELETE" },
      { uri: `http://169.254.169.254/${bucket}/wh/ns/t/x`, method: "GET" },
    ];
    for (const request of outside) {
      const reply = await sign(app, { region: "us-east-1", headers: {}, ...request });
      expect([request.uri, reply.status, reply.body.error?.type]).toEqual([request.uri, 403, "ForbiddenException"]);
    }
    const deleteOutside = await sign(app, {
      region: "us-east-1",
      uri: `${endpoint}/${bucket}?delete`,
      method: "POST",
      headers: {},
      body: "<Delete><Object><Key>wh/ns/t/data/a</Key></Object><Object><Key>wh/ns/u/data/b</Key></Object></Delete>",
    });
    expect(deleteOutside.status).toBe(403);
    const deleteInside = await sign(app, {
      region: "us-east-1",
      uri: `${endpoint}/${bucket}?delete`,
      method: "POST",
      headers: {},
      body: "<Delete><Object><Key>wh/ns/t/data/a</Key></Object></Delete>",
    });
    expect(deleteInside.status).toBe(200);
    expect((await sign(app, { region: "us-east-1", uri: "not a uri", method: "GET", headers: {} })).status).toBe(400);
    expect((await call(app, "POST", "/v1/wh/namespaces/ns/tables/missing/sign", { region: "us-east-1", uri: `${endpoint}/${bucket}/wh/ns/missing/x`, method: "GET", headers: {} })).status).toBe(404);
  });

  it("prefers the mechanism the client lists first when both are enabled", async () => {
    const { app, logger } = await withTable({ vend: true, sign: true });
    const signing = await call(app, "GET", "/v1/wh/namespaces/ns/tables/t", undefined, { "x-iceberg-access-delegation": "remote-signing,vended-credentials" });
    expect(signing.body.config["s3.remote-signing-enabled"]).toBe("true");
    expect(signing.body["storage-credentials"]).toBeUndefined();
    const vended = await call(app, "GET", "/v1/wh/namespaces/ns/tables/t", undefined, { "x-iceberg-access-delegation": "vended-credentials,remote-signing" });
    expect(vended.body["storage-credentials"][0].config["s3.access-key-id"]).toBe("dativo");
    const none = await call(app, "GET", "/v1/wh/namespaces/ns/tables/t");
    expect(none.body.config).toEqual({});
    expect(JSON.stringify(logger.lines)).not.toContain(credentials.secretAccessKey);
  });
});
