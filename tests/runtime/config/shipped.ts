/** The product's shipped recipes and registry, read from the checkout, keyed as jobs name them. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "../../..");

export function shippedFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(join(root, "connectors"))) out[`connectors/${f}`] = readFileSync(join(root, "connectors", f), "utf8");
  out["registry/connectors.yaml"] = readFileSync(join(root, "registry/connectors.yaml"), "utf8");
  return out;
}
