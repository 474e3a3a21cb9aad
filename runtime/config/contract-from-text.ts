/**
 * An asset's text (Dativo or ODCS, YAML or JSON — JSON is YAML; config-format.md §6) as a
 * contract, for assets that arrive as text rather than as a job's file: a Worker's header or
 * stored object, a contract pasted into the console. Problems are thrown as one config.invalid.
 */
import type { Contract } from "../contract.ts";
import { contractFromAsset } from "./asset-contract.ts";
import { parseYamlText } from "./yaml-file.ts";
import { configError } from "./problems.ts";

export function contractFromText(text: string, file: string): Contract {
  const parsed = parseYamlText(text, file);
  if (!parsed.ok) throw configError([parsed.problem]);
  const load = contractFromAsset(parsed.value, { file });
  if (!load.contract || load.problems.length > 0) throw configError(load.problems);
  return load.contract;
}
