/**
 * `dativo serve`: the Iceberg REST catalog server (server/create-app.ts) under Bun.serve.
 *
 * Open mode (no tenants): one warehouse, named `default`, bound to loopback only, with a warning
 * in the log. Tenant mode (`--tenants <file>` or `DATIVO_TENANTS` holding JSON or YAML): every
 * tenant's warehouse `<name>` lives at `<--warehouse>/<name>` and is served under the prefix
 * `<name>`; bearer tokens or OAuth2 client credentials are required.
 *
 * `--catalog rest` is the bridge: an upstream Iceberg REST catalog (R2 Data Catalog, Polaris,
 * Lakekeeper, another dativo) served through this one, with our auth, tenancy and logs in front.
 */
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { parse as parseYaml } from "yaml";
import type { Catalog } from "../../runtime/catalog.ts";
import { IngestError, isIngestError } from "../../runtime/errors.ts";
import type { LogFields, Logger, LogLevel } from "../../runtime/logger.ts";
import type { ObjectStore } from "../../runtime/object-store.ts";
import { systemClock } from "../../runtime/platform.ts";
import type { WarehouseBinding } from "../../server/app-env.ts";
import { tenantsFromObject, type TenantsConfig } from "../../server/auth/tenants.ts";
import { createApp } from "../../server/create-app.ts";
import type { CredentialVendor } from "../../server/credential-vendor.ts";
import { s3AccessVendor } from "../../server/s3-access-vendor.ts";
import { filesCatalog } from "../catalogs/files-catalog.ts";
import { postgresCatalog } from "../catalogs/postgres-catalog.ts";
import { restCatalog } from "../catalogs/rest-catalog.ts";
import { openWarehouse } from "./open-warehouse.ts";

const usage = `usage: dativo serve [options]

Serves an Iceberg REST catalog (Spark, Trino, DuckDB, PyIceberg: type=rest, uri=http://HOST:PORT).

options:
  --port <n>               port to listen on (default 8181; 0 picks a free one)
  --host <addr>            address to bind (default 127.0.0.1; open mode allows loopback only)
  --warehouse <location>   folder or s3://bucket/prefix (default ./warehouse); with tenants,
                           each tenant's warehouse is <location>/<warehouse name>
  --catalog files|postgres|rest
                           where tables live: files (default, in the warehouse itself),
                           postgres (JDBC-style rows), rest (an upstream REST catalog)
  --postgres-url <url>     PostgreSQL for --catalog postgres (default $DATIVO_CATALOG_URL)
  --upstream <uri>         upstream REST catalog for --catalog rest; its token or client
                           credential come from $DATIVO_UPSTREAM_TOKEN / $DATIVO_UPSTREAM_CREDENTIAL
  --upstream-warehouse <w> upstream warehouse in open mode (tenant mode uses each tenant's name)
  --tenants <file>         JSON or YAML tenants file (or $DATIVO_TENANTS holding the same text);
                           without it the server is open: no auth, loopback only
  --remote-signing         sign S3 requests for clients that send X-Iceberg-Access-Delegation:
                           remote-signing, only inside the table's location (s3:// warehouses)
  --vend-credentials       hand the server's own S3 keys (not narrowed to the table) to clients
                           that send X-Iceberg-Access-Delegation: vended-credentials
  --max-body-bytes <n>     largest request body accepted (default 8 MiB)
  --help                   show this help

S3 settings come from S3_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION.
`;

interface ServeArgs {
  port: number;
  host: string;
  warehouse: string;
  catalog: "files" | "postgres" | "rest";
  postgresUrl?: string;
  upstream?: string;
  upstreamWarehouse?: string;
  tenants?: string;
  vendCredentials: boolean;
  remoteSigning: boolean;
  maxBodyBytes?: number;
  help: boolean;
}

function fail(message: string): never {
  throw new IngestError("config.invalid", message);
}

