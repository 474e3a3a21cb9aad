/**
 * runJob: one run of a job — extract → normalize/check → load → commit (DESIGN.md, "How a run
 * flows"). Data files stream to the store as batches arrive; the Iceberg commit that makes them
 * visible carries the new cursor, so data and state land together or not at all. Strict mode
 * fails before anything is committed and deletes the files this run wrote.
 */
import type { Catalog, LoadedTable } from "../catalog.ts";
import type { ObjectStore } from "../object-store.ts";
import { keyOf } from "../object-store.ts";
import type { Clock } from "../platform.ts";
import type { Logger } from "../logger.ts";
import type { Source, Cursor } from "../source.ts";
import type { Issue } from "../rule.ts";
import type { Schema } from "../iceberg/types.ts";
import { ExitCode, IngestError } from "../errors.ts";
import { cursorFromProperties, cursorProperties, readStateObject, stateObjectKey, writeStateObject } from "../state.ts";
import { icebergSchemaFromContract } from "../iceberg/schema-from-contract.ts";
import { createNormalizer } from "../normalize/normalize-batch.ts";
import type { initParquetWasm } from "../parquet/parquet-wasm-init.ts";
import { DataFileSink } from "./data-file-sink.ts";
import { createPartitioner, partitionSpecFor } from "./partitioner.ts";
import { ensureTable } from "./ensure-table.ts";
import { evolveSchema } from "./evolve-schema.ts";
import { commitAppend } from "./commit-append.ts";
import { IssueLog } from "./issue-log.ts";
import { streamingQuality, type QualityEngine } from "../quality/index.ts";
import { runSummaryProperties } from "./run-summary-properties.ts";
import { PiiFindings } from "./pii-findings.ts";
import type { JobPlan, RunEvent, RunSummary } from "./job-plan.ts";
import { twinKernels, type Kernels } from "../../wasm/index.ts";

export interface RunDeps {
  source: Source;
  /** Where the table's files live; the table location must be inside it. */
  store: ObjectStore;
  /** Null: no catalog — Parquet files plus a state object written after them. */
  catalog: Catalog | null;
  /** parquet-wasm, to encode in this thread; not needed when `parquetEncoder` is given. */
  parquet?: ReturnType<typeof initParquetWasm>;
  parquetEncoder?: import("../parquet/parquet-encoder.ts").ParquetEncoder;
  clock: Clock;
  crypto: Crypto;
  logger: Logger;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  /** Evaluates the contract's quality rules; default the streaming engine (no SQL rules). */
  quality?: QualityEngine;
  /**
   * The hot-path kernels (statistics, partition transforms, the PII scan): the WebAssembly build
   * from `wasm/index.ts` `kernels(...)`, or by default its TypeScript twins, which give the same
   * results. A CSV source takes them too, for tokenizing and parsing.
   */
  kernels?: Kernels;
}

