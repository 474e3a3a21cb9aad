/** A pasted asset (Dativo or ODCS, YAML or JSON; config-format.md §6) as a contract, or the problems as one error. */
import type { Contract } from "../runtime/contract.ts";
import { contractFromText as contractOf } from "../runtime/config/contract-from-text.ts";
import { configError } from "../runtime/config/problems.ts";

export function contractFromText(text: string, file = "pasted contract"): Contract {
  const contract = contractOf(text, file);
  if (contract.columns.length === 0) {
    throw configError([{ file, path: "schema", problem: "lists no columns", fix: "list the file's columns under `schema`, or clear the contract to infer one" }]);
  }
  return contract;
}
