/**
 * Target settings from the merged target block (config-format.md §3.3, §11.6, §11.7):
 * where tables live, which catalog holds them, how files are cut and compressed.
 * The catalog defaults to the embedded `files` catalog (DESIGN.md: needs no server); the
 * original's `nessie` means an Iceberg REST catalog at the Nessie URI.
 */
import type { Env } from "./env-expand.ts";
import type { Block } from "./merge-job.ts";
import type { Problem } from "./problems.ts";

export type CatalogSettings =
  | { type: "files" }
  | { type: "rest"; uri: string; warehouse?: string; ref?: string; options: Record<string, unknown> }
  | { type: "postgres"; url?: string; options: Record<string, unknown> }
  | { type: "none" };

export interface StorageSettings {
  bucket?: string;
  endpoint?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  pathStyle?: boolean;
}

export interface TargetSettings {
  /** Table root, `s3://bucket/` or any location an ObjectStore understands. */
  warehouse: string;
  catalog: CatalogSettings;
  /** Nessie/REST branch; the tenant id when a catalog is set and no branch is given (§3.9). */
  branch?: string;
  partitioning: string[];
  maxFileSizeBytes: number;
  compression: "snappy" | "zstd";
  fileFormat: string;
  /** Object storage from `connection.s3`, `connection.minio` or flat keys (fixes §12 #31). */
  storage: StorageSettings;
}

const MB = 1024 * 1024;
export const DEFAULT_MAX_FILE_MB = 128;

const isObj = (v: unknown): v is Block => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined);

export function storageSettings(connection: Block, env: Env): StorageSettings {
  const nested = isObj(connection.s3) ? connection.s3 : isObj(connection.minio) ? connection.minio : connection;
  const s: StorageSettings = {
    bucket: str(nested.bucket) ?? str(env.S3_BUCKET),
    endpoint: str(nested.endpoint) ?? str(env.S3_ENDPOINT) ?? str(env.MINIO_ENDPOINT),
    region: str(nested.region) ?? str(env.AWS_REGION),
    accessKeyId: str(nested.access_key_id) ?? str(env.AWS_ACCESS_KEY_ID) ?? str(env.MINIO_ACCESS_KEY),
    secretAccessKey: str(nested.secret_access_key) ?? str(env.AWS_SECRET_ACCESS_KEY) ?? str(env.MINIO_SECRET_KEY),
  };
  if (typeof nested.path_style_access === "boolean") s.pathStyle = nested.path_style_access;
  for (const k of Object.keys(s) as (keyof StorageSettings)[]) if (s[k] === undefined) delete s[k];
  return s;
}

function nessieUri(connection: Block, env: Env): string | undefined {
  const n = connection.nessie;
  const uri = typeof n === "string" ? n : isObj(n) ? str(n.uri) : undefined;
  return uri ?? str(env.NESSIE_URI);
}

export function catalogSettings(value: unknown, connection: Block, env: Env, file: string, problems: Problem[]): CatalogSettings {
  if (value === undefined || value === null) return { type: "files" };
  if (value === false || value === "" || value === "none") return { type: "none" };
  const spec: Block = typeof value === "string" ? { type: value } : isObj(value) ? value : {};
  const type = String(spec.type ?? "").toLowerCase();
  const options = Object.fromEntries(Object.entries(spec).filter(([k]) => k !== "type"));
  switch (type) {
    case "files":
    case "embedded":
    case "file":
      return { type: "files" };
    case "rest":
    case "nessie":
    case "polaris":
    case "lakekeeper":
    case "r2": {
      const raw = str(spec.uri) ?? str(spec.url) ?? nessieUri(connection, env) ?? (type === "nessie" ? "http://localhost:19120/api/v1" : undefined);
      if (!raw) {
        problems.push({ file, path: "target.catalog.uri", problem: "required key is missing for a REST catalog", fix: "add `uri:` (the catalog's base URL)" });
        return { type: "none" };
      }
      // The original strips a trailing Nessie API version (§11.7); the Iceberg REST root is below it.
      const uri = type === "nessie" ? raw.replace(/\/api\/v[12]\/?$/, "") : raw;
      const out: CatalogSettings = { type: "rest", uri, options };
      if (str(spec.warehouse)) out.warehouse = str(spec.warehouse);
      if (str(spec.ref)) out.ref = str(spec.ref);
      return out;
    }
    case "postgres":
    case "postgresql":
    case "jdbc": {
      const out: CatalogSettings = { type: "postgres", options };
      const url = str(spec.url) ?? str(spec.uri) ?? str(spec.connection_string);
      if (url) out.url = url;
      return out;
    }
    case "none":
      return { type: "none" };
    default:
      problems.push({ file, path: "target.catalog", problem: "unknown catalog type", value: spec.type ?? value, fix: "use files (default), rest, nessie, postgres or none" });
      return { type: "none" };
  }
}

export function targetSettings(target: Block, env: Env, file: string, problems: Problem[]): TargetSettings {
  const connection = isObj(target.connection) ? target.connection : {};
  const storage = storageSettings(connection, env);
  const catalog = catalogSettings(target.catalog, connection, env, file, problems);
  const native = isObj(target.engine) && isObj((target.engine as Block).options) ? (((target.engine as Block).options as Block).native as Block | undefined) : undefined;
  const sizeMb = target.max_file_size_mb ?? target.parquet_target_size_mb ?? (isObj(native) ? native.max_file_size_mb : undefined) ?? DEFAULT_MAX_FILE_MB;
  const compressionRaw = target.compression ?? (isObj(native) ? native.compression : undefined) ?? "snappy";
  const compression = String(compressionRaw).toLowerCase();
  if (compression !== "snappy" && compression !== "zstd") {
    problems.push({ file, path: "target.compression", problem: "unsupported compression", value: compressionRaw, fix: "use snappy or zstd" });
  }
  const warehouse =
    str(target.warehouse) ?? (catalog.type === "rest" ? catalog.warehouse : undefined) ?? (storage.bucket ? `s3://${storage.bucket}/` : "s3://lake/");
  const settings: TargetSettings = {
    warehouse,
    catalog,
    partitioning: Array.isArray(target.partitioning) ? target.partitioning.map(String) : [],
    maxFileSizeBytes: Math.round(Number(sizeMb) * MB),
    compression: compression === "zstd" ? "zstd" : "snappy",
    fileFormat: str(target.file_format) ?? "parquet",
    storage,
  };
  if (str(target.branch)) settings.branch = str(target.branch);
  return settings;
}
