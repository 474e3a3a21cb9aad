/**
 * TenantDirectory: resolves a bearer token or a client id/secret to a tenant. Static tokens and
 * secrets are compared by their SHA-256 digests, so lookups do not leak timing about the
 * secret's characters, and the configuration may hold digests (`sha256:<hex>`) instead.
 */
import type { Clock } from "../../runtime/platform.ts";
import type { Tenant, TenantsConfig } from "./tenants.ts";
import { createTokenSigner, randomSigningKey, type TokenSigner } from "./token-signer.ts";

export interface TenantDirectory {
  readonly tokenTtlSeconds: number;
  tenantForToken(token: string): Promise<Tenant | null>;
  tenantForClient(clientId: string, clientSecret: string): Promise<Tenant | null>;
  issueToken(tenant: Tenant): Promise<string>;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function digestOf(secret: string): Promise<string> {
  return secret.startsWith("sha256:") ? secret.slice("sha256:".length).toLowerCase() : sha256Hex(secret);
}

export async function createTenantDirectory(config: TenantsConfig, clock: Clock): Promise<TenantDirectory> {
  const byTokenDigest = new Map<string, Tenant>();
  const byClient = new Map<string, { tenant: Tenant; secretDigest: string }>();
  const byName = new Map<string, Tenant>();
  for (const tenant of config.tenants) {
    byName.set(tenant.name, tenant);
    for (const token of tenant.tokens) byTokenDigest.set(await digestOf(token), tenant);
    for (const client of tenant.clients) {
      byClient.set(client.clientId, { tenant, secretDigest: await digestOf(client.clientSecret) });
    }
  }
  const signer: TokenSigner = await createTokenSigner(config.signingKey ?? randomSigningKey(), clock);
  return {
    tokenTtlSeconds: config.tokenTtlSeconds,
    async tenantForToken(token) {
      if (token.startsWith("dtv1.")) {
        const claims = await signer.verify(token);
        return claims ? (byName.get(claims.sub) ?? null) : null;
      }
      return byTokenDigest.get(await sha256Hex(token)) ?? null;
    },
    async tenantForClient(clientId, clientSecret) {
      const entry = byClient.get(clientId);
      const presented = await sha256Hex(clientSecret);
      return entry && entry.secretDigest === presented ? entry.tenant : null;
    },
    issueToken(tenant) {
      return signer.issue(tenant.name, config.tokenTtlSeconds);
    },
  };
}
