/**
 * The careful path of the CSV tokenizer: one record read character by character, for lines with
 * quotes, lone CRs, or an end that the chunk has not reached yet (RFC 4180 §2 rules 5–7).
 * Malformed input is described in `problem`, never thrown (csv-tokenizer.ts explains the rules).
 */

const LF = 10;
const CR = 13;

/** The result of `readRecord`, reused between calls to avoid an object per record. */
export interface SlowRecord {
  fields: (string | null)[];
  /** Index just after the record and its line break. */
  next: number;
  /** Line breaks consumed, inside quotes and the terminator. */
  newlines: number;
  problem: string | undefined;
  /** An empty line (skipped by the tokenizer). */
  blank: boolean;
}

/** Counts line breaks in text[a, b): CRLF, LF and lone CR each count once. */
function countBreaks(text: string, a: number, b: number): number {
  let k = 0;
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) k++;
    else if (c === CR && text.charCodeAt(i + 1) !== LF) k++;
  }
  return k;
}

/**
 * Reads one record starting at `pos` character by character into `out`. Returns false when the
 * text ends before the record provably does (more input may change it). `isNull` is applied to
 * unquoted cells; pass none for the header.
 */
export function readRecord(text: string, pos: number, final: boolean, D: number, Q: number, isNull: ((v: string) => boolean) | undefined, out: SlowRecord): boolean {
  const quote = String.fromCharCode(Q);
  const n = text.length;
  const fields: (string | null)[] = [];
  let i = pos;
  let newlines = 0;
  let problem: string | undefined;
  for (;;) {
    let value: string;
    let quoted = false;
    if (i < n && text.charCodeAt(i) === Q) {
      quoted = true;
      let parts = "";
      let j = i + 1;
      for (;;) {
        const k = text.indexOf(quote, j);
        if (k === -1) {
          if (!final) return false;
          problem ??= "unterminated quoted field at end of input";
          newlines += countBreaks(text, j, n);
          parts += text.slice(j, n);
          j = n;
          break;
        }
        newlines += countBreaks(text, j, k);
        if (k + 1 >= n && !final) return false;
        if (text.charCodeAt(k + 1) === Q) {
          parts += text.slice(j, k + 1);
          j = k + 2;
          continue;
        }
        parts += text.slice(j, k);
        j = k + 1;
        break;
      }
      i = j;
      // After the closing quote only a delimiter or a line end may follow.
      let extra = i;
      while (extra < n) {
        const c = text.charCodeAt(extra);
        if (c === D || c === LF || c === CR) break;
        extra++;
      }
      if (extra > i) {
        problem ??= "text after a closing quote";
        parts += text.slice(i, extra);
        i = extra;
      }
      value = parts;
    } else {
      const start = i;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === D || c === LF || c === CR) break;
        if (c === Q) problem ??= "a quote inside an unquoted field";
        i++;
      }
      value = text.slice(start, i);
    }
    if (i >= n && !final) return false;
    fields.push(!quoted && isNull !== undefined && isNull(value) ? null : value);
    if (i >= n) {
      out.next = n;
      break;
    }
    const c = text.charCodeAt(i);
    if (c === D) {
      i++;
      continue;
    }
    if (c === CR) {
      if (i + 1 >= n && !final) return false;
      i += text.charCodeAt(i + 1) === LF ? 2 : 1;
    } else {
      i++;
    }
    newlines++;
    out.next = i;
    break;
  }
  out.fields = fields;
  out.newlines = newlines;
  out.problem = problem;
  const first = text.charCodeAt(pos);
  out.blank = first === LF || first === CR;
  return true;
}
