/**
 * Auth and tenancy: bearer tokens, the OAuth2 client_credentials endpoint, one warehouse per
 * tenant selected by prefix (401 without a valid token, 403 for another tenant's warehouse),
 * credential vending only on request, and request logs that never hold a secret.
 */
import { describe, expect, it } from "bun:test";
import { memoryCatalog } from "../../adapters/catalogs/memory-catalog.ts";
import { memoryStore } from "../../adapters/stores/memory-store.ts";
import { isIngestError } from "../../runtime/errors.ts";
import { tenantsFromObject } from "../../server/auth/tenants.ts";
import { createApp } from "../../server/create-app.ts";
import { staticCredentialVendor } from "../../server/static-credential-vendor.ts";
import { call, recordingLogger, simpleSchema } from "./helpers.ts";

const acmeToken = "acme-static-token-0123456789";
const globexToken = "globex-static-token-9876543210";
const acmeSecret = "acme-client-secret-abcdefghij";
const sha256 = (s: string) => new Bun.CryptoHasher("sha256").update(s).digest("hex");

function tenantApp(now = { t: 1_800_000_000_000 }) {
  const tenants = tenantsFromObject({
    signingKey: "k".repeat(40),
    tokenTtlSeconds: 600,
    tenants: [
      { name: "acme", warehouse: "acme", tokens: [acmeToken], clients: [{ clientId: "acme-etl", clientSecret: acmeSecret }] },
      { name: "globex", warehouse: "globex", tokens: [`sha256:${sha256(globexToken)}`] },
    ],
  });
  const catalogs = { acme: memoryCatalog(), globex: memoryCatalog() };
  const logger = recordingLogger();
  const app = createApp({
    catalogForWarehouse: (w) => catalogs[w as keyof typeof catalogs],
    tenants,
    logger,
    clock: { now: () => now.t },
  });
  return { app, catalogs, logger, now };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function getToken(app: ReturnType<typeof tenantApp>["app"], form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await app.request(
    new Request("http://x/v1/oauth/tokens", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(form).toString(),
    }),
  );
  return { status: res.status, body: (await res.json()) as any };
}

