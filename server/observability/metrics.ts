/**
 * Server metrics in the Prometheus text exposition format (version 0.0.4): requests by
 * operation and status, a latency histogram by operation, and commit conflicts. Labels are the
 * spec's operationIds, never table names, so cardinality stays bounded and nothing private leaks.
 */
export interface Metrics {
  observeRequest(operation: string, method: string, status: number, seconds: number): void;
  commitConflict(operation: string): void;
  render(): string;
}

const buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function labels(pairs: Record<string, string>): string {
  const body = Object.entries(pairs)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`)
    .join(",");
  return `{${body}}`;
}

export function createMetrics(): Metrics {
  const requests = new Map<string, number>();
  const conflicts = new Map<string, number>();
  const histograms = new Map<string, { counts: number[]; sum: number; count: number }>();
  return {
    observeRequest(operation, method, status, seconds) {
      const key = labels({ operation, method, status: String(status) });
      requests.set(key, (requests.get(key) ?? 0) + 1);
      const hKey = labels({ operation });
      let h = histograms.get(hKey);
      if (!h) histograms.set(hKey, (h = { counts: buckets.map(() => 0), sum: 0, count: 0 }));
      buckets.forEach((le, i) => {
        if (seconds <= le) h.counts[i]! += 1;
      });
      h.sum += seconds;
      h.count += 1;
    },
    commitConflict(operation) {
      const key = labels({ operation });
      conflicts.set(key, (conflicts.get(key) ?? 0) + 1);
    },
    render() {
      const lines: string[] = [];
      lines.push("# HELP dativo_http_requests_total HTTP requests by Iceberg REST operation, method and status.");
      lines.push("# TYPE dativo_http_requests_total counter");
      for (const [key, n] of requests) lines.push(`dativo_http_requests_total${key} ${n}`);
      lines.push("# HELP dativo_http_request_duration_seconds Request latency by Iceberg REST operation.");
      lines.push("# TYPE dativo_http_request_duration_seconds histogram");
      for (const [key, h] of histograms) {
        const inner = key.slice(1, -1);
        buckets.forEach((le, i) => lines.push(`dativo_http_request_duration_seconds_bucket{${inner},le="${le}"} ${h.counts[i]}`));
        lines.push(`dativo_http_request_duration_seconds_bucket{${inner},le="+Inf"} ${h.count}`);
        lines.push(`dativo_http_request_duration_seconds_sum${key} ${h.sum}`);
        lines.push(`dativo_http_request_duration_seconds_count${key} ${h.count}`);
      }
      lines.push("# HELP dativo_catalog_commit_conflicts_total Commits refused with 409 CommitFailedException.");
      lines.push("# TYPE dativo_catalog_commit_conflicts_total counter");
      for (const [key, n] of conflicts) lines.push(`dativo_catalog_commit_conflicts_total${key} ${n}`);
      return lines.join("\n") + "\n";
    },
  };
}
