/**
 * A tenant's secrets for one run: the environment back end always (config-format.md §9.3), the
 * filesystem back end with `--secrets-dir` or `--secret-manager filesystem` (§9.2), resolved
 * into the connection settings each connector gets.
 */
import type { ResolvedJob } from "../../runtime/config/load-job.ts";
import { IngestError } from "../../runtime/errors.ts";
import { createSecretResolver, envSecrets, filesystemSecrets, resolveConnectorSecrets, type ConnectorSecrets, type SecretBackend } from "../../runtime/secrets/index.ts";
import { localFiles } from "./bun-platform.ts";

/** The secret flags `run` and `check` both take, for `parseArgs`. */
export const secretFlagOptions = {
  "secrets-dir": { type: "string" },
  "secret-manager": { type: "string" },
  "secret-manager-config": { type: "string" },
} as const;

export interface SecretFlags {
  "secrets-dir"?: string;
  "secret-manager"?: string;
  "secret-manager-config"?: string;
}

export interface LoadedSecrets {
  connector: ConnectorSecrets;
  /** Every secret value, for log redaction. */
  values: string[];
}

export async function loadSecretsFor(job: ResolvedJob, env: Record<string, string | undefined>, flags: SecretFlags): Promise<LoadedSecrets> {
  const kind = (flags["secret-manager"] ?? env.DATIVO_SECRET_MANAGER ?? "env").toLowerCase();
  const backends: SecretBackend[] = [envSecrets(env)];
  if (["filesystem", "fs", "file"].includes(kind) || flags["secrets-dir"]) {
    backends.unshift(filesystemSecrets({ files: localFiles, dir: flags["secrets-dir"] ?? "/secrets", env }));
  } else if (!["env", "environment"].includes(kind)) {
    throw new IngestError("config.invalid", `--secret-manager \`${kind}\` is not available in this build; use env or filesystem (with --secrets-dir)`);
  }
  const resolver = createSecretResolver(job.tenant, backends);
  const connector = await resolveConnectorSecrets(job, resolver, env);
  return { connector, values: await resolver.values() };
}