export function parseServeArgs(argv: string[], env: Record<string, string | undefined>): ServeArgs {
  const args: ServeArgs = { port: 8181, host: "127.0.0.1", warehouse: "./warehouse", catalog: "files", vendCredentials: false, remoteSigning: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const [name, inline] = flag.includes("=") ? [flag.slice(0, flag.indexOf("=")), flag.slice(flag.indexOf("=") + 1)] : [flag, undefined];
    const value = () => inline ?? argv[++i] ?? fail(`dativo serve: ${name} needs a value; see dativo serve --help`);
    switch (name) {
      case "--help":
      case "-h":
        args.help = true;
        break;
      case "--port": {
        const v = value();
        args.port = Number(v);
        if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) fail(`dativo serve: --port ${v} is not a port number; use 0–65535`);
        break;
      }
      case "--host":
        args.host = value();
        break;
      case "--warehouse":
        args.warehouse = value();
        break;
      case "--catalog": {
        const v = value();
        if (v !== "files" && v !== "postgres" && v !== "rest") fail(`dativo serve: --catalog ${v} is not supported; use files, postgres or rest`);
        args.catalog = v;
        break;
      }
      case "--postgres-url":
        args.postgresUrl = value();
        break;
      case "--upstream":
        args.upstream = value();
        break;
      case "--upstream-warehouse":
        args.upstreamWarehouse = value();
        break;
      case "--tenants":
        args.tenants = value();
        break;
      case "--vend-credentials":
        args.vendCredentials = true;
        break;
      case "--remote-signing":
        args.remoteSigning = true;
        break;
      case "--max-body-bytes":
        args.maxBodyBytes = Number(value());
        if (!Number.isInteger(args.maxBodyBytes) || args.maxBodyBytes < 1024) fail("dativo serve: --max-body-bytes must be an integer of at least 1024");
        break;
      default:
        fail(`dativo serve: unknown option ${flag}; see dativo serve --help`);
    }
  }
  args.postgresUrl ??= env.DATIVO_CATALOG_URL;
  return args;
}

