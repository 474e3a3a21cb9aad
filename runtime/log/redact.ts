/**
 * Secret scrubbing for log lines. Unlike the original's filter (config-format.md §11.12, §12 #29),
 * which deleted key names and left short secrets visible, this replaces values: every known
 * secret (as written and URL-encoded), values under secret-named keys, the password of
 * `scheme://user:pass@host`, `Bearer …` tokens and `password=…`-style pairs in text.
 */

export const REDACTED = "[REDACTED]";

const secretKeyName = /passw(or)?d|passwd|secret|token|api[_-]?key|apikey|credential|authori[sz]ation|private[_-]?key|access[_-]?key|session[_-]?key|cookie/i;

export function isSecretKeyName(key: string): boolean {
  return secretKeyName.test(key);
}

const urlCredentials = /([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*):([^\s/@]+)@/gi;
const authScheme = /\b(bearer|basic|token)(\s+)[A-Za-z0-9._~+/=-]{6,}/gi;
const keyValue = /\b((?:[a-z_]*)(?:passw(?:or)?d|secret|token|api[_-]?key|credential)[a-z_]*)(\s*[:=]\s*)(["']?)([^\s"',;&}]+)/gi;

export class Redactor {
  private known: string[] = [];

  constructor(values: Iterable<string> = []) {
    this.add(values);
  }

  /** Adds secret values; each is also matched URL-encoded. Values under 3 characters are ignored (they would blank out ordinary text). */
  add(values: Iterable<string>): void {
    const set = new Set(this.known);
    for (const v of values) {
      if (typeof v !== "string" || v.length < 3) continue;
      set.add(v);
      const enc = encodeURIComponent(v);
      if (enc !== v) set.add(enc);
      const form = enc.replace(/%20/g, "+");
      if (form !== enc) set.add(form);
    }
    // Longest first, so a secret that contains another is replaced whole.
    this.known = [...set].sort((a, b) => b.length - a.length);
  }

  text(s: string): string {
    let out = s;
    for (const v of this.known) if (out.includes(v)) out = out.split(v).join(REDACTED);
    return out
      .replace(urlCredentials, `$1:${REDACTED}@`)
      .replace(authScheme, `$1$2${REDACTED}`)
      .replace(keyValue, (_m, key: string, sep: string, quote: string) => `${key}${sep}${quote}${REDACTED}`);
  }

  /** A JSON-ready copy of any value with every secret removed. */
  value(v: unknown, key = "", seen: WeakSet<object> = new WeakSet()): unknown {
    if (key && isSecretKeyName(key) && v !== undefined && v !== null && v !== "" && typeof v !== "boolean") return REDACTED;
    if (typeof v === "string") return this.text(v);
    if (typeof v === "bigint") return v.toString();
    if (typeof v === "number" || typeof v === "boolean" || v === null || v === undefined) return v;
    if (typeof v === "function" || typeof v === "symbol") return undefined;
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
    if (v instanceof Uint8Array) return `<${v.byteLength} bytes>`;
    if (seen.has(v as object)) return "[circular]";
    seen.add(v as object);
    if (v instanceof Error) return this.error(v, seen);
    if (Array.isArray(v)) return v.map((x) => this.value(x, "", seen));
    if (v instanceof Map) return this.value(Object.fromEntries(v), key, seen);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as object)) out[k] = this.value(x, k, seen);
    return out;
  }

  private error(e: Error, seen: WeakSet<object>): Record<string, unknown> {
    const out: Record<string, unknown> = { name: e.name, message: this.text(e.message) };
    const extra = e as unknown as Record<string, unknown>;
    if (typeof extra.code === "string") out.code = extra.code;
    if (extra.details !== undefined) out.details = this.value(extra.details, "details", seen);
    if (e.stack) out.stack = this.text(e.stack);
    if (e.cause !== undefined) out.cause = this.value(e.cause, "cause", seen);
    return out;
  }
}
