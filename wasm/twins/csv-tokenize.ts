/**
 * RFC 4180 field boundaries, resumable across chunk edges: the twin of `src/csv.rs` (read its
 * header for the carry protocol and the leniencies beyond the RFC).
 */
import { type CsvFields, type CsvState, type CsvTokenizeOptions, CsvFlag } from "../kernels.ts";

const CR = 13;
const LF = 10;
const AT_START = 0;
const UNQUOTED = 1;
const IN_QUOTES = 2;
const QUOTE_SEEN = 3;
const AFTER_QUOTES = 4;
const STRAY_QUOTE = 5;

export function csvTokenize(buf: Uint8Array, state: CsvState, options: CsvTokenizeOptions = {}): CsvFields {
  const delim = options.delimiter ?? 44;
  const quote = options.quote ?? 34;
  const len = buf.length;
  const starts = new Int32Array(len + 1);
  const ends = new Int32Array(len + 1);
  const flags = new Uint8Array(len + 1);
  let n = 0;
  let fieldStart = 0;
  let consumed = 0;
  let i = state.scanned;
  let phase = state.phase;
  let escaped = state.escaped;
  let inRecord = state.inRecord;
  let skipLf = state.skipLf;
  if (skipLf && len > 0) {
    if (buf[0] === LF) {
      fieldStart = 1;
      consumed = 1;
      i = 1;
    }
    skipLf = false;
  }

  const terminate = (t: number, s: number, e: number, f: number) => {
    const c = buf[t];
    let next: number;
    if (c === delim) {
      inRecord = true;
      next = t + 1;
    } else {
      f |= CsvFlag.recordEnd;
      inRecord = false;
      if (c === CR) {
        if (t + 1 < len) next = buf[t + 1] === LF ? t + 2 : t + 1;
        else {
          next = t + 1;
          skipLf = true;
        }
      } else next = t + 1;
    }
    starts[n] = s;
    ends[n] = e;
    flags[n] = f;
    n++;
    fieldStart = next;
    consumed = next;
    i = next;
    phase = AT_START;
    escaped = false;
  };

  while (i < len) {
    if (phase === AT_START) {
      if (buf[i] === quote) {
        phase = IN_QUOTES;
        i++;
      } else phase = UNQUOTED;
    } else if (phase === UNQUOTED || phase === STRAY_QUOTE || phase === AFTER_QUOTES) {
      let j = i;
      const stop = phase === UNQUOTED ? quote : delim;
      while (j < len) {
        const c = buf[j];
        if (c === delim || c === LF || c === CR || c === stop) break;
        j++;
      }
      if (j === len) i = len;
      else if (phase === UNQUOTED && buf[j] === quote) {
        phase = STRAY_QUOTE;
        i = j + 1;
      } else if (phase === UNQUOTED) terminate(j, fieldStart, j, 0);
      else if (phase === STRAY_QUOTE) terminate(j, fieldStart, j, CsvFlag.malformed);
      else terminate(j, fieldStart + 1, j, CsvFlag.quoted | CsvFlag.malformed | (escaped ? CsvFlag.escaped : 0));
    } else if (phase === IN_QUOTES) {
      const j = buf.indexOf(quote, i);
      if (j < 0) i = len;
      else {
        phase = QUOTE_SEEN;
        i = j + 1;
      }
    } else {
      const c = buf[i];
      if (c === quote) {
        escaped = true;
        phase = IN_QUOTES;
        i++;
      } else if (c === delim || c === LF || c === CR) {
        terminate(i, fieldStart + 1, i - 1, CsvFlag.quoted | (escaped ? CsvFlag.escaped : 0));
      } else phase = AFTER_QUOTES;
    }
  }

  if (options.last) {
    const esc = escaped ? CsvFlag.escaped : 0;
    let field: [number, number, number] | null = null;
    if (phase === UNQUOTED) field = [fieldStart, len, 0];
    else if (phase === IN_QUOTES) field = [fieldStart + 1, len, CsvFlag.quoted | CsvFlag.malformed | esc];
    else if (phase === QUOTE_SEEN) field = [fieldStart + 1, len - 1, CsvFlag.quoted | esc];
    else if (phase === AFTER_QUOTES) field = [fieldStart + 1, len, CsvFlag.quoted | CsvFlag.malformed | esc];
    else if (phase === STRAY_QUOTE) field = [fieldStart, len, CsvFlag.malformed];
    else if (inRecord) field = [len, len, 0];
    if (field) {
      starts[n] = field[0];
      ends[n] = field[1];
      flags[n] = field[2] | CsvFlag.recordEnd;
      n++;
    }
    return {
      count: n,
      starts: starts.subarray(0, n),
      ends: ends.subarray(0, n),
      flags: flags.subarray(0, n),
      consumed: len,
      state: { scanned: 0, phase: 0, inRecord: false, skipLf: false, escaped: false },
    };
  }
  return {
    count: n,
    starts: starts.subarray(0, n),
    ends: ends.subarray(0, n),
    flags: flags.subarray(0, n),
    consumed,
    state: { scanned: len - consumed, phase, inRecord, skipLf, escaped },
  };
}
