import { describe, expect, it } from "bun:test";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { envSecrets } from "../../../runtime/secrets/env-secrets.ts";
import { filesystemSecrets } from "../../../runtime/secrets/filesystem-secrets.ts";
import { parseEnvText } from "../../../runtime/secrets/parse-secret.ts";
import { createSecretResolver } from "../../../runtime/secrets/secret-resolver.ts";
import { IngestError } from "../../../runtime/errors.ts";
import type { LocalFiles } from "../../../runtime/platform.ts";

/** Real files on disk, for the filesystem back end. */
function diskFiles(): LocalFiles {
  return {
    resolve: (p) => resolve(p),
    exists: async (p) => existsSync(p),
    readText: async (p) => readFileSync(p, "utf8"),
    listDir: async (p) => readdirSync(p).filter((f) => statSync(join(p, f)).isFile()),
  };
}

describe("env secrets", () => {
  const env = {
    DATIVO_SECRET__NORTHWIND__warehouse_db__env: "PGHOST=db\nPGUSER=loader",
    dativo_secret__northwind__STRIPE__API__KEY: "sk_test_abc",
    DATIVO_SECRET__GLOBAL__stripe_api_key: "sk_global",
    DATIVO_SECRET__ALL__gsheets__json: '{"client_email":"x@y", "key":"${KEY_PART}"}',
    DATIVO_SECRET__OTHER__hidden: "nope",
    DATIVO_SECRET__NORTHWIND__note__text: "{not json}",
    KEY_PART: "k1",
  };

  it("reads the tenant's and global secrets by the documented naming", async () => {
    const s = await envSecrets(env).load("northwind");
    expect(s).toEqual({
      warehouse_db: { PGHOST: "db", PGUSER: "loader" },
      stripe_api_key: "sk_test_abc",
      gsheets: { client_email: "x@y", key: "k1" },
      note: "{not json}",
    });
  });

  it("lets the tenant's secret win over a global one of the same name", async () => {
    expect((await envSecrets(env).load("northwind")).stripe_api_key).toBe("sk_test_abc");
    expect((await envSecrets(env).load("acme")).stripe_api_key).toBe("sk_global");
  });

  it("ignores global secrets when global scope is off", async () => {
    expect(await envSecrets(env, { allowGlobalScope: false }).load("acme")).toEqual({});
  });
});

describe("filesystem secrets", () => {
  const dir = mkdtempSync(join(tmpdir(), "dativo-secrets-"));
  mkdirSync(join(dir, "acme"));
  writeFileSync(join(dir, "acme", "postgres.env"), "# db\nPGHOST = db.internal\nPGPASSWORD='s3cr3t$HOME_X'\nnot a pair\n\n");
  writeFileSync(join(dir, "acme", "gsheets.json"), '{"type":"service_account","private_key":"-----BEGIN"}');
  writeFileSync(join(dir, "acme", "stripe_api_key"), "  sk_live_123  \n");
  writeFileSync(join(dir, "acme", ".hidden"), "x");

  it("reads .env, .json and raw files under <dir>/<tenant>", async () => {
    const s = await filesystemSecrets({ files: diskFiles(), dir }).load("acme");
    expect(s).toEqual({
      postgres: { PGHOST: "db.internal", PGPASSWORD: "s3cr3t$HOME_X" },
      gsheets: { type: "service_account", private_key: "-----BEGIN" },
      stripe_api_key: "sk_live_123",
    });
  });

  it("has nothing for a tenant without a folder", async () => {
    expect(await filesystemSecrets({ files: diskFiles(), dir }).load("nobody")).toEqual({});
  });

  it("resolves references across back ends, the first back end winning", async () => {
    const r = createSecretResolver("acme", [envSecrets({ DATIVO_SECRET__ACME__stripe_api_key: "sk_env" }), filesystemSecrets({ files: diskFiles(), dir })]);
    expect(await r.resolveRefs({ url: "postgres://app:${secret:postgres.PGPASSWORD}@${secret:postgres.pghost}/x", key: "${secret:stripe_api_key}", n: 1 })).toEqual({
      url: "postgres://app:s3cr3t$HOME_X@db.internal/x",
      key: "sk_env",
      n: 1,
    });
    expect((await r.values()).sort()).toEqual(["-----BEGIN", "db.internal", "s3cr3t$HOME_X", "service_account", "sk_env", "sk_live_123"].sort());
  });

  it("names the secret, the tenant and the places looked at when one is missing", async () => {
    const r = createSecretResolver("acme", [envSecrets({}), filesystemSecrets({ files: diskFiles(), dir: "/srv/secrets" })]);
    const e = await r.resolveRefs({ password: "${secret:warehouse.password}" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(IngestError);
    expect((e as IngestError).code).toBe("secret.missing");
    expect((e as IngestError).message).toBe(
      "secret `warehouse.password` not found for tenant `acme` (looked in environment variables DATIVO_SECRET__ACME__WAREHOUSE or DATIVO_SECRET__GLOBAL__WAREHOUSE; files /srv/secrets/acme/warehouse{,.env,.json,…}); create it there or fix the reference",
    );
  });

  it("says which key of a map secret is missing without showing the others", async () => {
    const r = createSecretResolver("acme", [filesystemSecrets({ files: diskFiles(), dir })]);
    const e = (await r.require("postgres", "PGUSER").catch((x: unknown) => x)) as IngestError;
    expect(e.code).toBe("secret.missing");
    expect(e.message).toContain("secret `postgres.PGUSER` not found for tenant `acme`");
    expect(e.message).not.toContain("s3cr3t");
  });
});

describe(".env parsing", () => {
  it("splits at the first = and strips quotes", () => {
    expect(parseEnvText('A=b=c\n export B = "q"\n#C=d\nE', { X: "1" })).toEqual({ A: "b=c", B: "q" });
  });

  it("expands set variables and leaves unset ones as written", () => {
    expect(parseEnvText("URL=${HOST}:$PORT/$NOPE", { HOST: "h", PORT: "1" })).toEqual({ URL: "h:1/$NOPE" });
  });
});
