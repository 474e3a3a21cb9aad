/** JSON log lines on the Worker's console, which Workers Logs and `wrangler tail` collect. */
import { createJsonLogger, type JsonLogger } from "../../runtime/log/json-logger.ts";

export function workerLogger(): JsonLogger {
  return createJsonLogger({ write: (line) => console.log(line), level: "info", redact: [] });
}
