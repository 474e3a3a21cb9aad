/**
 * Job: the plan a configuration resolves to, and the events and summary a run produces.
 * The platform root turns a job YAML into a JobPlan (config, recipes, asset, secrets) and
 * builds the Source, ObjectStore and Catalog; `runJob` only sees these.
 */
import type { TableIdentifier } from "../catalog.ts";
import type { Contract } from "../contract.ts";
import type { Issue } from "../rule.ts";
import type { ParquetCompression } from "../parquet/parquet-file-writer.ts";
import type { ExitCode } from "../errors.ts";

export interface JobPlan {
  tenant: string;
  /** Names the run in logs and the snapshot summary. */
  jobName: string;
  /** The source stream to read (a CSV object, a table). */
  stream: string;
  contract: Contract;
  mode: "strict" | "warn";
  table: TableIdentifier;
  /** Table location for a new table; by default the catalog picks one. */
  tableLocation?: string;
  /**
   * Partition columns as the config lists them: `ingest_date` (the run's UTC date, a path
   * segment only, as the original lays files out), a contract column (identity), or
   * `transform(column)` with an Iceberg transform (`day(placed_at)`, `bucket[16](id)`).
   */
  partitioning: string[];
  /** Roll data files at this many bytes of encoded Parquet. */
  targetFileBytes: number;
  compression: ParquetCompression;
  /** Read after the stored cursor and store the new one; off means a full read every run. */
  incremental: boolean;
  batchSize?: number;
  /** Commit attempts before giving up on conflicts. */
  maxCommitAttempts?: number;
}

export type RunEvent =
  | { type: "started"; job: string; table: string; cursor?: unknown }
  | { type: "batch"; rowsRead: number; rowsWritten: number; rowsRejected: number; origin?: string }
  | { type: "file"; path: string; rows: number; bytes: number }
  | { type: "issue"; issue: Issue }
  | { type: "retry"; attempt: number; reason: string }
  | { type: "committed"; snapshotId: string; files: number; rows: number }
  | { type: "nothing-new" }
  | { type: "failed"; code: string; message: string };

export interface RunSummary {
  job: string;
  table: string;
  tableLocation: string;
  /** Location of the metadata file of the committed version (catalog mode). */
  metadataLocation?: string;
  snapshotId?: string;
  rowsRead: number;
  rowsWritten: number;
  rowsRejected: number;
  files: number;
  bytes: number;
  durationMs: number;
  /** First findings, at most 100, and counts by kind and column. */
  issues: Issue[];
  issueCounts: Record<string, number>;
  status: "committed" | "nothing-new" | "partial" | "failed";
  exitCode: ExitCode;
  /** Which kernels ran the hot paths: the WebAssembly build or its TypeScript twins. */
  kernels: "wasm" | "ts";
}
