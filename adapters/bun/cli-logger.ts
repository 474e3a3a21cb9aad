/**
 * The CLI's logger: JSON lines on stderr with secrets redacted. On a terminal only warnings and
 * errors are logged (the progress display speaks for the rest) unless `--verbose`; elsewhere
 * (CI, pipes, schedulers) every info line is kept.
 */
import { createJsonLogger, type JsonLogger } from "../../runtime/log/json-logger.ts";

export type CliLogger = JsonLogger & { addSecrets(values: Iterable<string>): void };

export function cliLogger(o: { verbose: boolean; tty: boolean }): CliLogger {
  const logger = createJsonLogger({
    write: (line) => process.stderr.write(line + "\n"),
    level: o.verbose ? "debug" : o.tty ? "warn" : "info",
    redact: [],
  });
  return Object.assign(logger, { addSecrets: (values: Iterable<string>) => logger.redactAlso(values) });
}
