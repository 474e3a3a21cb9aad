/**
 * Bounded memory under Bun: JSC lets the heap grow with a run's length before it collects, so a
 * 10× longer table would show a higher peak. A full collection every few batches keeps the peak
 * flat whatever the table size, for a few milliseconds each time.
 */
import type { RunEvent } from "../../runtime/job/job-plan.ts";

export function collectGarbageEvery(batches = 20): (event: RunEvent) => void {
  let seen = 0;
  return (event) => {
    if (event.type === "batch" && ++seen % batches === 0) Bun.gc(true);
  };
}
