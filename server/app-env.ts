/**
 * What every handler sees: the Hono context variables set by the auth and warehouse
 * middleware, and the services built once by `createApp`.
 */
import type { Context } from "hono";
import type { Catalog } from "../runtime/catalog.ts";
import type { Logger } from "../runtime/logger.ts";
import type { Clock } from "../runtime/platform.ts";
import type { TenantDirectory } from "./auth/tenant-directory.ts";
import type { Tenant } from "./auth/tenants.ts";
import type { CredentialVendor } from "./credential-vendor.ts";
import type { Metrics } from "./observability/metrics.ts";

export interface WarehouseBinding {
  /** The warehouse name, used as the `{prefix}` of its routes. */
  name: string;
  catalog: Catalog;
  /** Root location (`s3://bucket/prefix`, `file:///dir`); table and register locations must be inside. */
  location?: string;
}

export interface AppEnv {
  Variables: {
    operation: string;
    tenant: Tenant | null;
    warehouse: WarehouseBinding;
  };
}

export type AppContext = Context<AppEnv>;

export interface Services {
  logger: Logger;
  clock: Clock;
  maxBodyBytes: number;
  metrics: Metrics;
  credentialVendor?: CredentialVendor;
  directory?: TenantDirectory;
  /** The endpoints `/v1/config` advertises: exactly the routes registered. */
  endpoints: string[];
  /** The warehouse of that name; with no name, the default one (open mode). */
  resolveWarehouse(name: string | undefined): Promise<WarehouseBinding | undefined>;
}

export type Handler = (c: AppContext, s: Services) => Promise<Response>;
