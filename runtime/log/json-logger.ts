/**
 * A `Logger` that writes one JSON object per line: `timestamp`, `level`, `message`, `event` and the
 * context fields (config-format.md §11.12, with every field kept rather than a fixed few). Secrets
 * are removed before anything is written (see `redact.ts`); lines below `level` are dropped.
 */
import type { LogFields, Logger, LogLevel } from "../logger.ts";
import { Redactor } from "./redact.ts";

export interface JsonLoggerOptions {
  write(line: string): void;
  level?: LogLevel;
  /** Fields on every line (tenant, job …). */
  fields?: LogFields;
  /** Known secret values to remove wherever they appear. */
  redact: string[];
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number;
}

export interface JsonLogger extends Logger {
  /** Adds secret values learnt later (after a tenant's secrets are resolved); children share them. */
  redactAlso(values: Iterable<string>): void;
  child(fields: LogFields): JsonLogger;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const reserved = new Set(["timestamp", "level", "message", "event"]);

/** Maps the original's level names (`WARNING`, `CRITICAL`) to ours. */
export function logLevelFrom(name: string | undefined): LogLevel {
  const n = (name ?? "info").toLowerCase();
  if (n === "debug") return "debug";
  if (n === "warn" || n === "warning") return "warn";
  if (n === "error" || n === "critical" || n === "fatal") return "error";
  return "info";
}

export function createJsonLogger(options: JsonLoggerOptions): JsonLogger {
  return make(options, new Redactor(options.redact), options.fields ?? {});
}

function make(options: JsonLoggerOptions, redactor: Redactor, base: LogFields): JsonLogger {
  const min = order[options.level ?? "info"];
  const now = options.now ?? (() => Date.now());
  const emit = (level: LogLevel, message: string, fields?: LogFields) => {
    if (order[level] < min) return;
    const all = { ...base, ...(fields ?? {}) };
    const line: Record<string, unknown> = { timestamp: new Date(now()).toISOString(), level, message: redactor.text(String(message)) };
    if (all.event !== undefined) line.event = redactor.value(all.event, "event");
    for (const [k, v] of Object.entries(all)) {
      if (k === "event" || v === undefined) continue;
      line[reserved.has(k) ? `${k}_` : k] = redactor.value(v, k);
    }
    options.write(JSON.stringify(line));
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => make(options, redactor, { ...base, ...fields }),
    redactAlso: (values) => redactor.add(values),
  };
}
