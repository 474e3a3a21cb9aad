/**
 * PII detection: the twin of `src/pii/mod.rs` (its header states the rules). Works on UTF-8
 * bytes so that both sides see the same positions.
 */
import { type PiiKind, type PiiScan, piiKinds, type StringColumn, type Validity } from "../kernels.ts";
import { type Bytes, hasCard, hasEmail, hasIban, hasIpv4, hasIpv6, hasPhone, hasSsn } from "./pii-rules.ts";

/**
 * Which kinds `s[b, e)` contains, as a bit set over the indexes of `piiKinds`. The byte counts
 * are necessary conditions (a card needs 13 digits …) that let most values skip most scanners;
 * so is a token of digits only, which phone, card, SSN and IPv4 matches all begin with.
 */
export function scanValue(s: Bytes, b: number, e: number): number {
  let at = 0;
  let digits = 0;
  let colons = 0;
  let dots = 0;
  let dashes = 0;
  let upper = 0;
  // 0: between tokens, 1: in a token of digits only, 2: in a token with a letter.
  let token = 0;
  let digitToken = false;
  for (let k = b; k < e; k++) {
    const c = s[k]!;
    if (c >= 48 && c <= 57) {
      digits++;
      if (token === 0) token = 1;
    } else if (c >= 65 && c <= 90) {
      upper++;
      token = 2;
    } else if (c >= 97 && c <= 122) {
      token = 2;
    } else {
      if (token === 1) digitToken = true;
      token = 0;
      if (c === 64) at++;
      else if (c === 58) colons++;
      else if (c === 46) dots++;
      else if (c === 45) dashes++;
    }
  }
  if (token === 1) digitToken = true;
  let found = 0;
  if (at > 0 && hasEmail(s, b, e)) found |= 1;
  if (digitToken && digits >= 8 && hasPhone(s, b, e)) found |= 2;
  if (digitToken && digits >= 13 && hasCard(s, b, e)) found |= 4;
  if (digits >= 2 && upper >= 2 && e - b >= 15 && hasIban(s, b, e)) found |= 8;
  if (digitToken && digits >= 9 && dashes >= 2 && hasSsn(s, b, e)) found |= 16;
  if (digitToken && digits >= 4 && dots >= 3 && hasIpv4(s, b, e)) found |= 32;
  if (colons >= 2 && hasIpv6(s, b, e)) found |= 64;
  return found;
}

export function emptyScan(): PiiScan {
  const counts = {} as Record<PiiKind, number>;
  const samples = {} as Record<PiiKind, number[]>;
  for (const k of piiKinds) {
    counts[k] = 0;
    samples[k] = [];
  }
  return { counts, samples };
}

export function piiScan(column: StringColumn, validity: Validity, samplesPerKind = 5): PiiScan {
  const { data, offsets } = column;
  const result = emptyScan();
  for (let i = 0; i < offsets.length - 1; i++) {
    if (validity && validity[i] !== 1) continue;
    const found = scanValue(data, offsets[i]!, offsets[i + 1]!);
    if (found === 0) continue;
    for (let k = 0; k < piiKinds.length; k++) {
      if (found & (1 << k)) {
        const kind = piiKinds[k]!;
        if (result.counts[kind] < samplesPerKind) result.samples[kind].push(i);
        result.counts[kind]++;
      }
    }
  }
  return result;
}
