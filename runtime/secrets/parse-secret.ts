/**
 * Secret value formats shared by the back ends (config-format.md §9.2, §9.3): JSON, `.env`
 * lines, or raw text. Variables in secret values are expanded only when set: an unset `$NAME`
 * stays as written (as in the original, §2), so a password such as `pa$word` survives.
 */

export type SecretValue = string | Record<string, unknown> | unknown[];
export type SecretFormat = "json" | "env" | "text" | "raw";

type Env = Readonly<Record<string, string | undefined>>;

export function expandSet(text: string, env: Env): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, a: string | undefined, b: string | undefined) => {
    const v = env[(a ?? b)!];
    return v === undefined ? whole : v;
  });
}

function expandAll(value: unknown, env: Env): unknown {
  if (typeof value === "string") return expandSet(value, env);
  if (Array.isArray(value)) return value.map((v) => expandAll(v, env));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandAll(v, env)]));
  return value;
}

/** `.env` text: `KEY=VALUE` lines; `#` comments, blank lines and lines without `=` skipped (§9.2). */
export function parseEnvText(text: string, env: Env = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t === "" || t.startsWith("#")) continue;
    const eq = t.indexOf("=");
    if (eq < 0) continue;
    const key = t.slice(0, eq).trim().replace(/^export\s+/, "");
    const value = t.slice(eq + 1).trim().replace(/^["']+|["']+$/g, "");
    out[key] = expandSet(value, env);
  }
  return out;
}

/** Parses a secret's text by its format hint; without one: JSON if it parses, `.env` if it looks like it, else text (§9.3). */
export function parseSecretText(text: string, format: SecretFormat | undefined, env: Env = {}): SecretValue {
  if (format === "json") return expandAll(JSON.parse(text), env) as SecretValue;
  if (format === "env") return parseEnvText(text, env);
  if (format === "text" || format === "raw") return expandSet(text.trim(), env);
  const t = text.trim();
  if (t.startsWith("{") || t.startsWith("[")) {
    try {
      return expandAll(JSON.parse(t), env) as SecretValue;
    } catch {
      // not JSON after all: fall through to the other forms
    }
  }
  if (t.includes("\n") && t.includes("=")) return parseEnvText(t, env);
  return expandSet(t, env);
}
