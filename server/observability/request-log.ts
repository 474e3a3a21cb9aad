/**
 * One log line and one metrics observation per request. The line holds the method, the path
 * (namespaces and table names, never a query string — `?warehouse=` may be a location, and
 * no route takes secrets in a query), the operation, status, duration and tenant name. Headers
 * and bodies are never logged: they carry bearer tokens and client secrets.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv, Services } from "../app-env.ts";

export function requestLog(s: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const operation = c.get("operation") ?? "unmatched";
    const status = c.res.status;
    s.metrics.observeRequest(operation, c.req.raw.method, status, seconds);
    const fields = {
      event: "http.request",
      method: c.req.raw.method,
      path: new URL(c.req.url).pathname,
      operation,
      status,
      ms: Math.round(seconds * 1000 * 10) / 10,
      tenant: c.get("tenant")?.name,
    };
    if (status >= 500) s.logger.warn("request", fields);
    else s.logger.info("request", fields);
  };
}
