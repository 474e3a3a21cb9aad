/**
 * Validates a parsed body against a zod schema, collecting every problem into one 400
 * (zod style: problems are data, thrown once).
 */
import type { z } from "zod";
import { badRequest } from "./rest-error.ts";

export function validateBody<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "(body)"}: ${issue.message}`)
    .join("; ");
  throw badRequest(`invalid ${what}: ${problems}; see the Iceberg REST spec for the expected shape`);
}
