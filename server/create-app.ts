/**
 * createApp: the Iceberg REST catalog (rest-catalog-open-api.yaml) over any `Catalog`, as a Hono
 * app. Every implementation arrives in `deps`; nothing here touches the host, so the same app
 * runs under Bun.serve, Deno.serve, a Worker's fetch handler and `app.request()` in tests.
 *
 * Every route is served twice: under `/v1/{prefix}/…` (the prefix names the warehouse, as
 * `/v1/config` tells clients) and without a prefix (`/v1/namespaces…`), which clients use when
 * they are given no warehouse (iceberg-js) — that form means the default or the tenant's own.
 */
import { Hono, type MiddlewareHandler } from "hono";
import type { Catalog } from "../runtime/catalog.ts";
import { IngestError } from "../runtime/errors.ts";
import type { Logger } from "../runtime/logger.ts";
import { systemClock, type Clock } from "../runtime/platform.ts";
import type { AppEnv, Services, WarehouseBinding } from "./app-env.ts";
import { authenticate, selectWarehouse } from "./auth/authenticate.ts";
import { lazyTenantDirectory } from "./auth/lazy-tenant-directory.ts";
import type { TenantsConfig } from "./auth/tenants.ts";
import type { CredentialVendor } from "./credential-vendor.ts";
import { errorResponse } from "./json-response.ts";
import { createMetrics, type Metrics } from "./observability/metrics.ts";
import { requestLog } from "./observability/request-log.ts";
import { defaultMaxBodyBytes } from "./read-json-body.ts";
import { RestError, restErrorOf } from "./rest-error.ts";
import { endpointsOf, honoPath, prefixedRoutes, type Route } from "./route-table.ts";
import { getConfig } from "./routes/get-config.ts";
import { getToken } from "./routes/get-token.ts";

export interface AppDeps {
  /** One warehouse: this catalog, named `warehouse.name` (default "default"). */
  catalog?: Catalog;
  warehouse?: { name?: string; location?: string };
  /** Several warehouses, selected by `{prefix}`; undefined for an unknown name. */
  catalogForWarehouse?: (
    warehouse: string,
  ) => Catalog | WarehouseBinding | undefined | Promise<Catalog | WarehouseBinding | undefined>;
  /** No tenants: open mode, every request allowed (bind to loopback only). */
  tenants?: TenantsConfig;
  logger: Logger;
  metrics?: Metrics;
  credentialVendor?: CredentialVendor;
  maxBodyBytes?: number;
  clock?: Clock;
}

export type App = Hono<AppEnv>;

function isBinding(value: Catalog | WarehouseBinding): value is WarehouseBinding {
  return "catalog" in value && "name" in value;
}

function warehouseResolver(deps: AppDeps): Services["resolveWarehouse"] {
  const defaultName = deps.warehouse?.name ?? "default";
  const single: WarehouseBinding | undefined = deps.catalog
    ? { name: defaultName, catalog: deps.catalog, location: deps.warehouse?.location?.replace(/\/+$/, "") }
    : undefined;
  return async (name) => {
    if (single && (name === undefined || name === single.name)) return single;
    if (!deps.catalogForWarehouse) return undefined;
    const wanted = name ?? defaultName;
    const found = await deps.catalogForWarehouse(wanted);
    if (!found) return undefined;
    return isBinding(found) ? found : { name: wanted, catalog: found };
  };
}

function operation(name: string): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    c.set("operation", name);
    return next();
  };
}

export function createApp(deps: AppDeps): App {
  if (!deps.catalog && !deps.catalogForWarehouse) {
    throw new IngestError("config.invalid", "createApp needs `catalog` or `catalogForWarehouse`; pass the catalog to serve");
  }
  const clock = deps.clock ?? systemClock;
  const routes = prefixedRoutes({ credentials: deps.credentialVendor !== undefined, signing: deps.credentialVendor?.sign !== undefined });
  const s: Services = {
    logger: deps.logger,
    clock,
    maxBodyBytes: deps.maxBodyBytes ?? defaultMaxBodyBytes,
    metrics: deps.metrics ?? createMetrics(),
    credentialVendor: deps.credentialVendor,
    directory: deps.tenants ? lazyTenantDirectory(deps.tenants, clock) : undefined,
    endpoints: endpointsOf(routes, { oauth: deps.tenants !== undefined }),
    resolveWarehouse: warehouseResolver(deps),
  };
  if (!deps.tenants) {
    deps.logger.warn("iceberg catalog server is in open mode: no tenants configured, so every request is allowed without a token; bind it to 127.0.0.1 only, or pass --tenants", { event: "server.open_mode" });
  }

  const app = new Hono<AppEnv>();
  app.use("*", requestLog(s));
  app.onError((e, c) => {
    const err = restErrorOf(e, { commit: routes.some((r) => r.commit && r.operation === c.get("operation")) });
    if (err.status >= 500) s.logger.error("request failed", { event: "server.error", operation: c.get("operation"), type: err.type, message: err.message });
    if (err.type === "CommitFailedException") s.metrics.commitConflict(c.get("operation") ?? "unknown");
    return errorResponse(err);
  });
  app.notFound((c) => errorResponse(new RestError(404, "NotFoundException", `no route for ${c.req.method} ${new URL(c.req.url).pathname}; GET /v1/config lists the endpoints`)));

  app.get("/metrics", (c) => {
    c.set("operation", "metrics");
    return c.body(s.metrics.render(), 200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
  });
  app.post("/v1/oauth/tokens", (c) => {
    c.set("operation", "getToken");
    return getToken(c, s);
  });
  app.get("/v1/config", operation("getConfig"), authenticate(s), (c) => getConfig(c, s));

  const heads = new Map(routes.filter((r) => r.method === "HEAD").map((r) => [r.path, r]));
  const register = (base: string) => {
    for (const route of routes) {
      if (route.method === "HEAD") continue;
      const head = route.method === "GET" ? heads.get(route.path) : undefined;
      const path = `${base}${honoPath(route.path)}`;
      // Hono answers HEAD through the GET route; the raw request still says HEAD.
      const pick = (method: string): Route => (head && method === "HEAD" ? head : route);
      const label: MiddlewareHandler<AppEnv> = (c, next) => {
        c.set("operation", pick(c.req.raw.method).operation);
        return next();
      };
      app.on(route.method, path, label, authenticate(s), selectWarehouse(s), (c) => pick(c.req.raw.method).handler(c, s));
    }
  };
  register("/v1");
  register("/v1/:prefix");
  return app;
}
