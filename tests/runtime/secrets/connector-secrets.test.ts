import { describe, expect, it } from "bun:test";
import { loadJob } from "../../../runtime/config/load-job.ts";
import { IngestError } from "../../../runtime/errors.ts";
import { resolveConnectorSecrets } from "../../../runtime/secrets/connector-secrets.ts";
import { envSecrets } from "../../../runtime/secrets/env-secrets.ts";
import { filesystemSecrets } from "../../../runtime/secrets/filesystem-secrets.ts";
import { createSecretResolver } from "../../../runtime/secrets/secret-resolver.ts";
import { memoryFiles } from "../config/memory-files.ts";
import { shippedFiles } from "../config/shipped.ts";

const asset = `name: t\nversion: "1"\nschema: [{name: id, type: integer}]\n`;

function project(connector: string, source: string, secrets: Record<string, string> = {}) {
  const job = `tenant_id: acme
source_connector_path: connectors/${connector}.yaml
target_connector_path: connectors/iceberg.yaml
asset_path: assets/t.yaml
source:
${source}`;
  return memoryFiles({ "assets/t.yaml": asset, "jobs/j.yaml": job, ...Object.fromEntries(Object.entries(secrets).map(([k, v]) => [`/secrets/acme/${k}`, v])) });
}

async function resolveFor(files: ReturnType<typeof memoryFiles>, env: Record<string, string> = {}) {
  const job = await loadJob("jobs/j.yaml", { files, env, shipped: shippedFiles() });
  const secrets = createSecretResolver(job.tenant, [envSecrets(env), filesystemSecrets({ files, dir: "/secrets", env })]);
  return resolveConnectorSecrets(job, secrets, env);
}

describe("connector secrets", () => {
  it("fills a Postgres connection from the tenant's postgres.env, then PG* variables, then defaults", async () => {
    const files = project("postgres", "  tables: [{name: orders}]\n", { "postgres.env": "PGHOST=db.internal\nPGUSER=loader\nPGPASSWORD=s3cr3t\n" });
    const r = await resolveFor(files, { PGPORT: "55432" });
    expect(r.source.connection).toEqual({ port: 55432, host: "db.internal", user: "loader", password: "s3cr3t", database: "postgres" });
  });

  it("lets the job's connection and credentials win over the secret", async () => {
    const files = project("postgres", "  tables: [{name: orders}]\n  connection: {host: h1, password: '${secret:vault_pg.pw}'}\n  credentials: {user: u2}\n", {
      "postgres.env": "PGHOST=db\nPGUSER=loader\nPGPASSWORD=x\n",
      "vault_pg.json": '{"pw": "from-json"}',
    });
    const r = await resolveFor(files);
    expect(r.source.connection).toMatchObject({ host: "h1", password: "from-json", user: "u2", port: 5432 });
  });

  it("fills MySQL from mysql.env", async () => {
    const files = project("mysql", "  tables: [{name: orders}]\n", { "mysql.env": "MYSQL_HOST=127.0.0.1\nMYSQL_PORT=53306\nMYSQL_DB=dativo\nMYSQL_USER=dativo\nMYSQL_PASSWORD=dativo\n" });
    const r = await resolveFor(files);
    expect(r.source.connection).toEqual({ host: "127.0.0.1", port: 53306, database: "dativo", user: "dativo", password: "dativo", charset: "utf8mb4" });
  });

  it("gives Stripe its API key from the stripe_api_key secret", async () => {
    const r = await resolveFor(project("stripe", "  objects: [charges]\n", { stripe_api_key: "sk_test_123\n" }));
    expect(r.source.credentials).toMatchObject({ type: "api_key", api_key: "sk_test_123" });
  });

  it("falls back to the recipe's from_env variable for an API key", async () => {
    const r = await resolveFor(project("hubspot", "  objects: [contacts]\n"), { HUBSPOT_API_KEY: "pat-1" });
    expect(r.source.credentials.api_key).toBe("pat-1");
  });

  it("says where a missing API key was looked for", async () => {
    const e = (await resolveFor(project("stripe", "  objects: [charges]\n")).catch((x: unknown) => x)) as IngestError;
    expect(e).toBeInstanceOf(IngestError);
    expect(e.code).toBe("secret.missing");
    expect(e.message).toBe(
      "secret `stripe_api_key` not found for tenant `acme` (looked in environment variables DATIVO_SECRET__ACME__STRIPE_API_KEY or DATIVO_SECRET__GLOBAL__STRIPE_API_KEY; files /secrets/acme/stripe_api_key{,.env,.json,…}; environment variable STRIPE_API_KEY); create it or set `source.credentials.api_key`",
    );
  });

  it("gives Google Sheets the service account from gsheets.json", async () => {
    const r = await resolveFor(project("google_sheets", "  spreadsheets: [{id: s1}]\n", { "gsheets.json": '{"type":"service_account","client_email":"a@b"}' }));
    expect(r.source.credentials.service_account).toEqual({ type: "service_account", client_email: "a@b" });
  });

  it("fills target storage from s3.env under the job's explicit values", async () => {
    const files = project("csv", "  files: [{path: a.csv}]\n", { "s3.env": "AWS_ACCESS_KEY_ID=dativo\nAWS_SECRET_ACCESS_KEY=dativo-secret-key\nS3_ENDPOINT=http://other\n" });
    const r = await resolveFor(files, { AWS_REGION: "us-east-1" });
    expect(r.target.storage).toEqual({ accessKeyId: "dativo", secretAccessKey: "dativo-secret-key", endpoint: "http://other", region: "us-east-1", pathStyle: false });
  });
});
