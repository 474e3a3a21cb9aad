/** A place secrets come from: environment variables, files, a remote manager (config-format.md §9). */
import type { SecretValue } from "./parse-secret.ts";

export interface SecretBackend {
  readonly name: string;
  /** Where this back end looks for a tenant's secret, for messages: never a value. */
  where(tenant: string, secret: string): string;
  /** Every secret of the tenant, by lower-cased name. */
  load(tenant: string): Promise<Record<string, SecretValue>>;
}
