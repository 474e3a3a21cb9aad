/**
 * The warehouse store of a job or server: a local folder (fs store) or `s3://bucket/prefix`
 * (any S3 API; endpoint, keys and region from the target's connection or the environment,
 * config-format.md §2 and §11.7).
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ObjectStore } from "../../runtime/object-store.ts";
import type { StorageSettings } from "../../runtime/config/target-settings.ts";
import { IngestError } from "../../runtime/errors.ts";
import { fsStore } from "../stores/fs-store.ts";
import { nodeFsApi } from "./node-fs-api.ts";

export async function openWarehouse(
  target: { warehouse: string; storage: StorageSettings },
  env: Record<string, string | undefined>,
): Promise<ObjectStore> {
  const location = target.warehouse.replace(/\/+$/, "");
  const s3 = /^s3[an]?:\/\/([^/]+)\/?(.*)$/.exec(location);
  if (s3) {
    // The S3 SDK loads only for S3 warehouses: a local job never pays its start-up.
    const [{ S3Client }, { s3Store }] = await Promise.all([import("@aws-sdk/client-s3"), import("../stores/s3-store.ts")]);
    const storage = target.storage;
    const endpoint = storage.endpoint ?? env.S3_ENDPOINT ?? env.AWS_ENDPOINT_URL;
    const accessKeyId = storage.accessKeyId ?? env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = storage.secretAccessKey ?? env.AWS_SECRET_ACCESS_KEY;
    const client = new S3Client({
      region: storage.region ?? env.AWS_REGION ?? "us-east-1",
      endpoint,
      forcePathStyle: storage.pathStyle ?? Boolean(endpoint),
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    });
    return s3Store({ bucket: s3[1]!, prefix: s3[2] ?? "", client });
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location) && !location.startsWith("file://")) {
    throw new IngestError(
      "config.invalid",
      `warehouse ${location} uses a scheme this build cannot write to; use a local folder, file://… or s3://bucket/prefix`,
    );
  }
  const dir = location.startsWith("file://") ? fileURLToPath(location) : resolve(location);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (cause) {
    throw new IngestError("store.denied", `warehouse folder ${dir} cannot be created (${(cause as Error).message}); choose a writable target.warehouse`, {}, { cause });
  }
  return fsStore(dir, nodeFsApi());
}