describe("tenants", () => {
  it("answers requests without a valid token with 401 NotAuthorizedException", async () => {
    const { app } = tenantApp();
    for (const headers of [{}, bearer("wrong-token-000000000"), { authorization: `Basic ${btoa("a:b")}` }]) {
      const config = await call(app, "GET", "/v1/config", undefined, headers);
      expect(config.status).toBe(401);
      expect(config.body.error.type).toBe("NotAuthorizedException");
      const list = await call(app, "GET", "/v1/acme/namespaces", undefined, headers);
      expect(list.status).toBe(401);
    }
  });

  it("gives each tenant its own warehouse and answers another tenant's with 403", async () => {
    const { app, catalogs } = tenantApp();
    expect((await call(app, "GET", "/v1/config", undefined, bearer(acmeToken))).body.overrides.prefix).toBe("acme");
    expect((await call(app, "GET", "/v1/config?warehouse=globex", undefined, bearer(acmeToken))).status).toBe(403);
    expect((await call(app, "POST", "/v1/acme/namespaces", { namespace: ["sales"] }, bearer(acmeToken))).status).toBe(200);
    const forbidden = await call(app, "GET", "/v1/globex/namespaces", undefined, bearer(acmeToken));
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.type).toBe("ForbiddenException");
    expect((await call(app, "POST", "/v1/globex/namespaces", { namespace: ["x"] }, bearer(acmeToken))).status).toBe(403);
    expect((await call(app, "GET", "/v1/nowhere/namespaces", undefined, bearer(acmeToken))).status).toBe(403);
    // A digest-configured token works, and prefix-less routes mean the tenant's own warehouse.
    expect((await call(app, "POST", "/v1/namespaces", { namespace: ["ops"] }, bearer(globexToken))).status).toBe(200);
    expect((await catalogs.acme.listNamespaces()).items).toEqual([["sales"]]);
    expect((await catalogs.globex.listNamespaces()).items).toEqual([["ops"]]);
  });

  it("issues short-lived signed tokens for client credentials, in the body or as Basic auth", async () => {
    const { app, now } = tenantApp();
    const issued = await getToken(app, { grant_type: "client_credentials", client_id: "acme-etl", client_secret: acmeSecret, scope: "catalog" });
    expect(issued.status).toBe(200);
    expect(issued.body.token_type).toBe("bearer");
    expect(issued.body.expires_in).toBe(600);
    const token = issued.body.access_token as string;
    expect((await call(app, "GET", "/v1/acme/namespaces", undefined, bearer(token))).status).toBe(200);
    expect((await call(app, "GET", "/v1/globex/namespaces", undefined, bearer(token))).status).toBe(403);

    const tampered = token.slice(0, -2) + (token.endsWith("A") ? "BB" : "AA");
    expect((await call(app, "GET", "/v1/acme/namespaces", undefined, bearer(tampered))).status).toBe(401);
    now.t += 601_000;
    expect((await call(app, "GET", "/v1/acme/namespaces", undefined, bearer(token))).status).toBe(401);

    const basic = await getToken(app, { grant_type: "client_credentials" }, { authorization: `Basic ${btoa(`acme-etl:${acmeSecret}`)}` });
    expect(basic.status).toBe(200);
  });

  it("refuses wrong client credentials and other grant types in the OAuth error shape", async () => {
    const { app } = tenantApp();
    const wrong = await getToken(app, { grant_type: "client_credentials", client_id: "acme-etl", client_secret: "not-the-secret-at-all" });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe("invalid_client");
    const unknown = await getToken(app, { grant_type: "client_credentials", client_id: "nobody", client_secret: acmeSecret });
    expect(unknown.status).toBe(401);
    const grant = await getToken(app, { grant_type: "password", username: "a", password: "b" });
    expect(grant.status).toBe(400);
    expect(grant.body.error).toBe("unsupported_grant_type");
    const missing = await getToken(app, { grant_type: "client_credentials" });
    expect(missing.body.error).toBe("invalid_request");
  });

  it("writes request logs that hold no token, secret or issued token", async () => {
    const { app, logger } = tenantApp();
    const issued = await getToken(app, { grant_type: "client_credentials", client_id: "acme-etl", client_secret: acmeSecret });
    const token = issued.body.access_token as string;
    await call(app, "GET", "/v1/acme/namespaces", undefined, bearer(token));
    await call(app, "GET", "/v1/acme/namespaces", undefined, bearer(acmeToken));
    await call(app, "GET", "/v1/globex/namespaces", undefined, bearer(globexToken));
    await call(app, "GET", "/v1/acme/namespaces", undefined, bearer("some-wrong-token-123456"));
    const text = JSON.stringify(logger.lines);
    expect(logger.lines.filter((l) => l.fields.event === "http.request")).toHaveLength(5);
    for (const secret of [acmeToken, globexToken, acmeSecret, token, token.split(".")[2]!, "some-wrong-token-123456", "k".repeat(40)]) {
      expect(text).not.toContain(secret);
    }
    expect(logger.lines.find((l) => l.fields.operation === "listNamespaces")?.fields.tenant).toBe("acme");
  });

  it("rejects invalid tenants configurations with the problem named", () => {
    const bad = [
      { tenants: [] },
      { tenants: [{ name: "a", warehouse: "a" }] },
      { tenants: [{ name: "a", warehouse: "a", tokens: ["short"] }] },
      { tenants: [{ name: "a", warehouse: "namespaces", tokens: [acmeToken] }] },
      { tenants: [{ name: "a", warehouse: "a/b", tokens: [acmeToken] }] },
      { signingKey: "too-short", tenants: [{ name: "a", warehouse: "a", tokens: [acmeToken] }] },
      {
        tenants: [
          { name: "a", warehouse: "a", clients: [{ clientId: "c", clientSecret: acmeSecret }] },
          { name: "b", warehouse: "b", clients: [{ clientId: "c", clientSecret: acmeSecret }] },
        ],
      },
    ];
    for (const config of bad) {
      let error: unknown;
      try {
        tenantsFromObject(config, "test tenants");
      } catch (e) {
        error = e;
      }
      expect(isIngestError(error, "config.invalid")).toBe(true);
      expect((error as Error).message).toContain("test tenants");
    }
  });
});

