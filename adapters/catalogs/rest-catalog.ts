/**
 * restCatalog: the `Catalog` interface over any Iceberg REST catalog (rest-catalog-open-api.yaml)
 * — ours (`dativo serve`), Cloudflare R2 Data Catalog, Polaris, Lakekeeper.
 *
 * - Config handshake (spec "GET /v1/config"): `overrides.prefix ?? defaults.prefix` routes every
 *   call to `/v1/{prefix}/…`; `endpoints` (when given) decides whether HEAD is used for exists.
 * - Auth: a bearer `token`, or a `credential` (`client_id:client_secret`) exchanged at the
 *   OAuth2 token endpoint (`oauth2ServerUri`, default `{uri}/v1/oauth/tokens`), refreshed
 *   before it expires and once on a 401.
 * - JSON is parsed and printed losslessly, so 63-bit snapshot ids survive the round trip.
 * - REST errors come back as IngestErrors: 409 CommitFailedException → catalog.commit_conflict
 *   (retryable: the caller reloads, rebases and retries), 5xx on a commit →
 *   catalog.commit_state_unknown (never clean up files), see `errorOf`.
 */
import type {
  Catalog,
  CreateTableRequest,
  ListOptions,
  LoadedTable,
  Namespace,
  Page,
  TableCommit,
  TableIdentifier,
} from "../../runtime/catalog.ts";
import { formatIdentifier } from "../../runtime/catalog.ts";
import { IngestError, type ErrorCode } from "../../runtime/errors.ts";
import { tableMetadataFromJson } from "../../runtime/iceberg/metadata-json.ts";
import { parseJson, stringifyJson } from "../../runtime/json/lossless-json.ts";

export interface RestCatalogOptions {
  /** Base URI, without `/v1` (e.g. `http://127.0.0.1:8181`, `https://catalog.cloudflarestorage.com/<account>/<bucket>`). */
  uri: string;
  warehouse?: string;
  token?: string;
  /** OAuth2 client credentials, `client_id:client_secret`. */
  credential?: string;
  /** Token endpoint for `credential`; default `{uri}/v1/oauth/tokens`. */
  oauth2ServerUri?: string;
  scope?: string;
  fetch: typeof fetch;
  /** Skips the prefix from `/v1/config`. */
  prefix?: string;
  /** Extra headers on every request (e.g. `X-Iceberg-Access-Delegation`). */
  headers?: Record<string, string>;
}

type Kind = "namespace" | "table" | "commit" | "other";
type Json = Record<string, unknown>;

interface CatalogConfig {
  prefix: string;
  separator: string;
  endpoints?: Set<string>;
}

const statusCodes: Record<number, ErrorCode> = {
  400: "catalog.bad_request",
  401: "catalog.unauthorized",
  403: "catalog.forbidden",
  406: "catalog.unsupported",
  419: "catalog.unauthorized",
  422: "catalog.bad_request",
};

/** REST status and exception type → IngestError code, as Java's ErrorHandlers decide it. */
function errorOf(kind: Kind, status: number, body: unknown, what: string): IngestError {
  const error = (body as { error?: { message?: string; type?: string } } | undefined)?.error;
  const type = error?.type ?? "";
  const message = `rest catalog ${what}: ${status} ${type || "error"}: ${error?.message ?? "no message"}`;
  let code: ErrorCode;
  if (status === 404) {
    code =
      type === "NoSuchNamespaceException" || kind === "namespace"
        ? "catalog.no_such_namespace"
        : type === "NoSuchWarehouseException"
          ? "config.not_found"
          : "catalog.no_such_table";
  } else if (status === 409) {
    code =
      type === "NamespaceNotEmptyException"
        ? "catalog.namespace_not_empty"
        : type === "CommitFailedException" || kind === "commit"
          ? "catalog.commit_conflict"
          : "catalog.already_exists";
  } else if (status >= 500) {
    code = kind === "commit" ? "catalog.commit_state_unknown" : "catalog.unreachable";
  } else {
    code = statusCodes[status] ?? "catalog.bad_request";
  }
  return new IngestError(code, message, { status, type });
}

