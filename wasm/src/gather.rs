//! The text columns of a tokenized CSV chunk, gathered into Arrow's UTF-8 layout (one buffer of
//! bytes and n + 1 offsets), so that no cell becomes a JS value or is copied byte by byte in JS.
//!
//! A cell is null when it is unquoted and its bytes equal one of the null tokens (a quoted `""`
//! is the empty string, not null: RFC 4180 has no null, and this is the rule of
//! `runtime/csv/csv-tokenizer.ts`); a quoted cell's `""` pairs stand for one quote each (RFC 4180
//! §2 rule 7).

use crate::csv::{ESCAPED, QUOTED};
use crate::parse::Stride;

/// Null tokens, concatenated: token i is `data[offsets[i]..offsets[i + 1]]`.
pub struct NullTokens<'a> {
    pub data: &'a [u8],
    pub offsets: &'a [i32],
}

impl NullTokens<'_> {
    fn longest(&self) -> Option<usize> {
        self.offsets.windows(2).map(|w| (w[1] - w[0]) as usize).max()
    }

    fn contains(&self, value: &[u8]) -> bool {
        self.offsets.windows(2).any(|w| &self.data[w[0] as usize..w[1] as usize] == value)
    }
}

/// One gathered column: `offsets` has rows + 1 entries, the first `base`; `valid` rows entries.
pub struct TextOut<'a> {
    pub bytes: &'a mut [u8],
    pub offsets: &'a mut [i32],
    pub valid: &'a mut [u8],
    pub base: i32,
}

/// Gathers the cells of one column (`stride` over fields in record order) into `out`; returns
/// the number of bytes written (never more than the cells' own bytes), or None when a field lies
/// outside `data` or the cells do not fit `out.bytes` (fields that overlap: the tokenizer's never do).
pub fn gather_text(data: &[u8], starts: &[i32], ends: &[i32], flags: &[u8], stride: Stride, quote: u8, nulls: &NullTokens, out: TextOut) -> Option<usize> {
    let longest_null = nulls.longest();
    let rows = out.valid.len();
    let mut size = 0usize;
    out.offsets[0] = out.base;
    for r in 0..rows {
        let f = stride.first + r * stride.step;
        let (s, e, fl) = (starts[f] as usize, ends[f] as usize, flags[f]);
        if s > e || e > data.len() || size + (e - s) > out.bytes.len() {
            return None;
        }
        let short = matches!(longest_null, Some(n) if e - s <= n);
        let null = fl & QUOTED == 0 && short && nulls.contains(&data[s..e]);
        if null {
            out.valid[r] = 0;
        } else {
            out.valid[r] = 1;
            if fl & ESCAPED != 0 {
                let mut i = s;
                while i < e {
                    let b = data[i];
                    out.bytes[size] = b;
                    size += 1;
                    i += if b == quote { 2 } else { 1 };
                }
            } else {
                out.bytes[size..size + e - s].copy_from_slice(&data[s..e]);
                size += e - s;
            }
        }
        out.offsets[r + 1] = out.base + size as i32;
    }
    Some(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gathers_one_column_unescaping_quotes_and_nulling_unquoted_tokens() {
        // Records: [a, "x""y"], [NULL, "NULL"], [, ""] — fields in record order.
        let data = b"a,\"x\"\"y\"\nNULL,\"NULL\"\n,\"\"\n";
        let starts = [0, 3, 9, 15, 21, 23];
        let ends = [1, 7, 13, 19, 21, 23];
        let flags = [0, QUOTED | ESCAPED, 0, QUOTED, 0, QUOTED];
        let (tokens, token_offsets) = (b"NULL", [0, 0, 4]);
        let nulls = NullTokens { data: tokens, offsets: &token_offsets };
        let mut bytes = [0u8; 16];
        let (mut offsets, mut valid) = ([0i32; 4], [9u8; 3]);
        let out = TextOut { bytes: &mut bytes, offsets: &mut offsets, valid: &mut valid, base: 10 };
        let n = gather_text(data, &starts, &ends, &flags, Stride { first: 0, step: 2 }, b'"', &nulls, out).unwrap();
        assert_eq!((n, &bytes[..n], offsets, valid), (1, &b"a"[..], [10, 11, 11, 11], [1, 0, 0]));
        let out = TextOut { bytes: &mut bytes, offsets: &mut offsets, valid: &mut valid, base: 0 };
        let n = gather_text(data, &starts, &ends, &flags, Stride { first: 1, step: 2 }, b'"', &nulls, out).unwrap();
        assert_eq!((n, &bytes[..n], offsets, valid), (7, &b"x\"yNULL"[..], [0, 3, 7, 7], [1, 1, 1]));
    }

    #[test]
    fn without_tokens_nothing_is_null() {
        let nulls = NullTokens { data: b"", offsets: &[0] };
        let mut bytes = [0u8; 4];
        let (mut offsets, mut valid) = ([0i32; 2], [9u8; 1]);
        let out = TextOut { bytes: &mut bytes, offsets: &mut offsets, valid: &mut valid, base: 0 };
        assert_eq!(gather_text(b"", &[0], &[0], &[0], Stride { first: 0, step: 1 }, b'"', &nulls, out), Some(0));
        assert_eq!(valid, [1]);
    }

    #[test]
    fn refuses_fields_outside_the_data_or_beyond_the_room() {
        let nulls = NullTokens { data: b"", offsets: &[0] };
        let mut bytes = [0u8; 2];
        let (mut offsets, mut valid) = ([0i32; 3], [0u8; 2]);
        let out = TextOut { bytes: &mut bytes, offsets: &mut offsets, valid: &mut valid, base: 0 };
        // The same two bytes twice need four bytes of room.
        assert_eq!(gather_text(b"ab", &[0, 0], &[2, 2], &[0, 0], Stride { first: 0, step: 1 }, b'"', &nulls, out), None);
        let out = TextOut { bytes: &mut bytes, offsets: &mut offsets[..2], valid: &mut valid[..1], base: 0 };
        assert_eq!(gather_text(b"ab", &[1], &[3], &[0], Stride { first: 0, step: 1 }, b'"', &nulls, out), None);
    }
}