describe("open mode", () => {
  it("logs a warning that the server is open and serves without tokens", async () => {
    const logger = recordingLogger();
    const app = createApp({ catalog: memoryCatalog(), logger });
    expect(logger.lines.some((l) => l.level === "warn" && /open mode/.test(l.message))).toBe(true);
    expect((await call(app, "GET", "/v1/config")).body.overrides.prefix).toBe("default");
    expect((await call(app, "GET", "/v1/default/namespaces")).status).toBe(200);
    const token = await app.request(new Request("http://x/v1/oauth/tokens", { method: "POST", body: "grant_type=client_credentials" }));
    expect(token.status).toBe(400);
  });
});

describe("credential vending", () => {
  const s3Warehouse = () => {
    // A memory store rooted at an s3:// location, so tables get s3:// locations.
    const store = { ...memoryStore("x"), root: "s3://bucket/wh" };
    return memoryCatalog({ store });
  };
  const keys = { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "vend-secret-key-0123456789", endpoint: "http://127.0.0.1:57480", region: "us-east-1", pathStyle: true };

  it("vends S3 credentials for the table location only when X-Iceberg-Access-Delegation asks", async () => {
    const logger = recordingLogger();
    const app = createApp({ catalog: s3Warehouse(), warehouse: { name: "wh", location: "s3://bucket/wh" }, logger, credentialVendor: staticCredentialVendor(keys) });
    await call(app, "POST", "/v1/wh/namespaces", { namespace: ["ns"] });
    const plain = await call(app, "POST", "/v1/wh/namespaces/ns/tables", { name: "t", schema: simpleSchema });
    expect(plain.body["storage-credentials"]).toBeUndefined();
    expect(JSON.stringify(plain.body)).not.toContain(keys.secretAccessKey);
    const loadPlain = await call(app, "GET", "/v1/wh/namespaces/ns/tables/t");
    expect(JSON.stringify(loadPlain.body)).not.toContain(keys.secretAccessKey);
    const refreshPlain = await call(app, "GET", "/v1/wh/namespaces/ns/tables/t/credentials");
    expect(refreshPlain.body["storage-credentials"]).toEqual([]);

    const asked = await call(app, "GET", "/v1/wh/namespaces/ns/tables/t", undefined, { "x-iceberg-access-delegation": "vended-credentials" });
    expect(asked.body["storage-credentials"]).toEqual([
      {
        prefix: "s3://bucket/wh/ns/t",
        config: {
          "s3.access-key-id": keys.accessKeyId,
          "s3.secret-access-key": keys.secretAccessKey,
          "s3.path-style-access": "true",
          "client.region": "us-east-1",
          "s3.region": "us-east-1",
          "s3.endpoint": keys.endpoint,
        },
      },
    ]);
    expect(asked.body.config["s3.access-key-id"]).toBe(keys.accessKeyId);
    const refresh = await call(app, "GET", "/v1/wh/namespaces/ns/tables/t/credentials", undefined, { "x-iceberg-access-delegation": "vended-credentials" });
    expect(refresh.body["storage-credentials"][0].prefix).toBe("s3://bucket/wh/ns/t");
    const signingOnly = await call(app, "GET", "/v1/wh/namespaces/ns/tables/t", undefined, { "x-iceberg-access-delegation": "remote-signing" });
    expect(signingOnly.body["storage-credentials"]).toBeUndefined();
    expect(JSON.stringify(logger.lines)).not.toContain(keys.secretAccessKey);
    expect((await call(app, "GET", "/v1/config")).body.endpoints).toContain("GET /v1/{prefix}/namespaces/{namespace}/tables/{table}/credentials");
  });

  it("vends nothing for a warehouse outside S3", async () => {
    const app = createApp({ catalog: memoryCatalog(), logger: recordingLogger(), credentialVendor: staticCredentialVendor(keys) });
    await call(app, "POST", "/v1/namespaces", { namespace: ["ns"] });
    await call(app, "POST", "/v1/namespaces/ns/tables", { name: "t", schema: simpleSchema });
    const asked = await call(app, "GET", "/v1/namespaces/ns/tables/t", undefined, { "x-iceberg-access-delegation": "vended-credentials" });
    expect(asked.body["storage-credentials"]).toBeUndefined();
    expect(asked.body.config).toEqual({});
  });
});
