/**
 * What a run records in its snapshot's summary (spec "Snapshots": the summary is a string map
 * engines keep with the snapshot): the job, the run id, and — when the run found anything — how
 * many rows it rejected and its findings counted by kind and column, so a warn-mode load keeps
 * its record next to the data it loaded.
 */
const MAX_FINDINGS_TEXT = 2000;

export function runSummaryProperties(job: string, runId: string, rowsRejected: number, counts: Record<string, number>): Record<string, string> {
  const out: Record<string, string> = { "dativo.job": job, "dativo.run-id": runId };
  if (rowsRejected > 0) out["dativo.rows-rejected"] = String(rowsRejected);
  const findings = JSON.stringify(counts);
  if (findings !== "{}") out["dativo.findings"] = findings.length <= MAX_FINDINGS_TEXT ? findings : findings.slice(0, MAX_FINDINGS_TEXT - 1) + "…";
  return out;
}