export async function runJob(plan: JobPlan, deps: RunDeps): Promise<RunSummary> {
  const started = deps.clock.now();
  const kernels = deps.kernels ?? twinKernels();
  const emit = (e: RunEvent) => deps.onEvent?.(e);
  const tableName = [...plan.table.namespace, plan.table.name].join(".");
  const log = deps.logger.child({ job: plan.jobName, tenant: plan.tenant, table: tableName });

  // Load: the table (created from the contract when missing) and the stored cursor.
  let loaded: LoadedTable | null = null;
  let schema: Schema;
  let location: string;
  let cursor: Cursor | undefined;
  const stateKey = stateObjectKey(plan.tenant, plan.stream);
  if (deps.catalog) {
    const ensured = await ensureTable(deps.catalog, plan.table, plan.contract, plan.partitioning, plan.tableLocation, {
      // Say what the files are written with (new tables default to zstd in the Java library).
      "write.parquet.compression-codec": plan.compression,
    });
    loaded = await evolveSchema(deps.catalog, plan.table, ensured.loaded, plan.contract);
    const meta = loaded.metadata;
    schema = meta.schemas.find((s) => s["schema-id"] === meta["current-schema-id"])!;
    location = meta.location;
    if (plan.incremental) cursor = cursorFromProperties(meta.properties, plan.stream);
  } else {
    schema = icebergSchemaFromContract(plan.contract);
    location = plan.tableLocation ?? `${deps.store.root}/${plan.table.namespace.join("/")}/${plan.table.name}`;
    if (plan.incremental) cursor = await readStateObject(deps.store, stateKey);
  }
  const tableKey = keyOf(deps.store, location);
  if (tableKey === null) {
    throw new IngestError("config.invalid", `table location ${location} is outside the warehouse ${deps.store.root}; point target.warehouse at the folder or bucket that holds the table`);
  }
  emit({ type: "started", job: plan.jobName, table: tableName, cursor });
  log.info("job started", { event: "job_started", location, cursor });

  const fieldIds = new Map(schema.fields.map((f) => [f.name, f.id]));
  const columns = plan.contract.columns.map((c) => {
    const field = schema.fields.find((f) => f.name === c.name)!;
    return { fieldId: field.id, icebergType: typeof field.type === "string" ? field.type : field.type.type };
  });
  const spec = loaded
    ? loaded.metadata["partition-specs"].find((s) => s["spec-id"] === loaded!.metadata["default-spec-id"])!
    : partitionSpecFor(plan.partitioning, schema);
  const ingestDate = new Date(deps.clock.now()).toISOString().slice(0, 10);
  const partitioner = createPartitioner(plan.partitioning, spec, schema, ingestDate, kernels);
  const runId = deps.crypto.randomUUID();
  const sink = new DataFileSink({
    store: deps.store,
    dataKeyPrefix: `${tableKey}/data`,
    dataUriPrefix: `${location}/data`,
    runId,
    columns,
    targetFileBytes: plan.targetFileBytes,
    compression: plan.compression,
    footerMetadata: { "iceberg.schema": JSON.stringify(schema) },
    parquet: deps.parquet,
    encoder: deps.parquetEncoder,
    kernels,
    onFile: (f) => emit({ type: "file", path: f["file-path"], rows: f["record-count"], bytes: f["file-size-in-bytes"] }),
  });

  const normalize = createNormalizer(plan.contract, plan.mode, fieldIds);
  const issues = new IssueLog();
  const pii = new PiiFindings(plan.contract, kernels);
  const quality = await (deps.quality ?? streamingQuality()).open(plan.contract, { table: tableName });
  let qualityFailures = 0;
  let rowsRead = 0;
  let rowsWritten = 0;
  let rowsRejected = 0;
  let newCursor: Cursor | undefined;
  try {
    for await (const batch of deps.source.read(plan.stream, { cursor, signal: deps.signal, batchSize: plan.batchSize })) {
      if (deps.signal?.aborted) throw new IngestError("cancelled", `run of ${plan.jobName} was cancelled`);
      rowsRead += batch.numRows;
      const result = normalize(batch);
      for (const issue of result.issues) {
        if (issues.add(issue)) emit({ type: "issue", issue });
        // A malformed line never became a row of the batch: count it as read and rejected.
        if (issue.kind === "malformed_row") {
          rowsRead++;
          rowsRejected++;
        }
      }
      rowsRejected += result.rejectedRows;
      if (plan.mode === "strict" && (issues.failing > 0 || rowsRejected > 0)) throw strictFailure(plan.jobName, issues.first());
      rowsWritten += result.batch.numRows;
      pii.add(result.batch);
      await quality.add(result.batch);
      for (const slice of partitioner.split(result.batch)) await sink.write(slice);
      if (batch.cursor) newCursor = batch.cursor;
      emit({ type: "batch", rowsRead, rowsWritten, rowsRejected, origin: batch.origin });
    }
    // Contract quality rules see every valid row; a failed rule fails a strict run before any
    // commit, and makes a warn run partial. Rules marked as warnings only inform.
    for (const finding of await quality.finish()) {
      const informational = finding.outcome === "not_evaluated" || /^(warn|warning|info)$/i.test(finding.rule.severity ?? "");
      if (!informational) qualityFailures++;
      if (issues.add(finding, informational)) emit({ type: "issue", issue: finding });
    }
    await quality.close();
    if (plan.mode === "strict" && qualityFailures > 0) throw strictFailure(plan.jobName, issues.first());
    const files = await sink.finish();
    const bytes = files.reduce((n, f) => n + f["file-size-in-bytes"], 0);
    // Decided before the PII findings are added: they inform and never make a run partial.
    const exitCode = issues.failing > 0 || rowsRejected > 0 ? ExitCode.partial : ExitCode.success;
    for (const issue of pii.issues()) {
      if (issues.add(issue)) emit({ type: "issue", issue });
    }
    const base: Omit<RunSummary, "status" | "exitCode" | "durationMs"> = {
      job: plan.jobName, table: tableName, tableLocation: location, rowsRead, rowsWritten, rowsRejected,
      files: files.length, bytes, issues: issues.list, issueCounts: issues.counts, kernels: kernels.kind,
    };
    const stateChanged = plan.incremental && newCursor !== undefined && JSON.stringify(newCursor) !== JSON.stringify(cursor);
    if (files.length === 0 && !stateChanged) {
      emit({ type: "nothing-new" });
      log.info("nothing new", { event: "job_finished", rowsRead });
      return { ...base, status: exitCode === ExitCode.partial ? "partial" : "nothing-new", exitCode, durationMs: deps.clock.now() - started };
    }
    const properties = stateChanged ? cursorProperties(plan.stream, newCursor!) : {};
    let snapshotId: string | undefined;
    let metadataLocation: string | undefined;
    if (deps.catalog && loaded) {
      const committed = await commitAppend({
        catalog: deps.catalog, table: plan.table, base: loaded, dataFiles: files, store: deps.store, properties,
        // The run's findings travel with its snapshot, so a warn run's rejects stay on record.
        summary: runSummaryProperties(plan.jobName, runId, rowsRejected, issues.counts),
        clock: deps.clock, crypto: deps.crypto, maxAttempts: plan.maxCommitAttempts ?? 10,
        onRetry: (attempt, reason) => emit({ type: "retry", attempt, reason }),
      });
      snapshotId = committed.snapshotId?.toString();
      metadataLocation = committed.loaded.metadataLocation;
    } else if (stateChanged) {
      // No catalog: the files are durable now, so the cursor may move past them.
      await writeStateObject(deps.store, stateKey, newCursor!);
    }
    emit({ type: "committed", snapshotId: snapshotId ?? "", files: files.length, rows: rowsWritten });
    log.info("job finished", { event: "job_finished", rowsRead, rowsWritten, rowsRejected, files: files.length, bytes, snapshotId });
    return {
      ...base, snapshotId, metadataLocation, status: exitCode === ExitCode.partial ? "partial" : "committed",
      exitCode, durationMs: deps.clock.now() - started,
    };
  } catch (e) {
    await quality.close().catch(() => {});
    await sink.abort(e);
    const error = e instanceof IngestError ? e : new IngestError("internal", `run of ${plan.jobName} failed: ${(e as Error)?.message ?? e}`, {}, { cause: e });
    emit({ type: "failed", code: error.code, message: error.message });
    log.error("job failed", { event: "job_error", code: error.code, error: error.message });
    throw Object.assign(error, { issues: issues.list, issueCounts: issues.counts });
  }
}

function strictFailure(job: string, issues: Issue[]): IngestError {
  const shown = issues.slice(0, 5).map((i) => `  ${describeIssue(i)}`).join("\n");
  return new IngestError(
    "contract.violation",
    `${job}: the data breaks its contract (strict mode), nothing was committed:\n${shown}\nfix the source data or the asset schema, or set schema_validation_mode: warn to load the valid rows`,
    { issues },
  );
}

export function describeIssue(i: Issue): string {
  // Findings from the source and the normalizer already say where (file, row, line) and what.
  return i.message;
}
