/**
 * RestError: a failure that the REST layer answers with the spec's `IcebergErrorResponse`
 * envelope, `{ error: { message, type, code } }` (rest-catalog-open-api.yaml, "ErrorModel").
 * `type` is the Java exception's simple name, because clients switch on it (Java
 * ErrorHandlers, pyiceberg, iceberg-js `isCommitStateUnknown`).
 */
import { isIngestError, type ErrorCode } from "../runtime/errors.ts";
import type { components } from "./iceberg-rest-types.ts";

export class RestError extends Error {
  readonly status: number;
  readonly type: string;

  constructor(status: number, type: string, message: string) {
    super(message);
    this.name = "RestError";
    this.status = status;
    this.type = type;
  }
}

export const badRequest = (message: string): RestError => new RestError(400, "BadRequestException", message);

/** IngestError code → (status, type), as the reference fixture's EXCEPTION_ERROR_CODES maps them. */
const byCode: Partial<Record<ErrorCode, [number, string]>> = {
  "catalog.no_such_namespace": [404, "NoSuchNamespaceException"],
  "catalog.no_such_table": [404, "NoSuchTableException"],
  "catalog.already_exists": [409, "AlreadyExistsException"],
  "catalog.namespace_not_empty": [409, "NamespaceNotEmptyException"],
  "catalog.commit_conflict": [409, "CommitFailedException"],
  "catalog.commit_state_unknown": [500, "CommitStateUnknownException"],
  "catalog.bad_request": [400, "BadRequestException"],
  "config.invalid": [400, "BadRequestException"],
  "catalog.unauthorized": [401, "NotAuthorizedException"],
  "catalog.forbidden": [403, "ForbiddenException"],
  "catalog.unsupported": [406, "UnsupportedOperationException"],
  "catalog.unreachable": [503, "ServiceUnavailableException"],
  "store.unreachable": [503, "ServiceUnavailableException"],
};

/**
 * Maps any thrown value to a RestError. On commit routes an unexpected failure means the
 * outcome is unknown: the spec says clients must then not clean up their files, so it is
 * reported as 500 CommitStateUnknownException rather than a plain server error.
 */
export function restErrorOf(e: unknown, options: { commit?: boolean } = {}): RestError {
  if (e instanceof RestError) return e;
  if (isIngestError(e)) {
    const mapped = byCode[e.code];
    if (mapped) return new RestError(mapped[0], mapped[1], e.message);
  }
  const message = e instanceof Error ? e.message : String(e);
  if (options.commit) return new RestError(500, "CommitStateUnknownException", `commit outcome unknown: ${message}`);
  return new RestError(500, "ServiceFailureException", `internal server error: ${message}`);
}

export function errorEnvelope(e: RestError): components["schemas"]["IcebergErrorResponse"] {
  return { error: { message: e.message, type: e.type, code: e.status } };
}
