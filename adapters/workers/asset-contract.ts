/**
 * The data contract of an ingest: a Dativo or ODCS asset (config-format.md §6) sent as JSON in
 * the `x-dativo-asset` header, or stored in the warehouse at `_assets/<namespace>/<table>.json`
 * (or `.yaml`) once, so that producers need only post CSV.
 */
import type { Contract } from "../../runtime/contract.ts";
import type { ObjectStore } from "../../runtime/object-store.ts";
import { contractFromText } from "../../runtime/config/contract-from-text.ts";
import { IngestError } from "../../runtime/errors.ts";

export { contractFromText };

export const assetHeader = "x-dativo-asset";

export function assetKeys(namespace: string[], table: string): string[] {
  const base = `_assets/${namespace.join(".")}/${table}`;
  return [`${base}.json`, `${base}.yaml`, `${base}.yml`];
}

export async function contractFor(headers: Headers, store: ObjectStore, namespace: string[], table: string): Promise<Contract> {
  const inline = headers.get(assetHeader);
  if (inline) return contractFromText(inline, `header ${assetHeader}`);
  for (const key of assetKeys(namespace, table)) {
    const bytes = await store.get(key);
    if (bytes) return contractFromText(new TextDecoder().decode(bytes), `${store.root}/${key}`);
  }
  throw new IngestError(
    "config.invalid",
    `no data contract for ${[...namespace, table].join(".")}: send the asset as JSON in the ${assetHeader} header, or store it at ${store.root}/${assetKeys(namespace, table)[0]}`,
  );
}
