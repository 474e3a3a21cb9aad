/**
 * A TenantDirectory whose async setup (digests, HMAC key import) runs on first use, so that
 * `createApp` can stay synchronous.
 */
import type { Clock } from "../../runtime/platform.ts";
import { createTenantDirectory, type TenantDirectory } from "./tenant-directory.ts";
import type { TenantsConfig } from "./tenants.ts";

export function lazyTenantDirectory(config: TenantsConfig, clock: Clock): TenantDirectory {
  let ready: Promise<TenantDirectory> | undefined;
  const get = () => (ready ??= createTenantDirectory(config, clock));
  return {
    tokenTtlSeconds: config.tokenTtlSeconds,
    tenantForToken: async (token) => (await get()).tenantForToken(token),
    tenantForClient: async (id, secret) => (await get()).tenantForClient(id, secret),
    issueToken: async (tenant) => (await get()).issueToken(tenant),
  };
}
