/**
 * Makes secrets usable by connectors (fixes config-format.md §12 #17, where secrets were loaded
 * and then never passed on). A resolver loads a tenant's secrets once from its back ends (earlier
 * back ends win) and replaces `${secret:NAME}` / `${secret:NAME.KEY}` references in connection
 * values. A missing secret is `IngestError("secret.missing")` naming the secret, the tenant and
 * where it was looked for — never a value.
 */
import { IngestError } from "../errors.ts";
import type { SecretValue } from "./parse-secret.ts";
import type { SecretBackend } from "./secret-backend.ts";

export interface SecretResolver {
  readonly tenant: string;
  /** A secret by name (case-insensitive), or undefined. */
  find(name: string): Promise<SecretValue | undefined>;
  /** A secret, or one key of a map secret, as text; throws `secret.missing`. */
  require(name: string, key?: string): Promise<string>;
  /** Replaces every `${secret:…}` in the strings of a value (objects and lists walked). */
  resolveRefs<T>(value: T): Promise<T>;
  /** Every secret string known for the tenant, for log redaction. */
  values(): Promise<string[]>;
  /** Where a secret would be looked for, for messages. */
  where(name: string): string;
}

const refPattern = /\$\{secret:([^}.]+)(?:\.([^}]+))?\}/g;

function lookupKey(value: unknown, key: string): unknown {
  let v: unknown = value;
  for (const part of key.split(".")) {
    if (!v || typeof v !== "object") return undefined;
    const obj = v as Record<string, unknown>;
    const hit = part in obj ? part : Object.keys(obj).find((k) => k.toLowerCase() === part.toLowerCase());
    v = hit === undefined ? undefined : obj[hit];
  }
  return v;
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === "string") out.push(value);
  else if (typeof value === "number") return;
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) collectStrings(v, out);
}

export function createSecretResolver(tenant: string, backends: SecretBackend[]): SecretResolver {
  let perBackend: Promise<Record<string, SecretValue>[]> | undefined;
  const each = () => (perBackend ??= Promise.all(backends.map((b) => b.load(tenant))));
  const all = async () => {
    const merged: Record<string, SecretValue> = {};
    for (const s of [...(await each())].reverse()) Object.assign(merged, s);
    return merged;
  };
  const where = (name: string) => (backends.length === 0 ? "no secret back end is configured" : backends.map((b) => b.where(tenant, name)).join("; "));
  const missing = (name: string, key?: string) =>
    new IngestError(
      "secret.missing",
      `secret \`${key ? `${name}.${key}` : name}\` not found for tenant \`${tenant}\` (looked in ${where(name)}); create it there or fix the reference`,
      { secret: name, key, tenant },
    );

  const resolver: SecretResolver = {
    tenant,
    where,
    async find(name) {
      const secrets = await all();
      const lower = name.toLowerCase();
      return lower in secrets ? secrets[lower] : undefined;
    },
    async require(name, key) {
      const v = await resolver.find(name);
      if (v === undefined) throw missing(name, key);
      const picked = key === undefined ? v : lookupKey(v, key);
      if (picked === undefined || picked === null) throw missing(name, key);
      if (typeof picked === "string") return picked;
      if (typeof picked === "number" || typeof picked === "boolean") return String(picked);
      return JSON.stringify(picked);
    },
    async resolveRefs<T>(value: T): Promise<T> {
      if (typeof value === "string") {
        if (!value.includes("${secret:")) return value;
        const refs = [...value.matchAll(refPattern)];
        let out = value as string;
        for (const m of refs) out = out.replace(m[0], await resolver.require(m[1]!, m[2]));
        return out as T;
      }
      if (Array.isArray(value)) return (await Promise.all(value.map((v) => resolver.resolveRefs(v)))) as T;
      if (value && typeof value === "object") {
        const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolver.resolveRefs(v)] as const));
        return Object.fromEntries(entries) as T;
      }
      return value;
    },
    async values() {
      const out: string[] = [];
      // Shadowed secrets too: a value the tenant holds anywhere must never reach a log line.
      collectStrings(await each(), out);
      return [...new Set(out.filter((s) => s.length >= 4))];
    },
  };
  return resolver;
}
