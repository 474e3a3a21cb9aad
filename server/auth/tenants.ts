/**
 * Tenants: who may call the server and which warehouse each one sees. Read from a file or an
 * environment variable by the platform root (JSON or YAML there); validated here.
 *
 *   signingKey: "long random string"      # HMAC key for issued OAuth tokens (shared by replicas)
 *   tokenTtlSeconds: 3600
 *   tenants:
 *     - name: acme
 *       warehouse: acme                   # the `{prefix}` this tenant's requests use
 *       tokens: ["sha256:9f86d0…", "plain-token"]
 *       clients: [{ clientId: acme-etl, clientSecret: "sha256:…" }]
 *
 * Tokens and client secrets may be given as `sha256:<hex>` so the file need not hold them.
 */
import { z } from "zod";
import { IngestError } from "../../runtime/errors.ts";

const secret = z.string().min(16, "must be at least 16 characters (or `sha256:<hex>`)");

const tenantSchema = z.object({
  name: z.string().min(1),
  warehouse: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, "must be letters, digits, '_', '-', '.'"),
  tokens: z.array(secret).default([]),
  clients: z.array(z.object({ clientId: z.string().min(1), clientSecret: secret })).default([]),
});

const tenantsSchema = z.object({
  signingKey: z.string().min(32, "must be at least 32 characters").optional(),
  tokenTtlSeconds: z.number().int().min(60).max(86_400).default(3600),
  tenants: z.array(tenantSchema).min(1),
});

export type Tenant = z.output<typeof tenantSchema>;
export type TenantsConfig = z.output<typeof tenantsSchema>;

/** Reserved path words: a warehouse named like them would make `/v1/{prefix}/…` ambiguous. */
const reserved = new Set(["config", "oauth", "namespaces", "tables", "transactions", "views"]);

export function tenantsFromObject(value: unknown, source = "tenants configuration"): TenantsConfig {
  const result = tenantsSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new IngestError("config.invalid", `${source} is invalid: ${problems}; see server/auth/tenants.ts for the format`);
  }
  const config = result.data;
  const seenClients = new Set<string>();
  for (const tenant of config.tenants) {
    if (reserved.has(tenant.warehouse)) {
      throw new IngestError("config.invalid", `${source}: tenant \`${tenant.name}\` uses the reserved warehouse name \`${tenant.warehouse}\`; pick another name`);
    }
    if (tenant.tokens.length === 0 && tenant.clients.length === 0) {
      throw new IngestError("config.invalid", `${source}: tenant \`${tenant.name}\` has neither tokens nor clients; give it at least one`);
    }
    for (const client of tenant.clients) {
      if (seenClients.has(client.clientId)) {
        throw new IngestError("config.invalid", `${source}: client id \`${client.clientId}\` appears twice; client ids must be unique`);
      }
      seenClients.add(client.clientId);
    }
  }
  return config;
}
