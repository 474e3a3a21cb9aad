/**
 * What the Worker gets from its bindings (wrangler.toml): the R2 bucket of the warehouse and a
 * few plain variables. Bindings are the Worker's environment, so the platform's `env` is these.
 */
import type { R2BucketLike } from "../stores/r2-store.ts";
import { r2Store } from "../stores/r2-store.ts";
import type { ObjectStore } from "../../runtime/object-store.ts";

export interface WorkerEnv {
  /** The warehouse bucket: data, metadata and the `_catalog/` pointers of the files catalog. */
  WAREHOUSE: R2BucketLike;
  /** The bucket's real name, so table locations read `s3://<name>/…` for engines using R2's S3 API. */
  WAREHOUSE_BUCKET_NAME?: string;
  /** When set, `/ingest/*` needs `Authorization: Bearer <token>`. */
  INGEST_TOKEN?: string;
  /**
   * Who may call the catalog routes (server/auth/tenants.ts), as JSON; the tenants' `warehouse`
   * is `WAREHOUSE_NAME`. Unset: open mode, every request allowed (a Worker reachable only from
   * inside your account, or behind Cloudflare Access).
   */
  TENANTS?: string;
  /** The warehouse name clients pass (`/v1/config?warehouse=`); default `default`. */
  WAREHOUSE_NAME?: string;
  /** Jobs for the `scheduled` handler, as JSON: see `scheduled-jobs.ts`. */
  JOBS?: string;
}

export function warehouseStore(env: WorkerEnv): ObjectStore {
  return r2Store(env.WAREHOUSE, { bucketName: env.WAREHOUSE_BUCKET_NAME ?? "warehouse" });
}
