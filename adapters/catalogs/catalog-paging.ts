/**
 * Paging and name checks shared by the pointer-backed catalogs.
 *
 * Page tokens (REST spec `PageToken`): opaque to clients; here the encoded sort key of the last
 * item returned, so a page stays correct when items are added or dropped between calls. Without
 * a `pageToken` and `pageSize` everything comes back in one page, as the spec asks of servers
 * that paginate.
 */
import type { ListOptions, Namespace, Page, TableIdentifier } from "../../runtime/catalog.ts";
import { IngestError } from "../../runtime/errors.ts";

export function paginate<T>(items: T[], keyOf: (item: T) => string, options: ListOptions = {}): Page<T> {
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const { pageToken, pageSize } = options;
  if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1)) {
    throw new IngestError("catalog.bad_request", `pageSize ${pageSize} is invalid; use an integer of at least 1`, { pageSize });
  }
  let start = 0;
  if (pageToken !== undefined && pageToken !== "") {
    let after: string;
    try {
      after = decodeURIComponent(pageToken);
    } catch {
      throw new IngestError("catalog.bad_request", `pageToken ${JSON.stringify(pageToken)} is not one this catalog issued; start again without a token`);
    }
    start = sorted.findIndex((item) => keyOf(item) > after);
    if (start < 0) start = sorted.length;
  }
  if (pageSize === undefined) return { items: sorted.slice(start) };
  const page = sorted.slice(start, start + pageSize);
  const more = start + pageSize < sorted.length;
  return more ? { items: page, nextPageToken: encodeURIComponent(keyOf(page[page.length - 1]!)) } : { items: page };
}

export function checkNamespace(namespace: Namespace): void {
  if (!Array.isArray(namespace) || namespace.length === 0 || namespace.some((p) => typeof p !== "string" || p === "" || p.includes("\u001f"))) {
    throw new IngestError("catalog.bad_request", `namespace ${JSON.stringify(namespace)} is invalid; give one or more non-empty name parts`, { namespace });
  }
}

export function checkIdentifier(table: TableIdentifier): void {
  checkNamespace(table?.namespace);
  if (typeof table.name !== "string" || table.name === "" || table.name.includes("\u001e")) {
    throw new IngestError("catalog.bad_request", `table name ${JSON.stringify(table.name)} is invalid; give a non-empty name`, { name: table.name });
  }
}

export function formatNamespace(namespace: Namespace): string {
  return namespace.join(".");
}
