/**
 * Hands a job's connectors their credentials (fixes config-format.md §12 #17). For each side,
 * in order of precedence: the job's own `connection` values (with `${secret:…}` references
 * resolved), the job's `credentials` (§9.5), the tenant's conventional secret (`postgres.env`,
 * `mysql.env`, `s3.env`/`iceberg.env`/`minio.env`, `stripe_api_key`, `hubspot_api_key`,
 * `gsheets.json`, `gdrive.json` — or whatever the recipe's `file_template` names), then the
 * environment fallbacks of §2.
 */
import type { ResolvedJob } from "../config/load-job.ts";
import { type StorageSettings, storageSettings } from "../config/target-settings.ts";
import { IngestError } from "../errors.ts";
import type { SecretResolver } from "./secret-resolver.ts";

type Block = Record<string, unknown>;
type Env = Readonly<Record<string, string | undefined>>;

export interface ConnectorSecrets {
  source: { connection: Block; credentials: Block };
  target: { connection: Block; storage: StorageSettings };
}

const isObj = (v: unknown): v is Block => v !== null && typeof v === "object" && !Array.isArray(v);

/** The secret a recipe's `file_template` names (`/secrets/{tenant}/postgres.env` → `postgres`). */
export function secretNameFromTemplate(template: string | undefined): string | undefined {
  if (!template) return undefined;
  const base = template.split("/").pop() ?? "";
  const dot = base.lastIndexOf(".");
  return (dot > 0 ? base.slice(0, dot) : base).toLowerCase() || undefined;
}

const dbKeys = {
  postgres: { host: ["PGHOST"], port: ["PGPORT"], database: ["PGDATABASE"], user: ["PGUSER"], password: ["PGPASSWORD"] },
  mysql: { host: ["MYSQL_HOST"], port: ["MYSQL_PORT"], database: ["MYSQL_DATABASE", "MYSQL_DB"], user: ["MYSQL_USER"], password: ["MYSQL_PASSWORD"] },
} as const;

function pick(sources: (Block | Env | undefined)[], keys: readonly string[]): unknown {
  for (const s of sources) {
    if (!s) continue;
    for (const k of keys) {
      const v = (s as Block)[k];
      if (v !== undefined && v !== null && v !== "") return v;
    }
  }
  return undefined;
}

async function mapSecret(secrets: SecretResolver, names: string[]): Promise<Block | undefined> {
  for (const n of names) {
    const v = await secrets.find(n);
    if (isObj(v)) return v;
  }
  return undefined;
}

async function databaseConnection(kind: "postgres" | "mysql", connection: Block, credentials: Block, secret: Block | undefined, env: Env): Promise<Block> {
  const out: Block = { ...connection };
  for (const [field, envKeys] of Object.entries(dbKeys[kind])) {
    if (out[field] !== undefined && out[field] !== "") continue;
    const v = pick([credentials, secret], [field, ...envKeys, ...(field === "user" ? ["username"] : [])]) ?? pick([env], envKeys);
    if (v !== undefined) out[field] = v;
  }
  const defaults: Block =
    kind === "postgres"
      ? { host: "localhost", port: 5432, database: "postgres", user: env.USER || "postgres" }
      : { host: "localhost", port: 3306, user: env.USER || "root", charset: "utf8mb4" };
  for (const [k, v] of Object.entries(defaults)) if (out[k] === undefined || out[k] === "") out[k] = v;
  if (typeof out.port === "string" && /^\d+$/.test(out.port)) out.port = Number(out.port);
  return out;
}

async function sourceCredentials(job: ResolvedJob, credentials: Block, secrets: SecretResolver, env: Env): Promise<Block> {
  const recipe = job.sourceRecipe.credentials;
  const out: Block = { ...credentials };
  if (recipe.type === "api_key" && out.api_key === undefined) {
    const names = [recipe.from_env?.toLowerCase(), `${job.sourceRecipe.type}_api_key`].filter((n): n is string => !!n);
    for (const n of names) {
      const v = await secrets.find(n);
      if (typeof v === "string" && v !== "") {
        out.api_key = v;
        break;
      }
    }
    if (out.api_key === undefined && recipe.from_env && env[recipe.from_env]) out.api_key = env[recipe.from_env];
    if (out.api_key === undefined) {
      const name = names[0] ?? `${job.sourceRecipe.type}_api_key`;
      throw new IngestError(
        "secret.missing",
        `secret \`${name}\` not found for tenant \`${job.tenant}\` (looked in ${secrets.where(name)}${recipe.from_env ? `; environment variable ${recipe.from_env}` : ""}); create it or set \`source.credentials.api_key\``,
        { secret: name, tenant: job.tenant },
      );
    }
  }
  if (recipe.type === "service_account" && out.service_account === undefined) {
    const name = secretNameFromTemplate(recipe.file_template) ?? job.sourceRecipe.type;
    const v = await secrets.find(name);
    if (v === undefined) {
      throw new IngestError("secret.missing", `secret \`${name}\` not found for tenant \`${job.tenant}\` (looked in ${secrets.where(name)}); add the service account JSON there`, {
        secret: name,
        tenant: job.tenant,
      });
    }
    out.service_account = v;
  }
  return out;
}

function storageFromMap(m: Block | undefined): StorageSettings {
  if (!m) return {};
  const s: StorageSettings = {};
  const set = (k: keyof StorageSettings, keys: string[]) => {
    const v = pick([m], keys);
    if (typeof v === "string") (s as Record<string, unknown>)[k] = v;
  };
  set("bucket", ["bucket", "S3_BUCKET", "MINIO_BUCKET"]);
  set("endpoint", ["endpoint", "S3_ENDPOINT", "MINIO_ENDPOINT", "AWS_ENDPOINT_URL"]);
  set("region", ["region", "AWS_REGION", "AWS_DEFAULT_REGION"]);
  set("accessKeyId", ["access_key_id", "AWS_ACCESS_KEY_ID", "MINIO_ACCESS_KEY"]);
  set("secretAccessKey", ["secret_access_key", "AWS_SECRET_ACCESS_KEY", "MINIO_SECRET_KEY"]);
  return s;
}

/** Resolves both sides' connection settings for the tenant; throws `secret.missing` for a missing reference. */
export async function resolveConnectorSecrets(job: ResolvedJob, secrets: SecretResolver, env: Env): Promise<ConnectorSecrets> {
  const sourceConnection = await secrets.resolveRefs(isObj(job.source.connection) ? job.source.connection : {});
  const sourceCreds = await secrets.resolveRefs(isObj(job.source.credentials) ? job.source.credentials : {});
  const targetConnection = await secrets.resolveRefs(isObj(job.target.connection) ? job.target.connection : {});
  const type = job.sourceRecipe.type;
  let connection: Block = sourceConnection;
  if (type === "postgres" || type === "mysql") {
    const secret = await mapSecret(secrets, [secretNameFromTemplate(job.sourceRecipe.credentials.file_template) ?? type, type]);
    connection = await databaseConnection(type, sourceConnection, sourceCreds, secret, env);
  }
  const credentials = await sourceCredentials(job, sourceCreds, secrets, env);
  const explicit = storageSettings(targetConnection, {});
  const fromSecret = storageFromMap(await mapSecret(secrets, [secretNameFromTemplate(job.targetRecipe.credentials.file_template) ?? job.targetRecipe.type, "s3", "iceberg", "minio"]));
  const fromEnv = storageSettings({}, env);
  const storage: StorageSettings = { ...fromEnv, ...fromSecret, ...explicit };
  return { source: { connection, credentials }, target: { connection: targetConnection, storage } };
}
