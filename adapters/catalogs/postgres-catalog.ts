/**
 * postgresCatalog: the JDBC-catalog pattern of the Java library (`JdbcCatalog`, `JdbcUtil`) on
 * PostgreSQL, for many server or writer processes sharing one catalog. The tables are Java's (V1
 * schema), so a Java/Spark JdbcCatalog with the same `catalog_name` sees the same tables:
 *
 *   iceberg_tables (catalog_name, table_namespace, table_name, metadata_location,
 *                   previous_metadata_location, iceberg_type)
 *   iceberg_namespace_properties (catalog_name, namespace, property_key, property_value)
 *
 * Namespaces are their parts joined by `.` (so parts may not contain a dot, as in Java) and exist
 * while they have an `exists` property row. A commit is
 * `UPDATE … SET metadata_location = <new> WHERE … AND metadata_location = <old>`: of two writers
 * that read the same location, the second UPDATE finds no row and fails with a conflict. A
 * multi-table commit runs every UPDATE in one SQL transaction (rows in identifier order, so two
 * transactions cannot deadlock), so it is atomic and isolated. The tables are created on first
 * use, under an advisory lock so that several processes may start at once.
 *
 * `sql` is a `postgres` (porsager/postgres) client built by the caller; each instance keeps its
 * own connection pool.
 */
import type { Sql, TransactionSql } from "postgres";
import type { Catalog, Namespace, TableIdentifier } from "../../runtime/catalog.ts";
import { formatIdentifier } from "../../runtime/catalog.ts";
import { IngestError } from "../../runtime/errors.ts";
import type { ObjectStore } from "../../runtime/object-store.ts";
import type { Clock } from "../../runtime/platform.ts";
import { formatNamespace } from "./catalog-paging.ts";
import { pointerCatalog } from "./pointer-catalog.ts";
import { type PointerStore, tableKey } from "./pointer-store.ts";

export interface PostgresCatalogOptions {
  sql: Sql;
  /** The warehouse store: metadata files are written here, table locations must be inside it. */
  store: ObjectStore;
  /** Root of default table locations; default the store's root. */
  warehouse?: string;
  /** `catalog_name` of the rows; several catalogs can share the tables. Default `dativo`. */
  name?: string;
  clock?: Clock;
}

const existsKey = "exists";

const schemaStatements = [
  `CREATE TABLE IF NOT EXISTS iceberg_tables (
     catalog_name VARCHAR(255) NOT NULL,
     table_namespace VARCHAR(255) NOT NULL,
     table_name VARCHAR(255) NOT NULL,
     metadata_location VARCHAR(1000),
     previous_metadata_location VARCHAR(1000),
     iceberg_type VARCHAR(5),
     PRIMARY KEY (catalog_name, table_namespace, table_name))`,
  `CREATE TABLE IF NOT EXISTS iceberg_namespace_properties (
     catalog_name VARCHAR(255) NOT NULL,
     namespace VARCHAR(255) NOT NULL,
     property_key VARCHAR(255),
     property_value VARCHAR(1000),
     PRIMARY KEY (catalog_name, namespace, property_key))`,
  // Java's V1 migration: tables created by a V0 JdbcCatalog lack the type column.
  `ALTER TABLE iceberg_tables ADD COLUMN IF NOT EXISTS iceberg_type VARCHAR(5)`,
];

function nsText(namespace: Namespace): string {
  const dotted = namespace.find((p) => p.includes("."));
  if (dotted !== undefined) {
    throw new IngestError("catalog.bad_request", `namespace part ${JSON.stringify(dotted)} contains a dot, which the postgres (JDBC) catalog cannot store; rename it`, { namespace });
  }
  return namespace.join(".");
}

