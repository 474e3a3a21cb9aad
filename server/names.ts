/**
 * Namespace and table names on the wire. `{namespace}` in a path and `?parent=` join the levels
 * with the unit separator 0x1F (URL `%1F`, spec parameter "namespace"). Names become folder
 * names in the files catalog, so path separators, `..` and control characters are refused here,
 * before any catalog sees them.
 */
import type { Namespace, TableIdentifier } from "../runtime/catalog.ts";
import { badRequest } from "./rest-error.ts";

const separator = "\u001f";
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u001f\u007f]/;

export function checkName(kind: "namespace" | "table", name: string): string {
  const problem =
    name.length === 0
      ? "is empty"
      : name.includes("/") || name.includes("\\")
        ? "contains a path separator"
        : name.includes("..") || name === "."
          ? "contains `..` or is `.`"
          : controlChars.test(name)
            ? "contains a control character"
            : name.length > 255
              ? "is longer than 255 characters"
              : null;
  if (problem) throw badRequest(`${kind} name ${JSON.stringify(name)} ${problem}; use letters, digits, '_' and '-'`);
  return name;
}

export function checkNamespace(levels: readonly string[]): Namespace {
  if (levels.length === 0) throw badRequest("namespace is empty; give at least one level");
  return levels.map((level) => checkName("namespace", level));
}

/** Decodes a `{namespace}` path segment (already percent-decoded) or a `parent` query value. */
export function namespaceFromParam(value: string): Namespace {
  return checkNamespace(value.split(separator));
}

export function identifier(namespace: Namespace, name: string): TableIdentifier {
  return { namespace: checkNamespace(namespace), name: checkName("table", name) };
}
