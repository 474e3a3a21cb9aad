/**
 * Short-lived bearer tokens issued by `/v1/oauth/tokens`: `dtv1.<payload>.<signature>`, where the
 * payload is base64url JSON `{ sub: tenant, iat, exp }` and the signature is HMAC-SHA-256 over
 * `dtv1.<payload>` (Web Crypto, so it runs on every platform). Replicas that share the signing
 * key accept each other's tokens; without a configured key, tokens die with the process.
 */
import type { Clock } from "../../runtime/platform.ts";

export interface TokenClaims {
  sub: string;
  iat: number;
  exp: number;
}

export interface TokenSigner {
  issue(tenant: string, ttlSeconds: number): Promise<string>;
  /** The claims of a valid, unexpired token; null otherwise. */
  verify(token: string): Promise<TokenClaims | null>;
}

const version = "dtv1";
const encoder = new TextEncoder();

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export async function createTokenSigner(key: string | Uint8Array, clock: Clock): Promise<TokenSigner> {
  const raw = typeof key === "string" ? encoder.encode(key) : new Uint8Array(key);
  const hmac = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  return {
    async issue(tenant, ttlSeconds) {
      const iat = Math.floor(clock.now() / 1000);
      const payload = toBase64Url(encoder.encode(JSON.stringify({ sub: tenant, iat, exp: iat + ttlSeconds })));
      const signed = `${version}.${payload}`;
      const signature = new Uint8Array(await crypto.subtle.sign("HMAC", hmac, encoder.encode(signed)));
      return `${signed}.${toBase64Url(signature)}`;
    },
    async verify(token) {
      const parts = token.split(".");
      if (parts.length !== 3 || parts[0] !== version) return null;
      const signature = fromBase64Url(parts[2]!);
      const payloadBytes = fromBase64Url(parts[1]!);
      if (!signature || !payloadBytes) return null;
      // crypto.subtle.verify compares in constant time.
      const ok = await crypto.subtle.verify("HMAC", hmac, signature as Uint8Array<ArrayBuffer>, encoder.encode(`${parts[0]}.${parts[1]}`));
      if (!ok) return null;
      let claims: TokenClaims;
      try {
        claims = JSON.parse(new TextDecoder().decode(payloadBytes)) as TokenClaims;
      } catch {
        return null;
      }
      if (typeof claims.sub !== "string" || typeof claims.exp !== "number") return null;
      return claims.exp * 1000 > clock.now() ? claims : null;
    },
  };
}

/** A random 32-byte key, for a single process that was given no signing key. */
export function randomSigningKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}
