/**
 * Reads a request body as lossless JSON with a size limit. The limit is enforced on the bytes
 * actually read, not only on Content-Length, so a chunked body cannot slip past it.
 */
import { parseJson } from "../runtime/json/lossless-json.ts";
import { badRequest, RestError } from "./rest-error.ts";

export const defaultMaxBodyBytes = 8 * 1024 * 1024;

function tooLarge(limit: number): RestError {
  return new RestError(413, "BadRequestException", `request body is larger than ${limit} bytes; send a smaller request or raise the server's body limit`);
}

export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw badRequest("request body is not valid UTF-8; send JSON encoded as UTF-8");
  }
}

export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const text = await readBodyText(request, maxBytes);
  if (text.trim() === "") throw badRequest("request body is empty; send a JSON object");
  try {
    return parseJson(text);
  } catch (e) {
    throw badRequest(`request body is malformed JSON (${e instanceof Error ? e.message : String(e)}); send a valid JSON object`);
  }
}
