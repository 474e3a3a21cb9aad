/**
 * GET /v1/config[?warehouse=] — getConfig. `overrides.prefix` routes the client to
 * `/v1/{prefix}/…`; `endpoints` lists exactly what this server serves, HEAD routes included,
 * because the Java client refuses an operation whose endpoint is not advertised.
 */
import type { components } from "../iceberg-rest-types.ts";
import type { AppContext, Services, WarehouseBinding } from "../app-env.ts";
import { jsonResponse } from "../json-response.ts";
import { RestError } from "../rest-error.ts";

async function warehouseFor(c: AppContext, s: Services, requested: string | undefined): Promise<WarehouseBinding> {
  const tenant = c.get("tenant");
  if (tenant) {
    if (requested !== undefined && requested !== tenant.warehouse) {
      throw new RestError(403, "ForbiddenException", `tenant \`${tenant.name}\` may not access warehouse ${JSON.stringify(requested)}; use warehouse \`${tenant.warehouse}\``);
    }
    requested = tenant.warehouse;
  }
  const binding = await s.resolveWarehouse(requested);
  if (binding) return binding;
  // Spark users often pass the warehouse location, not its name.
  const fallback = await s.resolveWarehouse(undefined);
  if (fallback && !tenant && requested !== undefined && fallback.location === requested.replace(/\/+$/, "")) return fallback;
  throw new RestError(404, "NoSuchWarehouseException", `warehouse ${JSON.stringify(requested)} does not exist; check the catalog's warehouse setting`);
}

export async function getConfig(c: AppContext, s: Services): Promise<Response> {
  const requested = c.req.query("warehouse") || undefined;
  const warehouse = await warehouseFor(c, s, requested);
  const config: components["schemas"]["CatalogConfig"] = {
    defaults: {},
    overrides: { prefix: warehouse.name },
    endpoints: s.endpoints,
  };
  return jsonResponse(config);
}
