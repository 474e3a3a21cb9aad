/**
 * The catalog a job commits through: the embedded `files` catalog in the warehouse store (the
 * default: no server), a PostgreSQL-backed one, any Iceberg REST catalog, or none (Parquet files
 * and a state object only, as the original's S3-only jobs).
 */
import type { Catalog } from "../../runtime/catalog.ts";
import type { ObjectStore } from "../../runtime/object-store.ts";
import type { TargetSettings } from "../../runtime/config/target-settings.ts";
import { filesCatalog } from "../catalogs/files-catalog.ts";
import { restCatalog } from "../catalogs/rest-catalog.ts";

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

export async function openCatalog(
  target: TargetSettings,
  store: ObjectStore,
  env: Record<string, string | undefined>,
): Promise<(Catalog & { close?: () => Promise<void> }) | null> {
  const c = target.catalog;
  switch (c.type) {
    case "none":
      return null;
    case "files":
      return filesCatalog({ store });
    case "postgres": {
      // Drivers load only for the catalogs that use them.
      const [{ default: postgres }, { postgresCatalog }] = await Promise.all([import("postgres"), import("../catalogs/postgres-catalog.ts")]);
      const url = c.url ?? env.DATIVO_CATALOG_URL ?? env.DATABASE_URL;
      const options = { max: 4, onnotice: () => {} };
      // Without a URL, postgres.js reads the PG* environment variables, as psql does.
      const sql = url ? postgres(url, options) : postgres(options);
      const catalog = postgresCatalog({ sql, store, name: str(c.options.name) ?? "dativo" });
      return Object.assign(catalog, { close: () => sql.end({ timeout: 5 }) });
    }
    case "rest": {
      const token = str(c.options.token) ?? env.ICEBERG_REST_TOKEN;
      const credential = str(c.options.credential) ?? env.ICEBERG_REST_CREDENTIAL;
      // The REST warehouse is the catalog's name for it (`catalog.warehouse`), not the storage location.
      return restCatalog({ uri: c.uri, warehouse: c.warehouse, token: token as string | undefined, credential, fetch: globalThis.fetch.bind(globalThis) });
    }
  }
}
