/**
 * Catalog: Iceberg tables with the semantics of the REST catalog spec
 * (../shared/specs/iceberg/rest-catalog-open-api.yaml). Implementations: memory, files (an
 * embedded catalog in any ObjectStore), postgres (one row per table, compare-and-swap on the
 * metadata location), rest (a client of any Iceberg REST catalog).
 *
 * Failures are IngestErrors with `catalog.*` codes, so the REST server can map them to the
 * spec's exception types: no_such_namespace → 404 NoSuchNamespaceException, no_such_table →
 * 404 NoSuchTableException, already_exists → 409 AlreadyExistsException, commit_conflict → 409
 * CommitFailedException, namespace_not_empty → 409 NamespaceNotEmptyException.
 */
import type { PartitionSpec, Schema, SortOrder, TableMetadata, TableRequirement, TableUpdate } from "./iceberg/types.ts";

export type Namespace = string[];

export interface TableIdentifier {
  namespace: Namespace;
  name: string;
}

export interface LoadedTable {
  metadataLocation: string;
  metadata: TableMetadata;
  /** Per-table client config (e.g. vended credentials), as LoadTableResult.config. */
  config?: Record<string, string>;
}

export interface CreateTableRequest {
  name: string;
  schema: Schema;
  location?: string;
  "partition-spec"?: PartitionSpec;
  "write-order"?: SortOrder;
  properties?: Record<string, string>;
  /** Stage only: return the metadata without making the table visible (REST `stage-create`). */
  "stage-create"?: boolean;
}

export interface TableCommit {
  identifier: TableIdentifier;
  requirements: TableRequirement[];
  updates: TableUpdate[];
}

export interface Page<T> {
  items: T[];
  /** Opaque token for the next page; absent on the last page. */
  nextPageToken?: string;
}

export interface ListOptions {
  pageToken?: string;
  pageSize?: number;
}

export interface Catalog {
  listNamespaces(parent?: Namespace, options?: ListOptions): Promise<Page<Namespace>>;
  createNamespace(namespace: Namespace, properties?: Record<string, string>): Promise<Record<string, string>>;
  loadNamespace(namespace: Namespace): Promise<Record<string, string>>;
  namespaceExists(namespace: Namespace): Promise<boolean>;
  updateNamespaceProperties(
    namespace: Namespace,
    removals: string[],
    updates: Record<string, string>,
  ): Promise<{ updated: string[]; removed: string[]; missing: string[] }>;
  dropNamespace(namespace: Namespace): Promise<void>;

  listTables(namespace: Namespace, options?: ListOptions): Promise<Page<TableIdentifier>>;
  createTable(namespace: Namespace, request: CreateTableRequest): Promise<LoadedTable>;
  loadTable(table: TableIdentifier): Promise<LoadedTable>;
  tableExists(table: TableIdentifier): Promise<boolean>;
  dropTable(table: TableIdentifier, options?: { purge?: boolean }): Promise<void>;
  renameTable(from: TableIdentifier, to: TableIdentifier): Promise<void>;
  registerTable(table: TableIdentifier, metadataLocation: string): Promise<LoadedTable>;
  /**
   * Applies `updates` if every requirement holds against the current metadata, atomically.
   * A requirement that no longer holds fails with `catalog.commit_conflict`. For a staged
   * create, `requirements` holds `assert-create` and the table is created by this commit.
   */
  commitTable(commit: TableCommit): Promise<LoadedTable>;
  /** All commits or none (REST `/transactions/commit`). */
  commitTransaction(commits: TableCommit[]): Promise<void>;
}

export function formatIdentifier(t: TableIdentifier): string {
  return [...t.namespace, t.name].join(".");
}
