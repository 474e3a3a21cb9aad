/**
 * What a person sees while a job runs: on a terminal one line that redraws itself, otherwise
 * plain lines that read well in CI logs. Then the summary, or the same as JSON with `--json`.
 */
import type { RunEvent, RunSummary } from "../../runtime/job/job-plan.ts";
import { describeIssue } from "../../runtime/job/run-job.ts";

export interface Progress {
  onEvent(event: RunEvent): void;
  done(): void;
}

export function createProgress(out: { write(text: string): void; isTTY?: boolean }, quiet: boolean): Progress {
  const tty = Boolean(out.isTTY);
  let last = 0;
  let shownIssues = 0;
  const startedAt = Date.now();
  const line = (text: string) => {
    if (quiet) return;
    if (tty) out.write(`\r\x1b[2K${text}`);
    else out.write(text + "\n");
  };
  return {
    onEvent(e) {
      if (quiet) return;
      switch (e.type) {
        case "started":
          out.write(`${e.job} → ${e.table}\n`);
          break;
        case "batch": {
          const now = Date.now();
          if (!tty && now - last < 2000) return;
          last = now;
          const secs = (now - startedAt) / 1000;
          const rate = secs > 0 ? Math.round(e.rowsRead / secs) : 0;
          line(`  read ${fmt(e.rowsRead)} rows · written ${fmt(e.rowsWritten)} · rejected ${fmt(e.rowsRejected)} · ${fmt(rate)} rows/s`);
          break;
        }
        case "file":
          if (!tty) line(`  file ${e.path} (${fmt(e.rows)} rows, ${bytes(e.bytes)})`);
          break;
        case "issue":
          if (shownIssues++ < 5) {
            if (tty) out.write("\r\x1b[2K");
            out.write(`  ! ${describeIssue(e.issue)}\n`);
          }
          break;
        case "retry":
          line(`  commit conflict, retrying (attempt ${e.attempt + 1})`);
          break;
        default:
          break;
      }
    },
    done() {
      if (tty && !quiet) out.write("\r\x1b[2K");
    },
  };
}

export function formatSummary(s: RunSummary): string {
  const rows = [
    ["status", s.status],
    ["table", `${s.table}  (${s.tableLocation})`],
    ["rows read", fmt(s.rowsRead)],
    ["rows written", fmt(s.rowsWritten)],
    ["rows rejected", fmt(s.rowsRejected)],
    ["files", `${s.files} (${bytes(s.bytes)})`],
    ["duration", `${(s.durationMs / 1000).toFixed(2)} s`],
    ["kernels", s.kernels === "wasm" ? "WebAssembly" : "TypeScript"],
  ];
  if (s.snapshotId) rows.push(["snapshot", s.snapshotId]);
  if (s.metadataLocation) rows.push(["metadata", s.metadataLocation]);
  const findings = Object.entries(s.issueCounts);
  rows.push(["contract findings", findings.length === 0 ? "none" : findings.map(([k, n]) => `${k} ×${n}`).join(", ")]);
  const width = Math.max(...rows.map((r) => r[0]!.length));
  return rows.map(([k, v]) => `  ${k!.padEnd(width)}  ${v}`).join("\n") + "\n";
}

function fmt(n: number): string {
  return n.toLocaleString("en-US");
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
