/**
 * staticCredentialVendor: vends the server's own S3 keys for tables under an `s3://` warehouse,
 * as the Iceberg REST fixture's `include-credentials` does. What a client receives, only when it
 * sent `X-Iceberg-Access-Delegation: vended-credentials`:
 *
 *   config and storage-credentials[0].config (prefix = the table location):
 *     s3.access-key-id, s3.secret-access-key, s3.endpoint (if set), s3.path-style-access,
 *     client.region, s3.region
 *
 * The keys are NOT narrowed to the table's prefix: any client that gets them can reach whatever
 * the keys can. Give the server keys limited to the warehouse bucket/prefix, and enable this only
 * for tenants you trust with the whole warehouse. Tables outside `s3://` get nothing.
 */
import type { CredentialVendor } from "./credential-vendor.ts";

export interface StaticS3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  endpoint?: string;
  region: string;
  pathStyle: boolean;
}

export function staticCredentialVendor(credentials: StaticS3Credentials): CredentialVendor {
  return {
    async vend(request) {
      if (!request.mechanisms.includes("vended-credentials")) return null;
      if (!/^s3[an]?:\/\//.test(request.location)) return null;
      const config: Record<string, string> = {
        "s3.access-key-id": credentials.accessKeyId,
        "s3.secret-access-key": credentials.secretAccessKey,
        "s3.path-style-access": String(credentials.pathStyle),
        "client.region": credentials.region,
        "s3.region": credentials.region,
      };
      if (credentials.sessionToken) config["s3.session-token"] = credentials.sessionToken;
      if (credentials.endpoint) config["s3.endpoint"] = credentials.endpoint;
      return { config, storageCredentials: [{ prefix: request.location, config }] };
    },
  };
}
