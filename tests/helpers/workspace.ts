/**
 * A throwaway working directory for end-to-end runs: the shipped connectors and registry are
 * copied in (jobs name them by relative path, config-format.md §1), plus whatever the test writes.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { repoRoot } from "./cli.ts";

export interface Workspace {
  dir: string;
  path(rel: string): string;
  write(rel: string, text: string | Uint8Array): string;
}

export function createWorkspace(prefix = "dativo-e2e-"): Workspace {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(repoRoot, "connectors"), join(dir, "connectors"), { recursive: true });
  cpSync(join(repoRoot, "registry"), join(dir, "registry"), { recursive: true });
  return {
    dir,
    path: (rel) => join(dir, rel),
    write(rel, text) {
      const p = join(dir, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
      return p;
    },
  };
}

/** A flat asset and a CSV job around it; `extra` is appended to the job YAML. */
export function csvJob(ws: Workspace, o: { name?: string; files: string[]; mode?: "strict" | "warn"; target?: string; schema?: string; incremental?: boolean }): string {
  const name = o.name ?? "orders";
  ws.write(
    `assets/${name}.yaml`,
    `apiVersion: v3.0.2
kind: DataContract
name: ${name}
version: "1.0"
domain: e2e
dataProduct: tests
source_type: csv
object: ${name}
schema:
${o.schema ?? `  - {name: order_id, type: integer, required: true}
  - {name: customer, type: string, required: true}
  - {name: email, type: string}
  - {name: amount, type: double, required: true}
  - {name: placed_at, type: timestamp, required: true}
  - {name: country, type: string}
  - {name: is_gift, type: boolean}
  - {name: note, type: string}`}
team:
  owner: e2e@example.com
`,
  );
  const files = o.files.map((f) => `    - {path: ${f}, object: ${name}}`).join("\n");
  return ws.write(
    `jobs/${name}.yaml`,
    `tenant_id: e2e
source_connector_path: connectors/csv.yaml
target_connector_path: connectors/iceberg.yaml
asset_path: assets/${name}.yaml
source:
  files:
${files}
${o.incremental === false ? "" : `  incremental:
    strategy: file_modified_time
    lookback_days: 0
`}target:
${o.target ?? `  warehouse: ./warehouse
  catalog: files
  partitioning: [ingest_date]
  compression: zstd`}
schema_validation_mode: ${o.mode ?? "strict"}
`,
  );
}
