/**
 * CredentialVendor: storage access handed to a client that asks for it with the
 * `X-Iceberg-Access-Delegation` header (spec parameter "data-access": `vended-credentials`,
 * `remote-signing`). The server calls it only when that header is present; without the header a
 * LoadTableResult carries no credentials at all. Implementations live with the platform
 * (adapters/bun/s3-credential-vendor.ts), since minting credentials needs the store's secrets.
 */
import type { TableIdentifier } from "../runtime/catalog.ts";

export type AccessDelegation = "vended-credentials" | "remote-signing";

export interface CredentialRequest {
  warehouse: string;
  table: TableIdentifier;
  /** The table's location (`s3://bucket/prefix/ns/table`): credentials must not reach past it. */
  location: string;
  /** What the client accepts, in its order of preference. */
  mechanisms: AccessDelegation[];
}

export interface StorageCredential {
  prefix: string;
  config: Record<string, string>;
}

export interface VendedAccess {
  /** Merged into LoadTableResult.config (legacy clients read keys from here). */
  config: Record<string, string>;
  /** LoadTableResult.storage-credentials; clients pick the longest matching prefix. */
  storageCredentials: StorageCredential[];
}

/** Spec RemoteSignRequest: the storage request a client wants signed. */
export interface RemoteSignRequest {
  region: string;
  uri: string;
  method: string;
  headers: Record<string, string[]>;
  body?: string;
  provider?: string;
}

/** Spec RemoteSignResult: the request's uri and the headers that authorize it. */
export interface RemoteSignResult {
  uri: string;
  headers: Record<string, string[]>;
}

export interface CredentialVendor {
  /** Access for one table, or null when this warehouse has nothing to vend (e.g. a local folder). */
  vend(request: CredentialRequest): Promise<VendedAccess | null>;
  /**
   * Signs one storage request for a table (spec signRequest), only when it stays inside
   * `location`; otherwise throws a 403. Absent when the vendor does not sign.
   */
  sign?(request: RemoteSignRequest, table: { warehouse: string; location: string }): Promise<RemoteSignResult>;
}

/** Parses `X-Iceberg-Access-Delegation` (comma-separated); unknown values are ignored. */
export function accessDelegationOf(header: string | undefined | null): AccessDelegation[] {
  if (!header) return [];
  return header
    .split(",")
    .map((s) => s.trim())
    .filter((s): s is AccessDelegation => s === "vended-credentials" || s === "remote-signing");
}
