/**
 * Bounded memory under Bun: JSC lets the heap grow with a run's length before it collects, so a
 * 10× longer table would show a higher peak. A full collection whenever the heap has grown by
 * `growthMB` since the last one keeps the peak flat whatever the table size; counting batches
 * instead collected as often on tables whose batches leave little garbage, for nothing.
 */
import type { RunEvent } from "../../runtime/job/job-plan.ts";

export function collectGarbageOnGrowth(growthMB = 64): (event: RunEvent) => void {
  const growth = growthMB * 1024 * 1024;
  let base = process.memoryUsage().heapUsed;
  return (event) => {
    if (event.type !== "batch") return;
    if (process.memoryUsage().heapUsed < base + growth) return;
    Bun.gc(true);
    base = process.memoryUsage().heapUsed;
  };
}
