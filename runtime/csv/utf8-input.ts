/**
 * The bytes the kernel tokenizer scans: the input as UTF-8, exactly as `TextDecoder` would read
 * it (WHATWG Encoding §10: the BOM dropped, each invalid sequence one U+FFFD). Valid input is
 * passed through untouched; from the first invalid sequence on, the decoded text is re-encoded,
 * so the kernels see the same characters runtime/csv's text tokenizer sees.
 */
const BOM = [0xef, 0xbb, 0xbf];

export interface Utf8Input {
  push(chunk: Uint8Array): Uint8Array;
  end(): Uint8Array;
}

export function utf8Input(): Utf8Input {
  const decoder = new TextDecoder("utf-8");
  const encoder = new TextEncoder();
  let held = new Uint8Array(0);
  let reencode = false;
  let started = false;

  function next(chunk: Uint8Array, final: boolean): Uint8Array {
    if (!reencode && held.length === 0 && started && isAscii(chunk)) {
      // ASCII is valid UTF-8 and leaves the decoder where it was: nothing to decode.
      return chunk;
    }
    const text = decoder.decode(chunk, { stream: !final });
    if (reencode || text.includes("\uFFFD")) {
      reencode = true;
      started = true;
      return encoder.encode(text);
    }
    let all = chunk;
    if (held.length > 0) {
      all = new Uint8Array(held.length + chunk.length);
      all.set(held);
      all.set(chunk, held.length);
    }
    // The decoder holds back the start of a sequence the chunk cuts; so do we.
    const keep = final ? 0 : incompleteTail(all);
    held = all.slice(all.length - keep);
    let out = all.subarray(0, all.length - keep);
    // A cut BOM is an incomplete sequence, so it arrives here whole.
    if (!started && out.length > 0) {
      started = true;
      if (out[0] === BOM[0] && out[1] === BOM[1] && out[2] === BOM[2]) out = out.subarray(3);
    }
    return out;
  }

  return {
    push: (chunk) => next(chunk, false),
    end: () => next(new Uint8Array(0), true),
  };
}

/** Bytes at the end of `b` that start a multi-byte sequence the buffer does not complete. */
function incompleteTail(b: Uint8Array): number {
  const n = b.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const c = b[n - k]!;
    if (c < 0x80) return 0;
    if (c >= 0xc0) {
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return need > k ? k : 0;
    }
  }
  return 0;
}

function isAscii(b: Uint8Array): boolean {
  let i = 0;
  const n = b.length;
  const head = Math.min(n, (4 - (b.byteOffset & 3)) & 3);
  for (; i < head; i++) if (b[i]! & 0x80) return false;
  const words = (n - i) >> 2;
  if (words > 0) {
    const w = new Uint32Array(b.buffer, b.byteOffset + i, words);
    let or = 0;
    for (let j = 0; j < words; j++) or |= w[j]!;
    if (or & 0x80808080) return false;
    i += words * 4;
  }
  for (; i < n; i++) if (b[i]! & 0x80) return false;
  return true;
}
