/**
 * A first contract for a CSV nobody has described yet: each column gets the narrowest type that
 * every non-empty sample cell parses as (the kernels' `inferColumn`), and no column is required.
 * It is a starting point to edit, not a rule: the profile shows where the data disagrees.
 */
import type { ColumnType, Contract } from "../runtime/contract.ts";
import { CanParse, type Kernels, stringColumn } from "../wasm/index.ts";
import { typeLabel } from "./profile-csv.ts";

export function typeFromBits(bits: number): ColumnType {
  if (!(bits & CanParse.hasValues)) return { kind: "string" };
  // 0/1 columns parse as both; integer is the safer reading (every 0/1 loads as one).
  if (bits & CanParse.int64) return { kind: "long" };
  if (bits & CanParse.bool) return { kind: "boolean" };
  if (bits & CanParse.float64) return { kind: "double" };
  if (bits & CanParse.date) return { kind: "date" };
  if (bits & CanParse.timestamp) return { kind: "timestamp" };
  return { kind: "string" };
}

/** `names` and `columns[c][r]` as the CSV tokenizer gives them (a sample of the first rows). */
export function inferContract(name: string, names: string[], columns: ArrayLike<unknown>[], kernels: Kernels): Contract {
  return {
    name,
    version: "0.1.0",
    columns: names.map((column, c) => {
      const cells = Array.from(columns[c] ?? [], (v) => (v === null || v === undefined ? null : String(v)));
      const { data, offsets } = stringColumn(cells);
      const bits = kernels.inferColumn(data, offsets.subarray(0, cells.length), offsets.subarray(1));
      return { name: column, type: typeFromBits(bits), required: false };
    }),
    quality: [],
    tags: [],
    properties: {},
  };
}

const plain = /^[A-Za-z_][A-Za-z0-9_]*$/;
const quote = (s: string) => (plain.test(s) ? s : JSON.stringify(s));

/**
 * The contract as a flat Dativo asset in YAML (config-format.md §6), one line per column so it is
 * easy to edit on the page. Names that are not plain words are JSON-quoted, which YAML reads.
 */
export function assetYaml(contract: Contract): string {
  const columns = contract.columns.map((c) => `  - {name: ${quote(c.name)}, type: ${typeLabel(c.type)}${c.required ? ", required: true" : ""}}`);
  return ["apiVersion: v3.0.2", "kind: DataContract", `name: ${quote(contract.name)}`, `version: ${JSON.stringify(contract.version)}`, "schema:", ...columns, ""].join("\n");
}
