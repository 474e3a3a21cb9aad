/**
 * Authentication and warehouse selection, in front of every `/v1` route but the token endpoint.
 * Open mode (no tenants): every caller is anonymous and sees the default warehouse. Tenants:
 * a bearer token is required (401 NotAuthorizedException without a valid one), and a request
 * for another warehouse than the tenant's gets 403 ForbiddenException.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv, Services } from "../app-env.ts";
import { RestError } from "../rest-error.ts";

export function authenticate(s: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!s.directory) {
      c.set("tenant", null);
      return next();
    }
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new RestError(401, "NotAuthorizedException", "missing bearer token; send Authorization: Bearer <token>");
    const tenant = await s.directory.tenantForToken(match[1]!);
    if (!tenant) throw new RestError(401, "NotAuthorizedException", "invalid or expired bearer token; request a new token");
    c.set("tenant", tenant);
    return next();
  };
}

/** Selects the warehouse from `{prefix}` (or the default / the tenant's own when absent). */
export function selectWarehouse(s: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const prefix = c.req.param("prefix" as never) as string | undefined;
    const tenant = c.get("tenant");
    if (tenant && prefix !== undefined && prefix !== tenant.warehouse) {
      throw new RestError(403, "ForbiddenException", `tenant \`${tenant.name}\` may not access warehouse ${JSON.stringify(prefix)}`);
    }
    const binding = await s.resolveWarehouse(prefix ?? tenant?.warehouse);
    if (!binding) {
      throw new RestError(404, "NoSuchWarehouseException", `warehouse ${JSON.stringify(prefix)} does not exist; call /v1/config for the prefix to use`);
    }
    c.set("warehouse", binding);
    return next();
  };
}
