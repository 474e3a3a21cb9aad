/**
 * Driver errors → IngestError for the SQL sources. Codes decide retryability (runtime/errors.ts);
 * messages name the server, the user, the object and the fix, and never carry a password.
 */
import { IngestError, isIngestError } from "../../runtime/errors.ts";

export interface ServerRef {
  /** `postgres` or `mysql`. */
  kind: string;
  host: string;
  port: number;
  user?: string;
  database?: string;
  /** Removed from any message that would otherwise echo it. */
  password?: string;
}

const unreachableCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNRESET",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "PROTOCOL_CONNECTION_LOST",
]);

/** SQLSTATE classes and MySQL error numbers that mean "bad login". */
const authCodes = new Set(["28P01", "28000", "ER_ACCESS_DENIED_ERROR", "ER_DBACCESS_DENIED_ERROR", "ER_NOT_SUPPORTED_AUTH_MODE", "42501", "ER_TABLEACCESS_DENIED_ERROR", "ER_COLUMNACCESS_DENIED_ERROR"]);
const notFoundCodes = new Set(["3D000", "3F000", "42P01", "42703", "ER_BAD_DB_ERROR", "ER_NO_SUCH_TABLE", "ER_BAD_FIELD_ERROR"]);

function redact(text: string, server: ServerRef): string {
  return server.password ? text.split(server.password).join("***") : text;
}

export function driverMessage(e: unknown): string {
  const err = e as { message?: string; sqlMessage?: string };
  return err?.sqlMessage ?? err?.message ?? String(e);
}

/**
 * `what` names the operation and object: "reading `dbt3.lineitem`", "discovering `orders`".
 */
export function sqlError(e: unknown, server: ServerRef, what: string): IngestError {
  if (isIngestError(e)) return e;
  const err = e as { code?: string; errno?: number; name?: string };
  const code = String(err?.code ?? "");
  const where = `${server.kind} at ${server.host}:${server.port}`;
  const msg = redact(driverMessage(e), server);
  const details = { host: server.host, port: server.port, user: server.user, database: server.database, driverCode: code };
  if (unreachableCodes.has(code) || /^E(CONN|HOST|NET|AI_)/.test(code)) {
    return new IngestError(
      "source.unreachable",
      `${where} is unreachable while ${what} (${code || msg}); check the connection's \`host\` and \`port\` and that the server is running`,
      details,
      { cause: e },
    );
  }
  if (authCodes.has(code)) {
    return new IngestError(
      "source.auth",
      `${where} rejected user \`${server.user ?? "?"}\` while ${what}: ${msg}; check the connection's \`user\` and \`password\` (or the secret that holds them) and the user's grants`,
      details,
    );
  }
  if (notFoundCodes.has(code)) {
    return new IngestError(
      "source.not_found",
      `${where}: ${msg} while ${what}; check the table, column and database names in the job (\`source.tables\`, \`cursor_field\`, \`connection.database\`)`,
      details,
    );
  }
  return new IngestError("source.query_failed", `${where} failed while ${what}: ${msg}${code ? ` (${code})` : ""}; fix the query or the data it reads, then rerun`, details, {
    cause: e,
  });
}
