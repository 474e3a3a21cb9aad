/**
 * IngestError: the one error class of the runtime. Retryability and exit codes are decided by the
 * `code`, never by matching message text (DESIGN.md, "Nine concepts").
 *
 * Messages name the thing, the value and the fix:
 *   `stripe returned 401 for stream \`charges\`; check secret \`STRIPE_API_KEY\``
 */

/** Process exit codes, as the original platform defines them (config-format.md §11.2). */
export const ExitCode = {
  /** Success, including a run that found nothing new. */
  success: 0,
  /** Partial success: warn mode wrote the valid rows and reported the rest. */
  partial: 1,
  /** Failure: nothing was committed. */
  failure: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorCode =
  // configuration and input
  | "config.invalid"
  | "config.not_found"
  | "secret.missing"
  | "source.not_found"
  | "source.malformed"
  | "source.auth"
  | "source.unreachable"
  | "source.query_failed"
  | "source.rate_limited"
  | "source.server_error"
  | "contract.violation"
  // another run moved the stream's cursor while this one ran
  | "state.conflict"
  // storage
  | "store.not_found"
  | "store.precondition_failed"
  | "store.unreachable"
  | "store.denied"
  | "store.io"
  // catalog, with the REST spec's exception types in mind
  | "catalog.no_such_namespace"
  | "catalog.no_such_table"
  | "catalog.already_exists"
  | "catalog.namespace_not_empty"
  | "catalog.commit_conflict"
  | "catalog.commit_state_unknown"
  | "catalog.bad_request"
  | "catalog.unauthorized"
  | "catalog.forbidden"
  | "catalog.unsupported"
  | "catalog.unreachable"
  // everything else
  | "cancelled"
  | "internal";

const retryable: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "source.unreachable",
  "source.rate_limited",
  "source.server_error",
  "store.unreachable",
  "catalog.commit_conflict",
  "catalog.unreachable",
]);

export class IngestError extends Error {
  readonly code: ErrorCode;
  /** Extra structured context (never secrets): file, path, value, status … */
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "IngestError";
    this.code = code;
    this.details = details;
  }

  get retryable(): boolean {
    return retryable.has(this.code);
  }
}

export function isIngestError(e: unknown, code?: ErrorCode): e is IngestError {
  return e instanceof IngestError && (code === undefined || e.code === code);
}

/** The exit code a failure maps to: every failure is 2; 1 is reserved for partial success. */
export function exitCodeFor(_e: unknown): ExitCode {
  return ExitCode.failure;
}
