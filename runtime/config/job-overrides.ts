/**
 * The job's governance overrides applied to the contract (config-format.md §3.8, §11.8), which
 * the original defined but could not load (§12 #1): `classification_overrides` (per field, and
 * `default` for the table), `finops` key by key over the asset's, `governance_overrides`
 * (`retention_days`, `owner`; an empty owner removes the tag).
 */
import type { Contract } from "../contract.ts";
import type { JobConfig } from "./job-schema.ts";

export function applyJobOverrides(contract: Contract, job: JobConfig): Contract {
  const properties = { ...contract.properties };
  const overrides = job.classification_overrides ?? {};
  const columns = contract.columns.map((c) => {
    const o = overrides[c.name];
    if (o === undefined) return c;
    properties[`classification.fields.${c.name}`] = o.toLowerCase();
    return { ...c, classification: o.toLowerCase() };
  });
  if (overrides.default !== undefined) properties["classification.default"] = overrides.default.toLowerCase();
  const finops = job.finops ?? {};
  for (const k of ["cost_center", "business_tags", "project", "environment"] as const) {
    const v = finops[k];
    if (v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) continue;
    properties[`finops.${k}`] = Array.isArray(v) ? v.join(",") : String(v);
  }
  const gov = job.governance_overrides;
  let owner = contract.owner;
  if (gov) {
    if (gov.retention_days !== undefined && gov.retention_days !== null) properties["governance.retention_days"] = String(gov.retention_days);
    if ("owner" in gov) {
      if (gov.owner) {
        properties["governance.owner"] = gov.owner;
        owner = gov.owner;
      } else delete properties["governance.owner"];
    }
  }
  return { ...contract, columns, properties, owner };
}
