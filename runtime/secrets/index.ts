/** Secrets: back ends (env, filesystem), a per-tenant resolver, and connector credentials. */
export { envSecrets, type EnvSecretsOptions } from "./env-secrets.ts";
export { filesystemSecrets, type FilesystemSecretsOptions } from "./filesystem-secrets.ts";
export { createSecretResolver, type SecretResolver } from "./secret-resolver.ts";
export type { SecretBackend } from "./secret-backend.ts";
export { parseEnvText, parseSecretText, type SecretValue, type SecretFormat } from "./parse-secret.ts";
export { resolveConnectorSecrets, secretNameFromTemplate, type ConnectorSecrets } from "./connector-secrets.ts";
