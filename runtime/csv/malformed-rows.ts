/**
 * MalformedRows: how both CSV tokenizers report a malformed record — thrown as
 * `source.malformed` in strict mode, otherwise an Issue naming the file and line, listing the
 * first `maxIssues` and summing up the rest once at the end — so their findings are identical.
 */
import { IngestError } from "../errors.ts";
import { showValue, type Issue } from "../rule.ts";

export class MalformedRows {
  private count = 0;
  private firstUnreported = 0;

  constructor(
    private readonly origin: string,
    private readonly strict: boolean,
    private readonly maxIssues: number,
  ) {}

  /** Records one malformed record into `issues` (the current batch's), or throws in strict mode. */
  report(issues: Issue[], startLine: number, problem: string, raw: string): void {
    const origin = this.origin;
    this.count++;
    if (this.strict) {
      throw new IngestError(
        "source.malformed",
        `${origin}: line ${startLine} is malformed: ${problem}; fix the file, or run in warn mode to skip such rows`,
        { origin, line: startLine, value: showValue(raw) },
      );
    }
    const text = raw.replace(/[\r\n]+$/, "");
    if (this.count <= this.maxIssues) {
      issues.push({ kind: "malformed_row", origin, line: startLine, value: showValue(text), message: `${origin}: line ${startLine}: ${problem}; the row is skipped` });
    } else if (this.firstUnreported === 0) {
      this.firstUnreported = startLine;
    }
  }

  /** The closing finding when more records were malformed than were listed. */
  summary(): Issue | undefined {
    if (this.count <= this.maxIssues) return undefined;
    const { origin, maxIssues, firstUnreported } = this;
    return {
      kind: "malformed_row",
      origin,
      line: firstUnreported,
      message: `${origin}: ${this.count - maxIssues} more malformed rows from line ${firstUnreported} on were skipped (only the first ${maxIssues} are listed)`,
    };
  }
}
