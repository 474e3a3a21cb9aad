/**
 * The routes this server serves, one handler per spec operation (named after its operationId),
 * and the `endpoints` list `/v1/config` derives from them — so the list can never drift from
 * what is actually registered.
 */
import type { Handler } from "./app-env.ts";
import { commitTransaction } from "./routes/commit-transaction.ts";
import { createNamespace } from "./routes/create-namespace.ts";
import { createTable } from "./routes/create-table.ts";
import { dropNamespace } from "./routes/drop-namespace.ts";
import { dropTable } from "./routes/drop-table.ts";
import { listNamespaces } from "./routes/list-namespaces.ts";
import { listTables } from "./routes/list-tables.ts";
import { loadCredentials } from "./routes/load-credentials.ts";
import { loadNamespaceMetadata } from "./routes/load-namespace-metadata.ts";
import { loadTable } from "./routes/load-table.ts";
import { namespaceExists } from "./routes/namespace-exists.ts";
import { registerTable } from "./routes/register-table.ts";
import { renameTable } from "./routes/rename-table.ts";
import { reportMetrics } from "./routes/report-metrics.ts";
import { signRequest } from "./routes/sign-request.ts";
import { tableExists } from "./routes/table-exists.ts";
import { updateProperties } from "./routes/update-properties.ts";
import { updateTable } from "./routes/update-table.ts";

export interface Route {
  method: "GET" | "HEAD" | "POST" | "DELETE";
  /** Path after `/v1/{prefix}`, in the spec's template syntax. */
  path: string;
  operation: string;
  handler: Handler;
  /** A commit: an unexpected failure is reported as CommitStateUnknownException. */
  commit?: boolean;
}

const ns = "/namespaces/{namespace}";
const table = `${ns}/tables/{table}`;

export function prefixedRoutes(options: { credentials: boolean; signing: boolean }): Route[] {
  const routes: Route[] = [
    { method: "GET", path: "/namespaces", operation: "listNamespaces", handler: listNamespaces },
    { method: "POST", path: "/namespaces", operation: "createNamespace", handler: createNamespace },
    { method: "GET", path: ns, operation: "loadNamespaceMetadata", handler: loadNamespaceMetadata },
    { method: "HEAD", path: ns, operation: "namespaceExists", handler: namespaceExists },
    { method: "DELETE", path: ns, operation: "dropNamespace", handler: dropNamespace },
    { method: "POST", path: `${ns}/properties`, operation: "updateProperties", handler: updateProperties },
    { method: "GET", path: `${ns}/tables`, operation: "listTables", handler: listTables },
    { method: "POST", path: `${ns}/tables`, operation: "createTable", handler: createTable },
    { method: "POST", path: `${ns}/register`, operation: "registerTable", handler: registerTable },
    { method: "GET", path: table, operation: "loadTable", handler: loadTable },
    { method: "HEAD", path: table, operation: "tableExists", handler: tableExists },
    { method: "POST", path: table, operation: "updateTable", handler: updateTable, commit: true },
    { method: "DELETE", path: table, operation: "dropTable", handler: dropTable },
    { method: "POST", path: `${table}/metrics`, operation: "reportMetrics", handler: reportMetrics },
    { method: "POST", path: "/tables/rename", operation: "renameTable", handler: renameTable },
    { method: "POST", path: "/transactions/commit", operation: "commitTransaction", handler: commitTransaction, commit: true },
  ];
  if (options.credentials) {
    routes.push({ method: "GET", path: `${table}/credentials`, operation: "loadCredentials", handler: loadCredentials });
  }
  if (options.signing) {
    routes.push({ method: "POST", path: `${table}/sign`, operation: "signRequest", handler: signRequest });
  }
  return routes;
}

/** The token endpoint is advertised only when it can issue tokens (tenant mode). */
export function endpointsOf(routes: readonly Route[], options: { oauth: boolean }): string[] {
  const fixed = options.oauth ? ["GET /v1/config", "POST /v1/oauth/tokens"] : ["GET /v1/config"];
  return [...fixed, ...routes.map((r) => `${r.method} /v1/{prefix}${r.path}`)];
}

/** `{namespace}` → `:namespace`, for Hono. */
export function honoPath(template: string): string {
  return template.replace(/\{([a-z-]+)\}/g, ":$1");
}
