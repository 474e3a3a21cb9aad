/**
 * POST /v1/oauth/tokens — getToken, OAuth2 client_credentials only (RFC 6749 §4.4). The spec
 * marks this route deprecated, but Java and pyiceberg still call it when given a `credential`.
 * Client credentials come in the form body or as HTTP Basic auth; errors use the OAuth shape
 * `{ error, error_description }` (spec OAuthError), not the Iceberg envelope.
 */
import type { components } from "../iceberg-rest-types.ts";
import type { AppContext, Services } from "../app-env.ts";
import { jsonResponse } from "../json-response.ts";
import { readBodyText } from "../read-json-body.ts";

type OAuthError = components["schemas"]["OAuthError"];

function oauthError(status: number, error: OAuthError["error"], description: string): Response {
  const body: OAuthError = { error, error_description: description };
  return jsonResponse(body, status);
}

function basicCredentials(header: string | undefined): [string, string] | null {
  if (!header?.toLowerCase().startsWith("basic ")) return null;
  try {
    const decoded = atob(header.slice(6).trim());
    const colon = decoded.indexOf(":");
    if (colon < 0) return null;
    return [decodeURIComponent(decoded.slice(0, colon)), decodeURIComponent(decoded.slice(colon + 1))];
  } catch {
    return null;
  }
}

export async function getToken(c: AppContext, s: Services): Promise<Response> {
  if (!s.directory) {
    return oauthError(400, "unsupported_grant_type", "this server runs without tenants (open mode) and issues no tokens; call it without a credential");
  }
  const form = new URLSearchParams(await readBodyText(c.req.raw, s.maxBodyBytes));
  const grant = form.get("grant_type");
  if (grant !== "client_credentials") {
    return oauthError(400, "unsupported_grant_type", `grant_type ${JSON.stringify(grant)} is not supported; use client_credentials`);
  }
  const basic = basicCredentials(c.req.header("authorization"));
  const clientId = basic?.[0] ?? form.get("client_id");
  const clientSecret = basic?.[1] ?? form.get("client_secret");
  if (!clientId || !clientSecret) {
    return oauthError(400, "invalid_request", "client_id and client_secret are required; send them in the form body or as Basic auth");
  }
  const tenant = await s.directory.tenantForClient(clientId, clientSecret);
  if (!tenant) return oauthError(401, "invalid_client", "unknown client or wrong secret; check the client credentials");
  const response: components["schemas"]["OAuthTokenResponse"] = {
    access_token: await s.directory.issueToken(tenant),
    token_type: "bearer",
    expires_in: s.directory.tokenTtlSeconds,
    issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
    scope: form.get("scope") ?? "catalog",
  };
  return jsonResponse(response, 200, { "cache-control": "no-store" });
}
