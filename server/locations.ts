/**
 * Location checks: a table's location and a registered metadata file must lie inside the
 * warehouse, or one tenant could point a table at another tenant's files.
 */
import { badRequest } from "./rest-error.ts";

function normalize(uri: string): string {
  return uri.replace(/^s3[an]:\/\//, "s3://").replace(/\/+$/, "");
}

export function isInside(location: string, root: string): boolean {
  const loc = normalize(location);
  const base = normalize(root);
  if (loc.includes("\\")) return false;
  const rest = loc === base ? "" : loc.startsWith(base + "/") ? loc.slice(base.length + 1) : null;
  if (rest === null) return false;
  return !rest.split("/").some((part) => part === ".." || part === "." || /%2e%2e/i.test(part));
}

export function checkInside(what: string, location: string, root: string | undefined): void {
  if (root === undefined) {
    if (location.split("/").includes("..")) throw badRequest(`${what} ${JSON.stringify(location)} contains \`..\`; give a plain absolute location`);
    return;
  }
  if (!isInside(location, root)) {
    throw badRequest(`${what} ${JSON.stringify(location)} is outside the warehouse ${JSON.stringify(root)}; use a location under the warehouse`);
  }
}
