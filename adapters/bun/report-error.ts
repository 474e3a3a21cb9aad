/**
 * How a failed command ends: the error's message (which names the thing, the value and the fix)
 * on stderr, or a JSON object with `--json`, and exit code 2. Unexpected errors say so and keep
 * their stack in the log only.
 */
import { IngestError } from "../../runtime/errors.ts";
import type { Logger } from "../../runtime/logger.ts";
import { describeIssue } from "../../runtime/job/run-job.ts";
import type { Issue } from "../../runtime/rule.ts";

export function reportError(e: unknown, o: { json: boolean; logger: Logger; redact?: (text: string) => string }): number {
  const redact = o.redact ?? ((t: string) => t);
  const known = e instanceof IngestError;
  const message = redact(known ? e.message : `unexpected error: ${(e as Error)?.message ?? String(e)}`);
  const code = known ? e.code : "internal";
  const issues = ((e as { issues?: Issue[] }).issues ?? []).slice(0, 100);
  o.logger.error(message, { event: "job_error", code, stack: known ? undefined : (e as Error)?.stack });
  if (o.json) {
    process.stdout.write(JSON.stringify({ status: "failed", exitCode: 2, code, message, issues }) + "\n");
  } else {
    process.stderr.write(`dativo: ${message}\n`);
    if (code !== "contract.violation" && issues.length > 0) {
      for (const i of issues.slice(0, 5)) process.stderr.write(`  ${redact(describeIssue(i))}\n`);
    }
  }
  return 2;
}
