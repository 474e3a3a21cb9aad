/**
 * Environment back end (config-format.md §9.3): `DATIVO_SECRET__<TENANT>__<NAME…>[__<FORMAT>]`.
 * The prefix is matched without regard to case; the scope is the tenant id, or GLOBAL/ALL when
 * global scope is allowed. Where the original let iteration order decide between a tenant and a
 * global secret of the same name, the tenant's wins.
 */
import { parseSecretText, type SecretFormat, type SecretValue } from "./parse-secret.ts";
import type { SecretBackend } from "./secret-backend.ts";
import { IngestError } from "../errors.ts";

export interface EnvSecretsOptions {
  prefix?: string;
  delimiter?: string;
  allowGlobalScope?: boolean;
}

const formats = new Set(["json", "env", "text", "raw"]);

export function envSecrets(env: Readonly<Record<string, string | undefined>>, options: EnvSecretsOptions = {}): SecretBackend {
  const prefix = options.prefix ?? "DATIVO_SECRET";
  const d = options.delimiter ?? "__";
  const allowGlobal = options.allowGlobalScope ?? true;
  return {
    name: "env",
    where(tenant, secret) {
      const scoped = `${prefix}${d}${tenant.toUpperCase()}${d}${secret.toUpperCase()}`;
      return allowGlobal ? `environment variables ${scoped} or ${prefix}${d}GLOBAL${d}${secret.toUpperCase()}` : `environment variable ${scoped}`;
    },
    async load(tenant) {
      const scopedOut: Record<string, SecretValue> = {};
      const globalOut: Record<string, SecretValue> = {};
      for (const [key, raw] of Object.entries(env)) {
        if (raw === undefined || !key.toUpperCase().startsWith((prefix + d).toUpperCase())) continue;
        const parts = key.split(d);
        if (parts.length < 3) continue;
        const scope = parts[1]!.toUpperCase();
        const isTenant = scope === tenant.toUpperCase();
        const isGlobal = allowGlobal && (scope === "GLOBAL" || scope === "ALL");
        if (!isTenant && !isGlobal) continue;
        let rest = parts.slice(2);
        let format: SecretFormat | undefined;
        const last = rest[rest.length - 1]!.toLowerCase();
        if (rest.length > 1 && formats.has(last)) {
          format = last as SecretFormat;
          rest = rest.slice(0, -1);
        }
        const name = rest.filter((p) => p !== "").join("_").toLowerCase();
        if (name === "") continue;
        let value: SecretValue;
        try {
          value = parseSecretText(raw, format, env);
        } catch {
          throw new IngestError("config.invalid", `secret variable ${key} is not valid JSON; fix its value or drop the __JSON suffix`, { variable: key });
        }
        (isTenant ? scopedOut : globalOut)[name] = value;
      }
      return { ...globalOut, ...scopedOut };
    },
  };
}
