/**
 * Variable expansion, one rule everywhere it applies (fixes config-format.md §12 #18, where each
 * consumer expanded differently): `${NAME}` and `${NAME:-default}` are replaced where they stand
 * and `${secret:…}` is left for the secret resolver. The bare `$NAME` form and the `$$` escape
 * are honoured only in the path fields, where the original honoured `$NAME`; in connection
 * values only `$${` escapes, so literal passwords such as `pa$word` or `a$$b` load unchanged.
 * An unset variable without a default becomes empty and is reported, so callers can fall back
 * (§2's environment fallbacks) or turn it into a problem (paths).
 */

export type Env = Readonly<Record<string, string | undefined>>;

export interface Expanded {
  value: string;
  /** Variables referenced without a default that are unset or empty. */
  unset: string[];
}

const withBare = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
const bracedOnly = /\$\$(?=\{)|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g;

export interface ExpandOptions {
  /** Also expand `$NAME` (path fields); default true. */
  bare?: boolean;
}

export function expandVars(text: string, env: Env, options: ExpandOptions = {}): Expanded {
  const unset: string[] = [];
  const pattern = options.bare === false ? bracedOnly : withBare;
  const value = text.replace(pattern, (whole, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    if (whole === "$$") return "$";
    const name = (braced ?? bare)!;
    const v = env[name];
    if (v !== undefined && v !== "") return v;
    if (fallback !== undefined) return fallback;
    unset.push(name);
    return "";
  });
  return { value, unset };
}

/** True when a string is exactly one variable reference (`${PGPORT}`), so an unset one means "absent". */
export function isWholeReference(text: string): boolean {
  return /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(text);
}

/**
 * Expands `${…}` in every string inside a value (connection settings: braced forms only). A
 * string that was only an unset reference becomes `undefined` (the key is then dropped), so
 * `port: ${PGPORT}` with PGPORT unset means "no port given" and the connector's default applies.
 */
export function expandDeep(value: unknown, env: Env, unset: Set<string>): unknown {
  if (typeof value === "string") {
    const r = expandVars(value, env, { bare: false });
    for (const n of r.unset) unset.add(n);
    if (r.unset.length > 0 && isWholeReference(value)) return undefined;
    return r.value;
  }
  if (Array.isArray(value)) return value.map((v) => expandDeep(v, env, unset));
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const e = expandDeep(v, env, unset);
      if (e !== undefined) out[k] = e;
    }
    return out;
  }
  return value;
}
