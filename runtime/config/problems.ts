/**
 * Configuration problems are collected as data and thrown once (DESIGN.md, "zod"): every loader
 * pushes `Problem`s and `loadJob` raises a single `IngestError("config.invalid")` listing them all,
 * one per line, as `<file>: <path.to.key>: <problem> (got <value>); <fix>`.
 */
import type { ZodError } from "zod";
import { IngestError } from "../errors.ts";

export interface Problem {
  /** The file as the user wrote it (or as it was resolved, when that says more). */
  file: string;
  /** Dotted path to the key (`source.incremental.strategy`, `schema[2].type`); empty for the whole file. */
  path: string;
  problem: string;
  /** The offending value; rendered safely (secrets hidden, long values cut). */
  value?: unknown;
  /** Set when the value must not be shown even in a safe rendering. */
  hideValue?: boolean;
  fix: string;
}

const secretKey = /pass(word)?|passwd|secret|token|api[_-]?key|apikey|credential|authorization|private[_-]?key|access[_-]?key/i;

/** True when a key name says its value is a secret (`password`, `api_key`, `secret_access_key` …). */
export function isSecretKey(key: string): boolean {
  return secretKey.test(key);
}

/** Renders a value for a message: short, JSON-like, and never a secret-looking value. */
export function renderValue(value: unknown, path = ""): string {
  const last = path.split(".").pop() ?? "";
  if (isSecretKey(last) && value !== undefined && value !== null && value !== "") return "<hidden>";
  if (value === undefined) return "nothing";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string") {
    if (/^[A-Za-z0-9+/=_-]{32,}$/.test(value) || /^(sk|rk|pk)_(live|test)_/.test(value)) return "<hidden>";
    const safe = value.replace(/(\/\/[^/:@\s]*):[^@\s/]*@/g, "$1:<hidden>@");
    const cut = safe.length > 80 ? safe.slice(0, 80) + "…" : safe;
    return JSON.stringify(cut);
  }
  if (typeof value === "object") {
    if (Array.isArray(value)) return `a list of ${value.length}`;
    const keys = Object.keys(value as object);
    return keys.length === 0 ? "an empty mapping" : `a mapping with keys ${keys.slice(0, 6).join(", ")}`;
  }
  return String(value);
}

export function formatProblem(p: Problem): string {
  const where = p.path ? `${p.file}: ${p.path}` : p.file;
  const got = p.hideValue ? "" : p.value === undefined && /missing|required/.test(p.problem) ? "" : ` (got ${renderValue(p.value, p.path)})`;
  return `${where}: ${p.problem}${got}; ${p.fix}`;
}

/** The one error a bad configuration raises: every problem, one per line. */
export function configError(problems: Problem[]): IngestError {
  const lines = problems.map(formatProblem);
  return new IngestError("config.invalid", lines.join("\n"), {
    problems: problems.map((p) => ({ file: p.file, path: p.path, problem: p.problem, fix: p.fix })),
  });
}

/** Formats a zod path (`["schema", 2, "type"]`) as `schema[2].type`, prefixed by `base`. */
export function joinPath(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const part of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[part];
  }
  return v;
}

const typeNames: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "a mapping",
  record: "a mapping",
  map: "a mapping",
  array: "a list",
};

/** Turns zod issues into problems with a value and a fix each. */
export function problemsFromZod(error: ZodError, file: string, root: unknown, base = ""): Problem[] {
  const out: Problem[] = [];
  for (const issue of error.issues) {
    const value = valueAt(root, issue.path as PropertyKey[]);
    const path = joinPath(base, issue.path as PropertyKey[]);
    const i = issue as unknown as Record<string, unknown>;
    if (issue.code === "invalid_type" && value === undefined) {
      out.push({ file, path, problem: "required key is missing", fix: `add \`${lastKey(path)}\`` });
    } else if (issue.code === "invalid_type") {
      const expected = typeNames[String(i.expected)] ?? String(i.expected);
      out.push({ file, path, problem: `must be ${expected}`, value, fix: `write \`${lastKey(path)}\` as ${expected}` });
    } else if (issue.code === "invalid_value") {
      const values = (i.values as unknown[]) ?? [];
      out.push({ file, path, problem: `is not one of ${values.map(String).join(", ")}`, value, fix: `use one of ${values.map(String).join(", ")}` });
    } else if (issue.code === "unrecognized_keys") {
      for (const key of i.keys as string[]) {
        const p = joinPath(path, [key]);
        out.push({ file, path: p, problem: "unknown key", value: valueAt(value, [key]), hideValue: true, fix: "remove it or check its spelling" });
      }
    } else if (issue.code === "too_small" || issue.code === "too_big") {
      const small = issue.code === "too_small";
      const bound = i[small ? "minimum" : "maximum"];
      const what =
        i.origin === "string" && small && bound === 1
          ? "must not be empty"
          : i.origin === "array"
            ? `must have ${small ? "at least" : "at most"} ${bound} item${bound === 1 ? "" : "s"}`
            : `must be ${small ? (i.inclusive === false ? "more than" : "at least") : i.inclusive === false ? "less than" : "at most"} ${String(bound)}`;
      const fix = what === "must not be empty" ? `give \`${lastKey(path)}\` a value` : `correct \`${lastKey(path)}\``;
      out.push({ file, path, problem: what, value, fix });
    } else if (issue.code === "invalid_format") {
      const problem = issue.message.startsWith("Invalid") ? "is not in the expected format" : issue.message;
      out.push({ file, path, problem, value, fix: `correct \`${lastKey(path)}\`` });
    } else {
      const fix = (i.params as { fix?: string } | undefined)?.fix ?? `correct \`${lastKey(path) || "the file"}\``;
      out.push({ file, path, problem: issue.message, value, fix });
    }
  }
  return out;
}

function lastKey(path: string): string {
  return path.replace(/\[\d+\]$/, "").split(".").pop() ?? path;
}