export function restCatalog(options: RestCatalogOptions): Catalog {
  const base = options.uri.replace(/\/+$/, "");
  let config: Promise<CatalogConfig> | undefined;
  let token: { value: string; expiresAt: number } | undefined = options.token ? { value: options.token, expiresAt: Infinity } : undefined;

  async function fetchToken(): Promise<string> {
    const [clientId, ...rest] = (options.credential ?? "").split(":");
    // Fetched before the config handshake, which needs the token itself (as Java's client does).
    const url = options.oauth2ServerUri ?? `${base}/v1/oauth/tokens`;
    const form = new URLSearchParams({ grant_type: "client_credentials", client_id: clientId ?? "", client_secret: rest.join(":"), scope: options.scope ?? "catalog" });
    const res = await options.fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() });
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
    if (!res.ok || !body.access_token) {
      throw new IngestError("catalog.unauthorized", `rest catalog token endpoint ${url} refused client \`${clientId}\`: ${res.status} ${body.error ?? ""} ${body.error_description ?? ""}; check the credential`, { status: res.status });
    }
    // Refresh a minute early so a token never expires mid-request.
    token = { value: body.access_token, expiresAt: Date.now() + Math.max(0, (body.expires_in ?? 3600) - 60) * 1000 };
    return token.value;
  }

  async function authHeader(forceRefresh = false): Promise<Record<string, string>> {
    if (options.credential && (forceRefresh || !token || token.expiresAt <= Date.now())) await fetchToken();
    return token ? { authorization: `Bearer ${token.value}` } : {};
  }

  async function send(method: string, url: string, body: unknown, kind: Kind, what: string, extra: Record<string, string> = {}): Promise<{ status: number; json: unknown; headers: Headers }> {
    const attempt = async (refresh: boolean) => {
      const headers: Record<string, string> = { accept: "application/json", ...options.headers, ...extra, ...(await authHeader(refresh)) };
      if (body !== undefined) headers["content-type"] = "application/json";
      try {
        return await options.fetch(url, { method, headers, body: body === undefined ? undefined : stringifyJson(body) });
      } catch (e) {
        const code: ErrorCode = kind === "commit" ? "catalog.commit_state_unknown" : "catalog.unreachable";
        throw new IngestError(code, `rest catalog ${what}: cannot reach ${url} (${e instanceof Error ? e.message : String(e)}); check the catalog uri`, {}, { cause: e });
      }
    };
    let res = await attempt(false);
    if (res.status === 401 && options.credential) res = await attempt(true);
    const text = method === "HEAD" ? "" : await res.text();
    let json: unknown;
    try {
      json = text ? parseJson(text) : undefined;
    } catch {
      json = undefined;
    }
    if (res.status >= 400) throw errorOf(kind, res.status, json, what);
    return { status: res.status, json, headers: res.headers };
  }

  function loadConfig(): Promise<CatalogConfig> {
    config ??= (async () => {
      const query = options.warehouse ? `?warehouse=${encodeURIComponent(options.warehouse)}` : "";
      const url = `${base}/v1/config${query}`;
      const headers: Record<string, string> = { accept: "application/json", ...options.headers, ...(await authHeader()) };
      const res = await options.fetch(url, { headers }).catch((e: unknown) => {
        throw new IngestError("catalog.unreachable", `rest catalog config: cannot reach ${url} (${e instanceof Error ? e.message : String(e)}); check the catalog uri`);
      });
      const text = await res.text();
      const json = (text ? (() => { try { return parseJson(text); } catch { return undefined; } })() : undefined) as Json | undefined;
      if (res.status >= 400) throw errorOf("other", res.status, json, `config for warehouse ${JSON.stringify(options.warehouse ?? "")}`);
      const merged = { ...((json?.defaults ?? {}) as Record<string, string>), ...((json?.overrides ?? {}) as Record<string, string>) };
      const prefix = options.prefix ?? merged.prefix ?? "";
      const endpoints = Array.isArray(json?.endpoints) ? new Set(json.endpoints as string[]) : undefined;
      return {
        prefix: prefix ? `/${prefix.split("/").map(encodeURIComponent).join("/")}` : "",
        separator: merged["namespace-separator"] ?? "%1F",
        endpoints,
      };
    })();
    config.catch(() => (config = undefined));
    return config;
  }

  async function url(path: string, query?: Record<string, string | undefined>): Promise<string> {
    const c = await loadConfig();
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) search.set(k, v);
    const qs = search.toString();
    return `${base}/v1${c.prefix}${path}${qs ? `?${qs}` : ""}`;
  }

  async function nsPath(namespace: Namespace): Promise<string> {
    const { separator } = await loadConfig();
    return `/namespaces/${namespace.map(encodeURIComponent).join(separator)}`;
  }

  async function tablePath(t: TableIdentifier): Promise<string> {
    return `${await nsPath(t.namespace)}/tables/${encodeURIComponent(t.name)}`;
  }

  async function supportsHead(template: string): Promise<boolean> {
    const { endpoints } = await loadConfig();
    // The spec's default endpoint set (used when `endpoints` is absent) has no HEAD routes.
    return endpoints?.has(`HEAD /v1/{prefix}${template}`) ?? false;
  }

  function loaded(json: unknown): LoadedTable {
    const r = json as Json;
    const result: LoadedTable = {
      metadataLocation: (r["metadata-location"] as string | undefined) ?? "",
      metadata: tableMetadataFromJson(r.metadata),
    };
    if (r.config && typeof r.config === "object") result.config = r.config as Record<string, string>;
    return result;
  }

  async function exists(template: string, path: string, kind: Kind, what: string): Promise<boolean> {
    try {
      await send((await supportsHead(template)) ? "HEAD" : "GET", await url(path), undefined, kind, what);
      return true;
    } catch (e) {
      if (e instanceof IngestError && e.details.status === 404) return false;
      throw e;
    }
  }

  const page = <T>(items: T[], json: Json): Page<T> => {
    const next = json["next-page-token"];
    return typeof next === "string" && next !== "" ? { items, nextPageToken: next } : { items };
  };
  const paging = (o?: ListOptions) => ({ pageToken: o?.pageToken, pageSize: o?.pageSize === undefined ? undefined : String(o.pageSize) });

  return {
    async listNamespaces(parent, listOptions) {
      const { separator } = await loadConfig();
      const query = { parent: parent && parent.length > 0 ? parent.join(decodeURIComponent(separator)) : undefined, ...paging(listOptions) };
      const { json } = await send("GET", await url("/namespaces", query), undefined, "namespace", `list namespaces under ${JSON.stringify(parent ?? [])}`);
      return page(((json as Json).namespaces ?? []) as Namespace[], json as Json);
    },
    async createNamespace(namespace, properties = {}) {
      const { json } = await send("POST", await url("/namespaces"), { namespace, properties }, "other", `create namespace ${namespace.join(".")}`);
      return ((json as Json | undefined)?.properties ?? {}) as Record<string, string>;
    },
    async loadNamespace(namespace) {
      const { json } = await send("GET", await url(await nsPath(namespace)), undefined, "namespace", `load namespace ${namespace.join(".")}`);
      return ((json as Json).properties ?? {}) as Record<string, string>;
    },
    async namespaceExists(namespace) {
      return exists("/namespaces/{namespace}", await nsPath(namespace), "namespace", `namespace exists ${namespace.join(".")}`);
    },
    async updateNamespaceProperties(namespace, removals, updates) {
      const { json } = await send("POST", await url(`${await nsPath(namespace)}/properties`), { removals, updates }, "namespace", `update properties of namespace ${namespace.join(".")}`);
      const r = json as Json;
      return { updated: (r.updated ?? []) as string[], removed: (r.removed ?? []) as string[], missing: (r.missing ?? []) as string[] };
    },
    async dropNamespace(namespace) {
      await send("DELETE", await url(await nsPath(namespace)), undefined, "namespace", `drop namespace ${namespace.join(".")}`);
    },
    async listTables(namespace, listOptions) {
      const { json } = await send("GET", await url(`${await nsPath(namespace)}/tables`, paging(listOptions)), undefined, "namespace", `list tables of ${namespace.join(".")}`);
      return page(((json as Json).identifiers ?? []) as TableIdentifier[], json as Json);
    },
    async createTable(namespace, request: CreateTableRequest) {
      const { json } = await send("POST", await url(`${await nsPath(namespace)}/tables`), request, "namespace", `create table ${[...namespace, request.name].join(".")}`);
      return loaded(json);
    },
    async loadTable(table) {
      const { json } = await send("GET", await url(await tablePath(table)), undefined, "table", `load table ${formatIdentifier(table)}`);
      return loaded(json);
    },
    async tableExists(table) {
      return exists("/namespaces/{namespace}/tables/{table}", await tablePath(table), "table", `table exists ${formatIdentifier(table)}`);
    },
    async dropTable(table, dropOptions) {
      await send("DELETE", await url(await tablePath(table), { purgeRequested: String(dropOptions?.purge ?? false) }), undefined, "table", `drop table ${formatIdentifier(table)}`);
    },
    async renameTable(from, to) {
      await send("POST", await url("/tables/rename"), { source: from, destination: to }, "table", `rename table ${formatIdentifier(from)} to ${formatIdentifier(to)}`);
    },
    async registerTable(table, metadataLocation) {
      const body = { name: table.name, "metadata-location": metadataLocation };
      const { json } = await send("POST", await url(`${await nsPath(table.namespace)}/register`), body, "namespace", `register table ${formatIdentifier(table)}`);
      return loaded(json);
    },
    async commitTable(commit: TableCommit) {
      const body = { identifier: commit.identifier, requirements: commit.requirements, updates: commit.updates };
      const { json } = await send("POST", await url(await tablePath(commit.identifier)), body, "commit", `commit to table ${formatIdentifier(commit.identifier)}`);
      return loaded(json);
    },
    async commitTransaction(commits) {
      const body = { "table-changes": commits.map((c) => ({ identifier: c.identifier, requirements: c.requirements, updates: c.updates })) };
      await send("POST", await url("/transactions/commit"), body, "commit", `commit a transaction over ${commits.map((c) => formatIdentifier(c.identifier)).join(", ")}`);
    },
  };
}