function loadTenants(args: ServeArgs, env: Record<string, string | undefined>): TenantsConfig | undefined {
  const source = args.tenants ? `tenants file ${args.tenants}` : env.DATIVO_TENANTS ? "DATIVO_TENANTS" : undefined;
  if (!source) return undefined;
  let text: string;
  try {
    text = args.tenants ? readFileSync(args.tenants, "utf8") : env.DATIVO_TENANTS!;
  } catch (e) {
    fail(`${source} cannot be read (${(e as Error).message}); check the path`);
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (e) {
    fail(`${source} is neither JSON nor YAML (${(e as Error).message}); fix its syntax`);
  }
  return tenantsFromObject(value, source);
}

/** JSON lines on stderr; any configured secret is replaced before a line is written. */
function serveLogger(secrets: string[], base: LogFields = {}): Logger {
  const redact = (line: string) => secrets.reduce((out, s) => (s.length >= 8 ? out.split(s).join("[redacted]") : out), line);
  const write = (level: LogLevel) => (message: string, fields: LogFields = {}) => {
    process.stderr.write(redact(JSON.stringify({ time: new Date().toISOString(), level, message, ...base, ...fields })) + "\n");
  };
  return { debug: () => {}, info: write("info"), warn: write("warn"), error: write("error"), child: (f) => serveLogger(secrets, { ...base, ...f }) };
}

const isLoopback = (host: string) => host === "127.0.0.1" || host === "::1" || host === "localhost" || host.startsWith("127.");

export async function serveCommand(argv: string[]): Promise<number> {
  const env = process.env;
  let args: ServeArgs;
  let tenants: TenantsConfig | undefined;
  try {
    args = parseServeArgs(argv, env);
    if (args.help) {
      process.stdout.write(usage);
      return 0;
    }
    tenants = loadTenants(args, env);
    if (!tenants && !isLoopback(args.host)) {
      fail(`dativo serve: refusing to bind ${args.host} in open mode (no authentication); pass --tenants <file> or keep --host 127.0.0.1`);
    }
    if (args.catalog === "postgres" && !args.postgresUrl) fail("dativo serve: --catalog postgres needs --postgres-url or DATIVO_CATALOG_URL");
    if (args.catalog === "rest" && !args.upstream) fail("dativo serve: --catalog rest needs --upstream <uri> of the upstream REST catalog");
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }

  const secrets = [
    ...(tenants?.tenants.flatMap((t) => [...t.tokens, ...t.clients.map((c) => c.clientSecret)]) ?? []),
    ...(tenants?.signingKey ? [tenants.signingKey] : []),
    ...[env.AWS_SECRET_ACCESS_KEY, args.postgresUrl, env.DATIVO_UPSTREAM_TOKEN, env.DATIVO_UPSTREAM_CREDENTIAL].filter((s): s is string => Boolean(s)),
  ];
  const logger = serveLogger(secrets);
  const root = args.warehouse.replace(/\/+$/, "");
  const sql = args.catalog === "postgres" ? postgres(args.postgresUrl!, { max: 16, onnotice: () => {}, connect_timeout: 10 }) : undefined;
  if (sql) {
    // Fail at start, not on the first request, when the catalog database does not answer.
    try {
      await sql`select 1`;
    } catch (e) {
      const where = (() => {
        try {
          const u = new URL(args.postgresUrl!);
          return `${u.hostname}:${u.port || 5432}`;
        } catch {
          return "the --postgres-url";
        }
      })();
      logger.error("catalog database unreachable", { event: "serve_failed" });
      process.stderr.write(`dativo serve: the catalog database at ${where} does not answer (${(e as Error).message}); check --postgres-url and that PostgreSQL is running\n`);
      await sql.end({ timeout: 1 }).catch(() => {});
      return 2;
    }
  }

  const bindings = new Map<string, Promise<WarehouseBinding>>();
  const bind = (name: string, location: string): Promise<WarehouseBinding> => {
    let found = bindings.get(name);
    if (!found) {
      found = (async () => {
        if (args.catalog === "rest") {
          const upstream = restCatalog({
            uri: args.upstream!,
            warehouse: tenants ? name : args.upstreamWarehouse,
            token: env.DATIVO_UPSTREAM_TOKEN,
            credential: env.DATIVO_UPSTREAM_CREDENTIAL,
            fetch: globalThis.fetch.bind(globalThis),
          });
          return { name, catalog: upstream };
        }
        const store: ObjectStore = await openWarehouse({ warehouse: location, storage: {} }, env);
        const catalog: Catalog = sql ? postgresCatalog({ sql, store, name }) : filesCatalog({ store });
        return { name, catalog, location: store.root };
      })();
      bindings.set(name, found);
      // A warehouse that failed to open is retried on the next request, not cached broken.
      found.catch(() => bindings.delete(name));
    }
    return found;
  };

  let credentialVendor: CredentialVendor | undefined;
  if (args.vendCredentials || args.remoteSigning) {
    if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) {
      process.stderr.write("dativo serve: --vend-credentials and --remote-signing need AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n");
      return 2;
    }
    const endpoint = env.S3_ENDPOINT ?? env.AWS_ENDPOINT_URL;
    credentialVendor = s3AccessVendor({
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
        sessionToken: env.AWS_SESSION_TOKEN,
        endpoint,
        region: env.AWS_REGION ?? "us-east-1",
        pathStyle: Boolean(endpoint),
      },
      vendCredentials: args.vendCredentials,
      remoteSigning: args.remoteSigning,
      clock: systemClock,
    });
  }

  try {
    const tenantWarehouses = new Set(tenants?.tenants.map((t) => t.warehouse) ?? []);
    const app = tenants
      ? createApp({
          catalogForWarehouse: (name) => (tenantWarehouses.has(name) ? bind(name, `${root}/${name}`) : undefined),
          tenants,
          logger,
          credentialVendor,
          maxBodyBytes: args.maxBodyBytes,
        })
      : createApp({ catalogForWarehouse: (name) => (name === "default" ? bind("default", root) : undefined), logger, credentialVendor, maxBodyBytes: args.maxBodyBytes });
    // Open the default warehouse now, so a bad --warehouse fails at start, not on first request.
    if (!tenants && args.catalog !== "rest") await bind("default", root);
    const server = Bun.serve({ port: args.port, hostname: args.host, fetch: (req) => app.fetch(req) });
    logger.info(`iceberg REST catalog listening on http://${args.host}:${server.port}`, {
      event: "server.started",
      port: server.port,
      warehouse: root,
      catalog: args.catalog,
      mode: tenants ? "tenants" : "open",
    });
    await new Promise<void>((resolve) => {
      const stop = () => {
        server.stop();
        resolve();
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await sql?.end({ timeout: 5 });
    return 0;
  } catch (e) {
    process.stderr.write(`dativo serve: ${isIngestError(e) ? e.message : e instanceof Error ? e.message : String(e)}\n`);
    await sql?.end({ timeout: 5 });
    return 2;
  }
}

if (import.meta.main) {
  process.exit(await serveCommand(process.argv.slice(2)));
}
