/**
 * Shared fixtures of the server tests: an app over a memory catalog, a JSON request helper that
 * parses responses losslessly, and small table/snapshot bodies.
 */
import { memoryCatalog } from "../../adapters/catalogs/memory-catalog.ts";
import type { Catalog } from "../../runtime/catalog.ts";
import { parseJson, stringifyJson } from "../../runtime/json/lossless-json.ts";
import type { LogFields, Logger } from "../../runtime/logger.ts";
import { createApp, type AppDeps } from "../../server/create-app.ts";

export interface LogLine {
  level: string;
  message: string;
  fields: LogFields;
}

/** A logger that keeps every line, so tests can read what was logged. */
export function recordingLogger(lines: LogLine[] = [], base: LogFields = {}): Logger & { lines: LogLine[] } {
  const at = (level: string) => (message: string, fields: LogFields = {}) => {
    lines.push({ level, message, fields: { ...base, ...fields } });
  };
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), child: (f) => recordingLogger(lines, { ...base, ...f }) };
}

export function testApp(overrides: Partial<AppDeps> = {}) {
  const catalog: Catalog = overrides.catalog ?? memoryCatalog();
  const logger = recordingLogger();
  const app = createApp({ catalog, logger, warehouse: { name: "wh", location: "memory://warehouse" }, ...overrides });
  return { app, catalog, logger };
}

export interface JsonReply {
  status: number;
  headers: Headers;
  body: any;
}

export async function call(
  app: { request: (input: Request) => Response | Promise<Response> },
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonReply> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : stringifyJson(body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  const res = await app.request(new Request(`http://catalog.test${path}`, init));
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? parseJson(text) : undefined;
  } catch {
    // Not JSON (metrics, HEAD); keep the text.
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export const simpleSchema = {
  type: "struct",
  "schema-id": 0,
  fields: [
    { id: 1, name: "id", type: "long", required: true },
    { id: 2, name: "name", type: "string", required: false },
  ],
};

/** An add-snapshot + set-snapshot-ref main pair, as the Java client sends for an append. */
export function appendUpdates(snapshotId: bigint, parent: bigint | null, sequenceNumber: number) {
  const snapshot: Record<string, unknown> = {
    "snapshot-id": snapshotId,
    "sequence-number": sequenceNumber,
    "timestamp-ms": 1_700_000_000_000 + sequenceNumber,
    "manifest-list": `memory://warehouse/ns/t/metadata/snap-${snapshotId}.avro`,
    summary: { operation: "append", "added-records": "1" },
    "schema-id": 0,
  };
  if (parent !== null) snapshot["parent-snapshot-id"] = parent;
  return [
    { action: "add-snapshot", snapshot },
    { action: "set-snapshot-ref", "ref-name": "main", type: "branch", "snapshot-id": snapshotId },
  ];
}

export const v1 = (path: string) => `/v1/wh${path}`;
