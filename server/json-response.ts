/**
 * JSON responses printed with `stringifyJson`, so 63-bit snapshot ids (bigint) leave the server
 * exactly as they are stored (rest-summary.md §10: int64 fields must round-trip losslessly).
 */
import { stringifyJson } from "../runtime/json/lossless-json.ts";
import { errorEnvelope, type RestError } from "./rest-error.ts";

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  // iceberg-js only parses bodies whose content-type contains application/json.
  return new Response(stringifyJson(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export function errorResponse(e: RestError): Response {
  return jsonResponse(errorEnvelope(e), e.status);
}

export function noContent(headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 204, headers });
}