/** Driver failures (connection refused, …) as IngestErrors; a lost COMMIT leaves the outcome unknown. */
function driverError(e: unknown, what: string, commit = false): unknown {
  if (e instanceof IngestError) return e;
  const err = e as { code?: string; message?: string };
  if (commit) {
    return new IngestError("catalog.commit_state_unknown", `postgres catalog ${what} failed (${err.message}); the commit may or may not have happened: reload the table before retrying`, { code: err.code }, { cause: e });
  }
  const unreachable = typeof err.code === "string" && /^(ECONN|ETIMEDOUT|ENOTFOUND|CONNECT_TIMEOUT|CONNECTION_)/.test(err.code);
  return new IngestError(unreachable ? "catalog.unreachable" : "internal", `postgres catalog ${what} failed: ${err.message}; check the database`, { code: err.code }, { cause: e });
}

export function postgresPointerStore(sql: Sql, catalogName = "dativo"): PointerStore {
  let ready: Promise<void> | undefined;
  const init = () =>
    (ready ??= sql
      .begin(async (tx) => {
        await tx`SELECT pg_advisory_xact_lock(hashtext('dativo.iceberg_jdbc_schema'))`;
        for (const statement of schemaStatements) await tx.unsafe(statement);
      })
      .then(() => undefined)
      .catch((e) => {
        ready = undefined;
        throw driverError(e, "schema setup");
      }));

  async function run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    await init();
    try {
      return await fn();
    } catch (e) {
      throw driverError(e, what);
    }
  }

  const noNamespace = (namespace: Namespace) =>
    new IngestError("catalog.no_such_namespace", `Namespace does not exist: ${formatNamespace(namespace)}`, { namespace });

  async function setProperties(tx: TransactionSql, ns: string, properties: Record<string, string>): Promise<void> {
    await tx`DELETE FROM iceberg_namespace_properties WHERE catalog_name = ${catalogName} AND namespace = ${ns} AND property_key <> ${existsKey}`;
    const rows = Object.entries(properties)
      .filter(([k]) => k !== existsKey)
      .map(([k, v]) => ({ catalog_name: catalogName, namespace: ns, property_key: k, property_value: v }));
    if (rows.length > 0) await tx`INSERT INTO iceberg_namespace_properties ${tx(rows)}`;
  }

  return {
    listNamespaces: () =>
      run("listing namespaces", async () => {
        const rows = await sql`SELECT DISTINCT namespace FROM iceberg_namespace_properties WHERE catalog_name = ${catalogName}`;
        return rows.map((r) => String(r.namespace).split("."));
      }),

    loadNamespace: (namespace) =>
      run("loading a namespace", async () => {
        const rows = await sql`SELECT property_key, property_value FROM iceberg_namespace_properties WHERE catalog_name = ${catalogName} AND namespace = ${nsText(namespace)}`;
        if (rows.length === 0) return null;
        return Object.fromEntries(rows.filter((r) => r.property_key !== existsKey).map((r) => [String(r.property_key), String(r.property_value ?? "")]));
      }),

    createNamespace: (namespace, properties) =>
      run("creating a namespace", async () => {
        const ns = nsText(namespace);
        await sql.begin(async (tx) => {
          const inserted = await tx`INSERT INTO iceberg_namespace_properties (catalog_name, namespace, property_key, property_value)
            VALUES (${catalogName}, ${ns}, ${existsKey}, 'true') ON CONFLICT DO NOTHING`;
          if (inserted.count === 0) throw new IngestError("catalog.already_exists", `Namespace already exists: ${formatNamespace(namespace)}`, { namespace });
          await setProperties(tx, ns, properties);
        });
      }),

    updateNamespace: (namespace, change) =>
      run("updating namespace properties", async () => {
        const ns = nsText(namespace);
        await sql.begin(async (tx) => {
          const rows = await tx`SELECT property_key, property_value FROM iceberg_namespace_properties
            WHERE catalog_name = ${catalogName} AND namespace = ${ns} FOR UPDATE`;
          if (!rows.some((r) => r.property_key === existsKey)) throw noNamespace(namespace);
          const current = Object.fromEntries(rows.filter((r) => r.property_key !== existsKey).map((r) => [String(r.property_key), String(r.property_value ?? "")]));
          await setProperties(tx, ns, change(current));
        });
      }),

    dropNamespace: (namespace) =>
      run("dropping a namespace", async () => {
        await sql`DELETE FROM iceberg_namespace_properties WHERE catalog_name = ${catalogName} AND namespace = ${nsText(namespace)}`;
      }),

    listTables: (namespace) =>
      run("listing tables", async () => {
        const rows = await sql`SELECT table_name FROM iceberg_tables WHERE catalog_name = ${catalogName}
          AND table_namespace = ${nsText(namespace)} AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)`;
        return rows.map((r) => String(r.table_name));
      }),

    loadTable: (table) =>
      run("loading a table", async () => {
        const rows = await sql`SELECT metadata_location, previous_metadata_location FROM iceberg_tables WHERE catalog_name = ${catalogName}
          AND table_namespace = ${nsText(table.namespace)} AND table_name = ${table.name} AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)`;
        const row = rows[0];
        return row ? { metadataLocation: String(row.metadata_location), previousMetadataLocation: (row.previous_metadata_location as string | null) ?? null } : null;
      }),

    async swap(swaps) {
      await init();
      const ordered = [...swaps].sort((a, b) => (tableKey(a.table) < tableKey(b.table) ? -1 : 1));
      for (const s of ordered) nsText(s.table.namespace);
      try {
        await sql.begin(async (tx) => {
          for (const s of ordered) {
            const ns = nsText(s.table.namespace);
            const result = s.expected === null
              ? await tx`INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location, iceberg_type)
                  VALUES (${catalogName}, ${ns}, ${s.table.name}, ${s.next}, NULL, 'TABLE') ON CONFLICT DO NOTHING`
              : await tx`UPDATE iceberg_tables SET metadata_location = ${s.next},
                  previous_metadata_location = CASE WHEN ${s.next}::text = ${s.expected}::text THEN previous_metadata_location ELSE ${s.expected} END
                  WHERE catalog_name = ${catalogName} AND table_namespace = ${ns} AND table_name = ${s.table.name}
                  AND metadata_location = ${s.expected} AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)`;
            if (result.count !== 1) {
              throw new IngestError(
                "catalog.commit_conflict",
                s.expected === null
                  ? `Cannot create ${formatIdentifier(s.table)}: it was created concurrently`
                  : `Cannot commit ${formatIdentifier(s.table)}: metadata location ${s.expected} has changed; reload the table and retry`,
                { table: formatIdentifier(s.table) },
              );
            }
          }
        });
      } catch (e) {
        throw driverError(e, "commit", true);
      }
    },

    dropTable: (table) =>
      run("dropping a table", async () => {
        const result = await sql`DELETE FROM iceberg_tables WHERE catalog_name = ${catalogName}
          AND table_namespace = ${nsText(table.namespace)} AND table_name = ${table.name} AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)`;
        return result.count > 0;
      }),

    renameTable: (from, to) =>
      run("renaming a table", async () => {
        try {
          const result = await sql`UPDATE iceberg_tables SET table_namespace = ${nsText(to.namespace)}, table_name = ${to.name}
            WHERE catalog_name = ${catalogName} AND table_namespace = ${nsText(from.namespace)} AND table_name = ${from.name}`;
          if (result.count === 0) throw new IngestError("catalog.no_such_table", `Table does not exist: ${formatIdentifier(from)}`);
        } catch (e) {
          // 23505 unique_violation: the target row exists.
          if ((e as { code?: string }).code === "23505") throw new IngestError("catalog.already_exists", `Table already exists: ${formatIdentifier(to)}`);
          throw e;
        }
      }),
  };
}

export function postgresCatalog(options: PostgresCatalogOptions): Catalog {
  return pointerCatalog({ pointers: postgresPointerStore(options.sql, options.name), store: options.store, warehouse: options.warehouse, clock: options.clock });
}
