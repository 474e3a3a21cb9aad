/**
 * Small readers of path parameters, query parameters and bodies shared by the handlers.
 */
import type { z } from "zod";
import type { ListOptions, Namespace, TableIdentifier } from "../runtime/catalog.ts";
import type { AppContext, Services } from "./app-env.ts";
import { checkName, namespaceFromParam } from "./names.ts";
import { readJsonBody } from "./read-json-body.ts";
import { badRequest } from "./rest-error.ts";
import { validateBody } from "./validate-body.ts";

export function namespaceParam(c: AppContext): Namespace {
  return namespaceFromParam(c.req.param("namespace") ?? "");
}

export function tableParam(c: AppContext): TableIdentifier {
  return { namespace: namespaceParam(c), name: checkName("table", c.req.param("table") ?? "") };
}

export function listOptions(c: AppContext): ListOptions {
  const options: ListOptions = {};
  const token = c.req.query("pageToken");
  if (token) options.pageToken = token;
  const size = c.req.query("pageSize");
  if (size !== undefined && size !== "") {
    const n = Number(size);
    if (!Number.isInteger(n) || n < 1) throw badRequest(`pageSize ${JSON.stringify(size)} is not a positive integer; pass pageSize=1 or more`);
    options.pageSize = n;
  }
  return options;
}

export async function body<S extends z.ZodType>(c: AppContext, s: Services, schema: S, what: string): Promise<z.output<S>> {
  return validateBody(schema, await readJsonBody(c.req.raw, s.maxBodyBytes), what);
}

export function isHead(c: AppContext): boolean {
  // Hono routes HEAD through the GET handler; the raw request keeps the real method.
  return c.req.raw.method === "HEAD";
}
