/**
 * Commits an append and the stream's cursor in one Iceberg commit, with optimistic retry:
 * on a conflict the table is reloaded and the append re-planned on the new base (appends never
 * conflict semantically: spec "Snapshots", "Append operations have no requirements and can always
 * be applied"). When the outcome is unknown (5xx, timeout), the table is reloaded and the commit
 * counts as done if our snapshot is there (write-path.md §6), so it is never applied twice.
 */
import type { Catalog, LoadedTable, TableIdentifier } from "../catalog.ts";
import type { ObjectStore } from "../object-store.ts";
import type { Clock } from "../platform.ts";
import type { DataFile, TableRequirement, TableUpdate } from "../iceberg/types.ts";
import { IngestError, isIngestError } from "../errors.ts";
import { planAppend, type AppendPlan } from "../iceberg/append.ts";

export interface CommitAppendOptions {
  catalog: Catalog;
  table: TableIdentifier;
  base: LoadedTable;
  dataFiles: DataFile[];
  store: ObjectStore;
  /** Table properties written by the same commit (the cursor). */
  properties: Record<string, string>;
  /** Schema changes to apply with the append (new optional columns). */
  schemaUpdates?: (base: LoadedTable) => { requirements: TableRequirement[]; updates: TableUpdate[] };
  summary: Record<string, string>;
  clock: Clock;
  crypto: Crypto;
  maxAttempts: number;
  onRetry?: (attempt: number, reason: string) => void;
}

export async function commitAppend(o: CommitAppendOptions): Promise<{ loaded: LoadedTable; snapshotId: bigint | null }> {
  let base = o.base;
  let lastError: unknown;
  // The manifests of the first attempt are reused on retries: only the manifest list and the
  // snapshot are rebuilt on the new base (write-path.md §6).
  let previous: AppendPlan | undefined;
  for (let attempt = 1; attempt <= o.maxAttempts; attempt++) {
    const schema = o.schemaUpdates?.(base) ?? { requirements: [], updates: [] };
    let requirements: TableRequirement[] = [...schema.requirements];
    const updates: TableUpdate[] = [...schema.updates];
    let snapshotId: bigint | null = null;
    if (o.dataFiles.length > 0) {
      const plan = await planAppend({
        metadata: base.metadata,
        dataFiles: o.dataFiles,
        store: o.store,
        clock: o.clock,
        crypto: o.crypto,
        extraSummary: o.summary,
        reuseManifests: previous?.newManifests,
        snapshotId: previous?.snapshot["snapshot-id"],
        attempt,
      });
      previous = plan;
      snapshotId = plan.snapshot["snapshot-id"];
      requirements = [...plan.requirements, ...requirements];
      updates.push(...plan.updates);
    } else {
      requirements.push({ type: "assert-table-uuid", uuid: base.metadata["table-uuid"] });
      const main = base.metadata.refs["main"]?.["snapshot-id"] ?? null;
      requirements.push({ type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": main });
    }
    if (Object.keys(o.properties).length > 0) updates.push({ action: "set-properties", updates: o.properties });
    try {
      const loaded = await o.catalog.commitTable({ identifier: o.table, requirements, updates });
      return { loaded, snapshotId };
    } catch (e) {
      lastError = e;
      if (isIngestError(e, "catalog.commit_state_unknown") && snapshotId !== null) {
        const reloaded = await o.catalog.loadTable(o.table);
        if (reloaded.metadata.snapshots.some((s) => s["snapshot-id"] === snapshotId)) return { loaded: reloaded, snapshotId };
        base = reloaded;
        assertStateUnmoved(o, base);
        continue;
      }
      if (!isIngestError(e, "catalog.commit_conflict")) throw e;
      o.onRetry?.(attempt, e.message);
      // Jittered backoff keeps N racing writers from colliding again in lockstep.
      await sleep(Math.min(2000, 25 * 2 ** attempt) * (0.5 + randomUnit(o.crypto)));
      base = await o.catalog.loadTable(o.table);
      assertStateUnmoved(o, base);
    }
  }
  throw new IngestError(
    "catalog.commit_conflict",
    `commit to ${o.table.namespace.join(".")}.${o.table.name} still conflicted after ${o.maxAttempts} attempts; other writers are committing continuously — rerun the job (nothing was committed)`,
    {},
    { cause: lastError },
  );
}

/**
 * A retry rebases the data on the new snapshot, but the cursor it carries was computed from the
 * state the run started with. If another run of the same stream committed meanwhile, its cursor
 * is in the table now: committing ours would load the same rows twice and drop its cursor. The run
 * stops instead, having committed nothing; the next run reads from the new cursor.
 */
function assertStateUnmoved(o: CommitAppendOptions, current: LoadedTable): void {
  for (const key of Object.keys(o.properties)) {
    const before = o.base.metadata.properties[key];
    const now = current.metadata.properties[key];
    if (before !== now) {
      throw new IngestError(
        "state.conflict",
        `another run of this stream committed to ${o.table.namespace.join(".")}.${o.table.name} while this one ran (table property \`${key}\` changed); nothing from this run was committed — run the job again to load what is still new`,
        { key },
      );
    }
  }
}

function randomUnit(crypto: Crypto): number {
  const a = new Uint32Array(1);
  crypto.getRandomValues(a);
  return a[0]! / 2 ** 32;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
