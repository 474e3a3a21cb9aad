/**
 * Server-side retry of a commit that lost the pointer swap to a concurrent writer, as the
 * reference server does (CatalogHandlers.commit: `Tasks.foreach(ops).retry(4)…onlyRetryOn(
 * CommitFailedException)`; the REST compatibility kit assumes it, `rck.supports-serverside-retry`).
 * Each attempt reloads the table and re-checks every requirement, so a commit whose requirement
 * no longer holds still ends in 409 — it is not retried at all, since reloading cannot make it
 * hold again. Only conflicts without a failed requirement (a lost swap) are retried.
 */
import { isIngestError } from "../runtime/errors.ts";

const retries = 4;

function lostSwap(e: unknown): boolean {
  // runtime/iceberg/requirements.ts marks requirement failures with `details.requirement`.
  return isIngestError(e, "catalog.commit_conflict") && e.details.requirement === undefined;
}

export async function withCommitRetry<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (n >= retries || !lostSwap(e)) throw e;
      // A short random pause, so that writers that collided do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** n));
    }
  }
}
