/** Test helpers: ODCS examples loaded through runtime/config, Arrow batches typed by a contract. */
import * as arrow from "apache-arrow";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { contractFromAsset } from "../../../runtime/config/asset-contract.ts";
import { parseYamlText } from "../../../runtime/config/yaml-file.ts";
import type { Contract } from "../../../runtime/contract.ts";
import { arrowTypeFor } from "../../../runtime/normalize/arrow-schema.ts";
import type { QualityEngine, QualityIssue } from "../../../runtime/quality/quality-engine.ts";

export const examplesDir = join(import.meta.dir, "../../fixtures/odcs-examples");

export function loadExample(file: string): Contract {
  return contractFromYaml(readFileSync(join(examplesDir, file), "utf8"), file);
}

/** A contract from asset YAML text, loaded as the runtime loads it. */
export function contractFromYaml(text: string, file = "contract.odcs.yaml"): Contract {
  const p = parseYamlText(text, file);
  if (!p.ok) throw new Error(p.problem.problem);
  const r = contractFromAsset(p.value, { file });
  if (!r.contract) throw new Error(JSON.stringify(r.problems));
  return r.contract;
}

/** A batch with the contract's columns (in contract order) from plain values; absent columns are null. */
export function batchOf(contract: Contract, columns: Record<string, unknown[]>): arrow.RecordBatch {
  const n = Math.max(0, ...Object.values(columns).map((v) => v.length));
  const vectors: Record<string, arrow.Vector> = {};
  for (const c of contract.columns) {
    const values = columns[c.name] ?? new Array(n).fill(null);
    vectors[c.name] = arrow.vectorFromArray(values, arrowTypeFor(c.type));
  }
  const table = new arrow.Table(vectors);
  return table.batches[0] ?? new arrow.RecordBatch(vectors as never);
}

/** Runs an engine over batches and returns its findings; always closes the run. */
export async function evaluate(engine: QualityEngine, contract: Contract, batches: arrow.RecordBatch[], table = contract.name): Promise<QualityIssue[]> {
  const run = await engine.open(contract, { table });
  try {
    for (const b of batches) await run.add(b);
    return await run.finish();
  } finally {
    await run.close();
  }
}

export interface Brief {
  outcome: QualityIssue["outcome"];
  column: string | undefined;
  measured: number | undefined;
  value: string | undefined;
  message: string;
}

/** The parts of findings a test compares. */
export function brief(issues: QualityIssue[]): Brief[] {
  return issues.map((i) => ({ outcome: i.outcome, column: i.column, measured: i.measured, value: i.value, message: i.message }));
}

export function contractOf(columns: Contract["columns"], quality: Contract["quality"]): Contract {
  return { name: "t", version: "1", columns, quality, tags: [], properties: {} };
}
