/** A pasted asset (Dativo or ODCS, YAML or JSON; config-format.md §6) as a contract, or the problems as one error. */
import type { Contract } from "../runtime/contract.ts";
import { contractFromAsset } from "../runtime/config/asset-contract.ts";
import { parseYamlText } from "../runtime/config/yaml-file.ts";
import { configError } from "../runtime/config/problems.ts";

export function contractFromText(text: string, file = "pasted contract"): Contract {
  const parsed = parseYamlText(text, file);
  if (!parsed.ok) throw configError([parsed.problem]);
  const load = contractFromAsset(parsed.value, { file });
  if (!load.contract || load.problems.length > 0) throw configError(load.problems);
  if (load.contract.columns.length === 0) {
    throw configError([{ file, path: "schema", problem: "lists no columns", fix: "list the file's columns under `schema`, or clear the contract to infer one" }]);
  }
  return load.contract;
}
